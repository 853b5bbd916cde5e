package api_test

// companyMatrix states by hand who may use the company and travel agent
// routes (docs/booking.md); see accessMatrix for the columns.
var companyMatrix = map[string]row{
	// Columns: anonymous, system_admin, hotel_manager, front_desk, housekeeping, accountant, auditor.
	"GET /api/v1/hotels/{id}/companies":     {unauth, pass, pass, pass, forbid, forbid, pass},
	"POST /api/v1/hotels/{id}/companies":    {unauth, pass, pass, forbid, forbid, forbid, forbid},
	"GET /api/v1/companies/{id}":            {unauth, pass, pass, pass, forbid, forbid, pass},
	"PATCH /api/v1/companies/{id}":          {unauth, pass, pass, forbid, forbid, forbid, forbid},
	"POST /api/v1/companies/{id}/archive":   {unauth, pass, pass, forbid, forbid, forbid, forbid},
	"POST /api/v1/companies/{id}/unarchive": {unauth, pass, pass, forbid, forbid, forbid, forbid},
	"DELETE /api/v1/companies/{id}":         {unauth, pass, pass, forbid, forbid, forbid, forbid},
}

// companyPassStatus is what the company routes answer in the walk of
// TestRouteAccessMatrix (see passStatus): every id is unknown.
var companyPassStatus = map[string]int{
	"GET /api/v1/hotels/{id}/companies":     404,
	"POST /api/v1/hotels/{id}/companies":    404,
	"GET /api/v1/companies/{id}":            404,
	"PATCH /api/v1/companies/{id}":          404,
	"POST /api/v1/companies/{id}/archive":   404,
	"POST /api/v1/companies/{id}/unarchive": 404,
	"DELETE /api/v1/companies/{id}":         404,
}

func init() {
	for k, v := range companyPassStatus {
		passStatus[k] = v
	}
}
