package api_test

// guestMatrix states by hand who may use the guest routes
// (docs/booking.md); see accessMatrix for the columns.
var guestMatrix = map[string]access{}
