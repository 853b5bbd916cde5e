package api_test

// propertyMatrix states by hand who may use the property routes
// (docs/booking.md); see accessMatrix for the columns.
var propertyMatrix = map[string]row{
	// Columns: anonymous, system_admin, hotel_manager, front_desk, housekeeping, accountant, auditor.
	"GET /api/v1/hotels/{id}/room-types":            {unauth, pass, pass, pass, pass, forbid, pass},
	"POST /api/v1/hotels/{id}/room-types":           {unauth, pass, pass, pass, forbid, forbid, forbid},
	"GET /api/v1/room-types/{id}":                   {unauth, pass, pass, pass, pass, forbid, pass},
	"PATCH /api/v1/room-types/{id}":                 {unauth, pass, pass, pass, forbid, forbid, forbid},
	"DELETE /api/v1/room-types/{id}":                {unauth, pass, pass, forbid, forbid, forbid, forbid},
	"POST /api/v1/room-types/{id}/photos":           {unauth, pass, pass, pass, forbid, forbid, forbid},
	"DELETE /api/v1/room-types/{id}/photos/{photo}": {unauth, pass, pass, pass, forbid, forbid, forbid},
	"GET /api/v1/photos/{id}":                       {unauth, pass, pass, pass, pass, forbid, pass},
	"GET /api/v1/photos/{id}/thumbnail":             {unauth, pass, pass, pass, pass, forbid, pass},
	"GET /api/v1/hotels/{id}/rooms":                 {unauth, pass, pass, pass, pass, forbid, pass},
	"POST /api/v1/hotels/{id}/rooms":                {unauth, pass, pass, pass, forbid, forbid, forbid},
	"POST /api/v1/hotels/{id}/rooms/bulk":           {unauth, pass, pass, pass, forbid, forbid, forbid},
	"GET /api/v1/rooms/{id}":                        {unauth, pass, pass, pass, pass, forbid, pass},
	"PATCH /api/v1/rooms/{id}":                      {unauth, pass, pass, pass, forbid, forbid, forbid},
	"DELETE /api/v1/rooms/{id}":                     {unauth, pass, pass, forbid, forbid, forbid, forbid},
	"POST /api/v1/rooms/{id}/housekeeping":          {unauth, pass, pass, pass, pass, forbid, forbid},
	"POST /api/v1/rooms/{id}/out-of-order":          {unauth, pass, pass, pass, forbid, forbid, forbid},
	"DELETE /api/v1/rooms/{id}/out-of-order/{oid}":  {unauth, pass, pass, pass, forbid, forbid, forbid},
	"GET /api/v1/hotels/{id}/rate-plans":            {unauth, pass, pass, pass, forbid, forbid, pass},
	"POST /api/v1/hotels/{id}/rate-plans":           {unauth, pass, pass, forbid, forbid, forbid, forbid},
	"GET /api/v1/rate-plans/{id}":                   {unauth, pass, pass, pass, forbid, forbid, pass},
	"PATCH /api/v1/rate-plans/{id}":                 {unauth, pass, pass, forbid, forbid, forbid, forbid},
	"DELETE /api/v1/rate-plans/{id}":                {unauth, pass, pass, forbid, forbid, forbid, forbid},
	"GET /api/v1/hotels/{id}/rate-calendar":         {unauth, pass, pass, pass, forbid, forbid, pass},
	"PUT /api/v1/hotels/{id}/rate-calendar":         {unauth, pass, pass, forbid, forbid, forbid, forbid},
	"PUT /api/v1/hotels/{id}/inventory":             {unauth, pass, pass, forbid, forbid, forbid, forbid},
}
