package api_test

import (
	"fmt"
	"strings"
	"testing"

	"innkeep/app"
	"innkeep/app/access"
	"innkeep/app/booking"
	"innkeep/app/company"
)

// companyWalk is the part of TestEveryOperationAnswersAsDocumented that
// calls the company and travel agent routes.
func companyWalk(hd *hotelDesk, call func(id string, r request, status int, v any) reply) {
	hotel := "/api/v1/hotels/" + hd.hotel.ID
	var acme, gone company.Profile
	call("createCompany", request{method: "POST", path: hotel + "/companies", body: fmt.Sprintf(`{"kind":"company","name":"Acme Trading","tax_id":"91310000MA1","rate_plan_id":%q}`, hd.dlxPlan.ID)}, 201, &acme)
	call("listCompanies", request{method: "GET", path: hotel + "/companies?q=acme&kind=company&archived=true&limit=10"}, 200, nil)
	call("getCompany", request{method: "GET", path: "/api/v1/companies/" + acme.ID}, 200, nil)
	call("updateCompany", request{method: "PATCH", path: "/api/v1/companies/" + acme.ID, body: `{"contact_email":"sales@acme.example"}`}, 200, nil)
	call("archiveCompany", request{method: "POST", path: "/api/v1/companies/" + acme.ID + "/archive"}, 200, nil)
	call("unarchiveCompany", request{method: "POST", path: "/api/v1/companies/" + acme.ID + "/unarchive"}, 200, nil)
	call("createCompany", request{method: "POST", path: hotel + "/companies", body: `{"kind":"travel_agent","name":"Sunrise Travel","commission_bp":1000}`}, 201, &gone)
	call("deleteCompany", request{method: "DELETE", path: "/api/v1/companies/" + gone.ID}, 204, nil)
}

func TestCompaniesAndAgentsThroughTheAPI(t *testing.T) {
	hd := newHotelDesk(t)
	hotel := "/api/v1/hotels/" + hd.hotel.ID
	post := func(path, body string, status int, v any) reply {
		t.Helper()
		r := hd.do(t, request{method: "POST", path: path, body: body, token: hd.token}).want(t, status)
		if v != nil {
			r.decode(t, v)
		}
		return r
	}
	var acme, sun, old company.Profile
	post(hotel+"/companies", fmt.Sprintf(`{"kind":"company","name":"Acme Trading","rate_plan_id":%q}`, hd.dlxPlan.ID), 201, &acme)
	post(hotel+"/companies", `{"kind":"travel_agent","name":"Sunrise Travel","commission_bp":1250}`, 201, &sun)
	post(hotel+"/companies", `{"kind":"company","name":"Old Corp"}`, 201, &old)
	post("/api/v1/companies/"+old.ID+"/archive", "", 200, nil)
	if acme.RatePlanID != hd.dlxPlan.ID || sun.Commission != 1250 {
		t.Fatalf("created %+v %+v", acme, sun)
	}

	// Bad profiles: 400, and a name taken twice: 409.
	post(hotel+"/companies", `{"kind":"company","name":"Initech","commission_bp":100}`, 400, nil)
	post(hotel+"/companies", `{"kind":"partner","name":"Initech"}`, 400, nil)
	post(hotel+"/companies", `{"kind":"company","name":"acme trading"}`, 409, nil)

	var list struct{ Companies []company.Profile }
	hd.do(t, request{method: "GET", path: hotel + "/companies?kind=travel_agent", token: hd.token}).want(t, 200).decode(t, &list)
	if len(list.Companies) != 1 || list.Companies[0].ID != sun.ID {
		t.Errorf("agents = %+v", list.Companies)
	}
	hd.do(t, request{method: "GET", path: hotel + "/companies?kind=hotel", token: hd.token}).want(t, 400)

	// A booking names both; the reservation carries them.
	body := strings.Replace(hd.bookBody(hd.dlx, hd.dlxPlan, hd.day(1), hd.day(3)), `"source"`, fmt.Sprintf(`"company_id":%q,"agent_id":%q,"source"`, acme.ID, sun.ID), 1)
	var res booking.BookingResult
	post("/api/v1/reservations", body, 201, &res)
	r := res.Reservations[0]
	if r.CompanyName != "Acme Trading" || r.AgentName != "Sunrise Travel" || r.AgentCommission != 1250 {
		t.Fatalf("reservation = %+v", r)
	}
	var found struct{ Reservations []booking.Reservation }
	hd.do(t, request{method: "GET", path: "/api/v1/reservations?company=" + acme.ID, token: hd.token}).want(t, 200).decode(t, &found)
	if len(found.Reservations) != 1 || found.Reservations[0].ID != r.ID {
		t.Errorf("by company: %d", len(found.Reservations))
	}

	// An archived company cannot be booked: 400, nothing booked.
	archived := strings.Replace(hd.bookBody(hd.std, hd.plan2, hd.day(1), hd.day(2)), `"source"`, fmt.Sprintf(`"company_id":%q,"source"`, old.ID), 1)
	_, msg := post("/api/v1/reservations", archived, 400, nil).envelope(t)
	if !strings.Contains(msg, "Old Corp") {
		t.Errorf("message = %q", msg)
	}
	hd.do(t, request{method: "GET", path: "/api/v1/reservations?hotel=" + hd.hotel.ID, token: hd.token}).want(t, 200).decode(t, &found)
	if len(found.Reservations) != 1 {
		t.Errorf("a refused booking was kept: %d reservations", len(found.Reservations))
	}

	// The reservation's agent is cleared; the company cannot be deleted.
	var m booking.Modified
	hd.do(t, request{method: "PATCH", path: "/api/v1/reservations/" + r.ID, body: `{"agent_id":""}`, token: hd.token}).want(t, 200).decode(t, &m)
	if m.Reservation.AgentID != "" || m.Reservation.CompanyID != acme.ID {
		t.Errorf("patched %+v", m.Reservation)
	}
	_, msg = hd.do(t, request{method: "DELETE", path: "/api/v1/companies/" + acme.ID, token: hd.token}).want(t, 409).envelope(t)
	if !strings.Contains(msg, r.Code) {
		t.Errorf("the refusal does not name the booking %s: %q", r.Code, msg)
	}
	hd.do(t, request{method: "DELETE", path: "/api/v1/companies/" + sun.ID, token: hd.token}).want(t, 204)

	// The front desk sees the profiles and books with them, but cannot
	// change them.
	hd.addUser(t, hd.token, access.UserInput{Username: "desk", Roles: []string{access.RoleFrontDesk}, Hotels: app.AllHotels, Password: staffPassword})
	desk := hd.signIn(t, "desk", staffPassword).Token
	hd.do(t, request{method: "GET", path: "/api/v1/companies/" + acme.ID, token: desk}).want(t, 200)
	hd.do(t, request{method: "PATCH", path: "/api/v1/companies/" + acme.ID, body: `{"name":"Mine"}`, token: desk}).want(t, 403)
	book := strings.Replace(hd.bookBody(hd.std, hd.plan2, hd.day(1), hd.day(2)), `"source"`, fmt.Sprintf(`"company_id":%q,"source"`, acme.ID), 1)
	hd.do(t, request{method: "POST", path: "/api/v1/reservations", body: book, token: desk}).want(t, 201)
}
