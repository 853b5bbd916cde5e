package api_test

// bookingMatrix states by hand who may use the booking routes
// (docs/booking.md); see accessMatrix for the columns.
var bookingMatrix = map[string]access{}
