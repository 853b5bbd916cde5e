package api_test

// guestMatrix states by hand who may use the guest routes
// (docs/booking.md); see accessMatrix for the columns.
var guestMatrix = map[string]row{
	// Columns: anonymous, system_admin, hotel_manager, front_desk, housekeeping, accountant, auditor.
	"GET /api/v1/guests":             {unauth, pass, pass, pass, forbid, pass, pass},
	"POST /api/v1/guests":            {unauth, pass, pass, pass, forbid, forbid, forbid},
	"GET /api/v1/guests/{id}":        {unauth, pass, pass, pass, forbid, pass, pass},
	"PATCH /api/v1/guests/{id}":      {unauth, pass, pass, pass, forbid, forbid, forbid},
	"GET /api/v1/guests/{id}/stays":  {unauth, pass, pass, pass, forbid, pass, pass},
	"POST /api/v1/guests/{id}/merge": {unauth, pass, pass, pass, forbid, forbid, forbid},
}
