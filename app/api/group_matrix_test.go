package api_test

// groupMatrix states by hand who may use the group and block routes
// (docs/booking.md "Groups and blocks"); see accessMatrix for the columns.
var groupMatrix = map[string]row{
	// Columns: anonymous, system_admin, hotel_manager, front_desk, housekeeping, accountant, auditor.
	"GET /api/v1/hotels/{id}/groups":        {unauth, pass, pass, pass, forbid, pass, pass},
	"GET /api/v1/groups/{id}":               {unauth, pass, pass, pass, forbid, pass, pass},
	"PATCH /api/v1/groups/{id}":             {unauth, pass, pass, pass, forbid, forbid, forbid},
	"POST /api/v1/groups/{id}/check-in":     {unauth, pass, pass, pass, forbid, forbid, forbid},
	"POST /api/v1/groups/{id}/cancel-quote": {unauth, pass, pass, pass, forbid, pass, pass},
	"POST /api/v1/groups/{id}/cancel":       {unauth, pass, pass, pass, forbid, forbid, forbid},
	"POST /api/v1/groups/{id}/move-quote":   {unauth, pass, pass, pass, forbid, forbid, forbid},
	"POST /api/v1/groups/{id}/move":         {unauth, pass, pass, pass, forbid, forbid, forbid},
	"GET /api/v1/hotels/{id}/blocks":        {unauth, pass, pass, pass, forbid, pass, pass},
	"POST /api/v1/hotels/{id}/blocks":       {unauth, pass, pass, pass, forbid, forbid, forbid},
	"GET /api/v1/blocks/{id}":               {unauth, pass, pass, pass, forbid, pass, pass},
	"PATCH /api/v1/blocks/{id}":             {unauth, pass, pass, pass, forbid, forbid, forbid},
	"POST /api/v1/blocks/{id}/release":      {unauth, pass, pass, pass, forbid, forbid, forbid},
	"DELETE /api/v1/blocks/{id}":            {unauth, pass, pass, pass, forbid, forbid, forbid},
}

// groupPassStatus is what the group and block routes answer a caller the
// guard let through, in the walk of TestRouteAccessMatrix (see passStatus):
// an unknown group, block or hotel is 404; a move by no night is 400.
var groupPassStatus = map[string]int{
	"GET /api/v1/hotels/{id}/groups":        404,
	"GET /api/v1/groups/{id}":               404,
	"PATCH /api/v1/groups/{id}":             404,
	"POST /api/v1/groups/{id}/check-in":     404,
	"POST /api/v1/groups/{id}/cancel-quote": 404,
	"POST /api/v1/groups/{id}/cancel":       404,
	"POST /api/v1/groups/{id}/move-quote":   400,
	"POST /api/v1/groups/{id}/move":         400,
	"GET /api/v1/hotels/{id}/blocks":        404,
	"POST /api/v1/hotels/{id}/blocks":       404,
	"GET /api/v1/blocks/{id}":               404,
	"PATCH /api/v1/blocks/{id}":             404,
	"POST /api/v1/blocks/{id}/release":      404,
	"DELETE /api/v1/blocks/{id}":            404,
}

func init() {
	for k, v := range groupPassStatus {
		passStatus[k] = v
	}
}
