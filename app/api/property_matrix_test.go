package api_test

// propertyMatrix states by hand who may use the property routes
// (docs/booking.md); see accessMatrix for the columns.
var propertyMatrix = map[string]access{}
