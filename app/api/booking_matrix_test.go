package api_test

// bookingMatrix states by hand who may use the booking routes
// (docs/booking.md); see accessMatrix for the columns.
var bookingMatrix = map[string]row{
	// Columns: anonymous, system_admin, hotel_manager, front_desk, housekeeping, accountant, auditor.
	"GET /api/v1/hotels/{id}/availability":           {unauth, pass, pass, pass, forbid, pass, pass},
	"POST /api/v1/reservations":                      {unauth, pass, pass, pass, forbid, forbid, forbid},
	"GET /api/v1/reservations":                       {unauth, pass, pass, pass, forbid, pass, pass},
	"GET /api/v1/reservations/{id}":                  {unauth, pass, pass, pass, forbid, pass, pass},
	"PATCH /api/v1/reservations/{id}":                {unauth, pass, pass, pass, forbid, forbid, forbid},
	"POST /api/v1/reservations/{id}/modify-quote":    {unauth, pass, pass, pass, forbid, forbid, forbid},
	"GET /api/v1/reservations/{id}/cancellation-fee": {unauth, pass, pass, pass, forbid, pass, pass},
	"POST /api/v1/reservations/{id}/cancel":          {unauth, pass, pass, pass, forbid, forbid, forbid},
	"POST /api/v1/reservations/{id}/confirm":         {unauth, pass, pass, pass, forbid, forbid, forbid},
	"POST /api/v1/reservations/{id}/assign":          {unauth, pass, pass, pass, forbid, forbid, forbid},
	"POST /api/v1/reservations/{id}/check-in":        {unauth, pass, pass, pass, forbid, forbid, forbid},
	"POST /api/v1/reservations/{id}/check-out":       {unauth, pass, pass, pass, forbid, forbid, forbid},
	"POST /api/v1/reservations/{id}/no-show":         {unauth, pass, pass, pass, forbid, forbid, forbid},
	"POST /api/v1/reservations/{id}/reinstate":       {unauth, pass, pass, pass, forbid, forbid, forbid},
	"POST /api/v1/reservations/{id}/new-code":        {unauth, pass, pass, pass, forbid, forbid, forbid},
	"GET /api/v1/hotels/{id}/conflicts":              {unauth, pass, pass, pass, forbid, pass, pass},
	"POST /api/v1/hotels/{id}/night-audit":           {unauth, pass, pass, pass, forbid, forbid, forbid},
	"POST /api/v1/demo":                              {unauth, pass, pass, forbid, forbid, forbid, forbid},
	"GET /api/v1/hotels/{id}/tape-chart":             {unauth, pass, pass, pass, forbid, pass, pass},

	// Price control is the manager's (pricing.approve): the front desk gets 403.
	"POST /api/v1/reservations/{id}/price":       {unauth, pass, pass, forbid, forbid, forbid, forbid},
	"POST /api/v1/reservations/{id}/price-quote": {unauth, pass, pass, forbid, forbid, forbid, forbid},
	"POST /api/v1/hotels/{id}/price-quote":       {unauth, pass, pass, forbid, forbid, forbid, forbid},
}
