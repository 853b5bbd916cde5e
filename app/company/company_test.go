package company_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"innkeep/app"
	"innkeep/app/apptest"
	"innkeep/app/audit"
	"innkeep/app/booking"
	"innkeep/app/company"
	"innkeep/app/guest"
	"innkeep/app/property"
)

// hotels is a desk with two hotels, each with one room type, one room and
// one rate plan, and the system acting.
type hotels struct {
	k              *apptest.Kit
	a              app.Actor
	h1, h2         property.Hotel
	type1, type2   property.RoomType
	plan1, plan1b  property.RatePlan
	plan2          property.RatePlan
	firstNightDate string
}

func newHotels(t *testing.T) *hotels {
	t.Helper()
	k := apptest.NewDesk(t, apptest.Options{})
	x := &hotels{k: k, a: app.SystemActor()}
	ctx := context.Background()
	var err error
	x.h1, err = k.Property.CreateHotel(ctx, x.a, property.HotelInput{Name: "Harbour Inn", TimeZone: "Asia/Shanghai", Currency: "CNY"})
	must(t, err)
	x.h2, err = k.Property.CreateHotel(ctx, x.a, property.HotelInput{Name: "Bay Hotel", TimeZone: "Europe/Paris", Currency: "EUR"})
	must(t, err)
	x.type1, err = k.Property.CreateRoomType(ctx, x.a, x.h1.ID, property.RoomTypeInput{Code: "DLX", Name: "Deluxe", BedType: "king", MaxAdults: 2})
	must(t, err)
	x.type2, err = k.Property.CreateRoomType(ctx, x.a, x.h2.ID, property.RoomTypeInput{Code: "STD", Name: "Standard", BedType: "twin", MaxAdults: 2})
	must(t, err)
	x.plan1, err = k.Property.CreateRatePlan(ctx, x.a, x.h1.ID, property.RatePlanInput{RoomTypeID: x.type1.ID, Code: "BAR", Name: "Best available", BaseRate: 60000, IncludedAdults: 2})
	must(t, err)
	x.plan1b, err = k.Property.CreateRatePlan(ctx, x.a, x.h1.ID, property.RatePlanInput{RoomTypeID: x.type1.ID, Code: "CORP", Name: "Corporate", BaseRate: 48000, IncludedAdults: 2})
	must(t, err)
	x.plan2, err = k.Property.CreateRatePlan(ctx, x.a, x.h2.ID, property.RatePlanInput{RoomTypeID: x.type2.ID, Code: "BAR", Name: "Best available", BaseRate: 9000, IncludedAdults: 2})
	must(t, err)
	for _, r := range []struct {
		hotel, typ, n string
	}{{x.h1.ID, x.type1.ID, "101"}, {x.h1.ID, x.type1.ID, "102"}, {x.h2.ID, x.type2.ID, "201"}} {
		_, err := k.Property.CreateRoom(ctx, x.a, r.hotel, property.RoomInput{Number: r.n, Floor: 1, RoomTypeID: r.typ})
		must(t, err)
	}
	x.firstNightDate = x.h1.BusinessDate
	return x
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// wantKey fails unless err is an app error with key.
func wantKey(t *testing.T, err error, key string) {
	t.Helper()
	var e *app.Error
	if !errors.As(err, &e) || e.Key != key {
		t.Fatalf("error = %v, want key %s", err, key)
	}
}

func (x *hotels) stateHash(t *testing.T) string {
	t.Helper()
	h, err := x.k.DB.StateHash()
	must(t, err)
	return h
}

func (x *hotels) create(t *testing.T, hotelID string, in company.ProfileInput) company.Profile {
	t.Helper()
	p, err := x.k.Company.CreateProfile(context.Background(), x.a, hotelID, in)
	must(t, err)
	return p
}

func str(s string) *string { return &s }

func TestCreateProfileNormalizesItsDetails(t *testing.T) {
	x := newHotels(t)
	p := x.create(t, x.h1.ID, company.ProfileInput{Kind: "travel_agent", Name: "  Sunrise Travel ", TaxID: " 91310000mA1fl2ab3c ",
		Address: " 88 Nanjing Road\nShanghai ", ContactName: " Wang Fang ", ContactPhone: " +86 21 5555 0101", ContactEmail: " wang@sunrise.example ",
		RatePlanID: x.plan1b.ID, Commission: 1000, Notes: "Pays monthly.\n"})
	want := company.Profile{ID: p.ID, HotelID: x.h1.ID, Kind: "travel_agent", Name: "Sunrise Travel", TaxID: "91310000MA1FL2AB3C",
		Address: "88 Nanjing Road\nShanghai", ContactName: "Wang Fang", ContactPhone: "+86 21 5555 0101", ContactEmail: "wang@sunrise.example",
		RatePlanID: x.plan1b.ID, Commission: 1000, Notes: "Pays monthly.", CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
	if p != want {
		t.Fatalf("created\n%+v\nwant\n%+v", p, want)
	}
	got, err := x.k.Company.GetProfile(context.Background(), x.a, p.ID)
	must(t, err)
	if got != p {
		t.Errorf("read back %+v", got)
	}
	page, err := x.k.Audit.List(context.Background(), x.a, audit.Filter{Action: "company.create"})
	must(t, err)
	if len(page.Entries) != 1 || page.Entries[0].EntityID != p.ID {
		t.Errorf("audit = %+v", page.Entries)
	}
}

func TestBadProfilesAreRefusedAndChangeNothing(t *testing.T) {
	x := newHotels(t)
	x.create(t, x.h1.ID, company.ProfileInput{Kind: "company", Name: "Acme Trading"})
	ok := company.ProfileInput{Kind: "company", Name: "Globex"}
	with := func(f func(in *company.ProfileInput)) company.ProfileInput {
		in := ok
		f(&in)
		return in
	}
	tests := []struct {
		name  string
		hotel string
		in    company.ProfileInput
		key   string
	}{
		{"an unknown kind", x.h1.ID, with(func(in *company.ProfileInput) { in.Kind = "supplier" }), "company.kind_invalid"},
		{"no kind", x.h1.ID, with(func(in *company.ProfileInput) { in.Kind = "" }), "company.kind_invalid"},
		{"no name", x.h1.ID, with(func(in *company.ProfileInput) { in.Name = "   " }), "company.name_length"},
		{"a name too long", x.h1.ID, with(func(in *company.ProfileInput) { in.Name = strings.Repeat("x", 201) }), "company.name_length"},
		{"a line break in the name", x.h1.ID, with(func(in *company.ProfileInput) { in.Name = "Glo\nbex" }), "app.name_hidden_characters"},
		{"a text-direction mark in the name", x.h1.ID, with(func(in *company.ProfileInput) { in.Name = "Glo\u202ebex" }), "app.name_hidden_characters"},
		{"a tax id with other signs", x.h1.ID, with(func(in *company.ProfileInput) { in.TaxID = "12#34" }), "company.tax_id_invalid"},
		{"a tax id too long", x.h1.ID, with(func(in *company.ProfileInput) { in.TaxID = strings.Repeat("1", 41) }), "company.tax_id_invalid"},
		{"a bad email", x.h1.ID, with(func(in *company.ProfileInput) { in.ContactEmail = "sales at globex" }), "company.email_invalid"},
		{"an email with a display name", x.h1.ID, with(func(in *company.ProfileInput) { in.ContactEmail = "Sales <sales@globex.example>" }), "company.email_invalid"},
		{"a phone with letters", x.h1.ID, with(func(in *company.ProfileInput) { in.ContactPhone = "call us" }), "company.phone_invalid"},
		{"a commission above 100 %", x.h1.ID, with(func(in *company.ProfileInput) { in.Kind, in.Commission = "travel_agent", 10001 }), "company.commission_invalid"},
		{"a negative commission", x.h1.ID, with(func(in *company.ProfileInput) { in.Kind, in.Commission = "travel_agent", -1 }), "company.commission_invalid"},
		{"a commission for a company", x.h1.ID, with(func(in *company.ProfileInput) { in.Commission = 500 }), "company.commission_for_agents"},
		{"another hotel's rate plan", x.h1.ID, with(func(in *company.ProfileInput) { in.RatePlanID = x.plan2.ID }), "company.rate_plan_not_of_hotel"},
		{"an unknown rate plan", x.h1.ID, with(func(in *company.ProfileInput) { in.RatePlanID = "nope" }), "company.rate_plan_not_of_hotel"},
		{"a control character in the notes", x.h1.ID, with(func(in *company.ProfileInput) { in.Notes = "a\x07b" }), "company.notes_control_characters"},
		{"a name taken by a company of the hotel", x.h1.ID, with(func(in *company.ProfileInput) { in.Name = " acme TRADING" }), "company.name_taken"},
		{"an unknown hotel", "nope", ok, "app.not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := x.stateHash(t)
			_, err := x.k.Company.CreateProfile(context.Background(), x.a, tt.hotel, tt.in)
			wantKey(t, err, tt.key)
			if x.stateHash(t) != before {
				t.Error("a refused profile changed the store")
			}
		})
	}
	// The same name is free for the other kind, and at another hotel.
	x.create(t, x.h1.ID, company.ProfileInput{Kind: "travel_agent", Name: "Acme Trading"})
	x.create(t, x.h2.ID, company.ProfileInput{Kind: "company", Name: "Acme Trading"})
}

func TestUpdateAndArchiveProfiles(t *testing.T) {
	x := newHotels(t)
	ctx := context.Background()
	p := x.create(t, x.h1.ID, company.ProfileInput{Kind: "company", Name: "Acme", RatePlanID: x.plan1b.ID})
	x.create(t, x.h1.ID, company.ProfileInput{Kind: "company", Name: "Globex"})

	got, err := x.k.Company.UpdateProfile(ctx, x.a, p.ID, company.ProfilePatch{Name: str("Acme Holdings"), TaxID: str("fr 12 345"), RatePlanID: str("")})
	must(t, err)
	if got.Name != "Acme Holdings" || got.TaxID != "FR 12 345" || got.RatePlanID != "" || got.Kind != "company" {
		t.Fatalf("updated = %+v", got)
	}
	before := x.stateHash(t)
	for _, bad := range []struct {
		p   company.ProfilePatch
		key string
	}{
		{company.ProfilePatch{Name: str("GLOBEX")}, "company.name_taken"},
		{company.ProfilePatch{RatePlanID: str(x.plan2.ID)}, "company.rate_plan_not_of_hotel"},
		{company.ProfilePatch{Commission: func() *int { v := 100; return &v }()}, "company.commission_for_agents"},
		{company.ProfilePatch{ContactEmail: str("no")}, "company.email_invalid"},
	} {
		_, err := x.k.Company.UpdateProfile(ctx, x.a, p.ID, bad.p)
		wantKey(t, err, bad.key)
	}
	if x.stateHash(t) != before {
		t.Error("a refused change changed the store")
	}

	archived, err := x.k.Company.SetArchived(ctx, x.a, p.ID, true)
	must(t, err)
	if !archived.Archived {
		t.Fatal("not archived")
	}
	list, err := x.k.Company.ListProfiles(ctx, x.a, x.h1.ID, company.Filter{})
	must(t, err)
	if len(list) != 1 || list[0].Name != "Globex" {
		t.Errorf("without archived: %+v", list)
	}
	list, err = x.k.Company.ListProfiles(ctx, x.a, x.h1.ID, company.Filter{Archived: true})
	must(t, err)
	if len(list) != 2 || list[0].Name != "Acme Holdings" {
		t.Errorf("with archived: %+v", list)
	}
	// A new profile may not take an archived one's name.
	_, err = x.k.Company.CreateProfile(ctx, x.a, x.h1.ID, company.ProfileInput{Kind: "company", Name: "acme holdings"})
	wantKey(t, err, "company.name_taken_archived")
	// Archiving twice is no error and writes nothing.
	before = x.stateHash(t)
	if _, err := x.k.Company.SetArchived(ctx, x.a, p.ID, true); err != nil || x.stateHash(t) != before {
		t.Errorf("archiving again: %v, changed %v", err, x.stateHash(t) != before)
	}
	back, err := x.k.Company.SetArchived(ctx, x.a, p.ID, false)
	must(t, err)
	if back.Archived {
		t.Error("still archived")
	}
	page, err := x.k.Audit.List(ctx, x.a, audit.Filter{Action: "company."})
	must(t, err)
	var actions []string
	for _, e := range page.Entries {
		actions = append(actions, e.Action)
	}
	if got := strings.Join(actions, " "); got != "company.unarchive company.archive company.update company.create company.create" {
		t.Errorf("audit = %s", got)
	}
}

func TestListProfilesSearchesByNameKindAndTaxID(t *testing.T) {
	x := newHotels(t)
	ctx := context.Background()
	x.create(t, x.h1.ID, company.ProfileInput{Kind: "company", Name: "Acme Trading", TaxID: "91310000MA1"})
	x.create(t, x.h1.ID, company.ProfileInput{Kind: "travel_agent", Name: "Sunrise Travel"})
	x.create(t, x.h1.ID, company.ProfileInput{Kind: "company", Name: "上海环球贸易"})
	x.create(t, x.h2.ID, company.ProfileInput{Kind: "company", Name: "Acme France"})
	tests := []struct {
		name string
		f    company.Filter
		want string
	}{
		{"every profile of the hotel, by name", company.Filter{}, "Acme Trading,Sunrise Travel,上海环球贸易"},
		{"a word of the name, any case", company.Filter{Q: "TRAD"}, "Acme Trading"},
		{"words inside a Chinese name", company.Filter{Q: "环球"}, "上海环球贸易"},
		{"the start of the tax id", company.Filter{Q: "9131"}, "Acme Trading"},
		{"agents only", company.Filter{Kind: "travel_agent"}, "Sunrise Travel"},
		{"companies only", company.Filter{Kind: "company", Q: "acme"}, "Acme Trading"},
		{"a limit", company.Filter{Limit: 1}, "Acme Trading"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, err := x.k.Company.ListProfiles(ctx, x.a, x.h1.ID, tt.f)
			must(t, err)
			var names []string
			for _, p := range list {
				names = append(names, p.Name)
			}
			if got := strings.Join(names, ","); got != tt.want {
				t.Errorf("found %q, want %q", got, tt.want)
			}
		})
	}
	_, err := x.k.Company.ListProfiles(ctx, x.a, x.h1.ID, company.Filter{Kind: "hotel"})
	wantKey(t, err, "company.kind_invalid")
}

func TestProfilesAnswerOnlyCallersOfTheirHotel(t *testing.T) {
	x := newHotels(t)
	ctx := context.Background()
	p := x.create(t, x.h1.ID, company.ProfileInput{Kind: "company", Name: "Acme"})
	other := app.Actor{UserID: "u2", Username: "bay", Perms: app.NewPermissionSet(app.AllPermissions()...), Hotels: app.Hotels(x.h2.ID)}
	before := x.stateHash(t)
	_, err := x.k.Company.GetProfile(ctx, other, p.ID)
	wantKey(t, err, "app.not_found")
	_, err = x.k.Company.UpdateProfile(ctx, other, p.ID, company.ProfilePatch{Name: str("Mine")})
	wantKey(t, err, "app.not_found")
	_, err = x.k.Company.SetArchived(ctx, other, p.ID, true)
	wantKey(t, err, "app.not_found")
	wantKey(t, x.k.Company.DeleteProfile(ctx, other, p.ID), "app.not_found")
	_, err = x.k.Company.ListProfiles(ctx, other, x.h1.ID, company.Filter{})
	wantKey(t, err, "app.not_found")
	_, err = x.k.Company.CreateProfile(ctx, other, x.h1.ID, company.ProfileInput{Kind: "company", Name: "Initech"})
	wantKey(t, err, "app.not_found")
	if x.stateHash(t) != before {
		t.Error("a caller of another hotel changed the store")
	}
	viewer := app.Actor{UserID: "u3", Username: "desk", Perms: app.NewPermissionSet(app.Perm("companies", "view")), Hotels: app.AllHotels}
	if _, err := x.k.Company.GetProfile(ctx, viewer, p.ID); err != nil {
		t.Errorf("a viewer cannot read: %v", err)
	}
	_, err = x.k.Company.CreateProfile(ctx, viewer, x.h1.ID, company.ProfileInput{Kind: "company", Name: "Initech"})
	if app.ErrorCode(err) != app.EFORBIDDEN {
		t.Errorf("a viewer created a profile: %v", err)
	}
	wantKey(t, x.k.Company.DeleteProfile(ctx, viewer, p.ID), "app.no_permission")
}

// book books one room of hotel 1 for one night from the business date,
// naming companyID and agentID.
func (x *hotels) book(a app.Actor, companyID, agentID string) (booking.BookingResult, error) {
	return x.k.Booking.Book(context.Background(), a, booking.BookingInput{HotelID: x.h1.ID, CheckIn: x.firstNightDate, CheckOut: app.NextDate(x.firstNightDate),
		Rooms: []booking.RoomRequest{{RoomTypeID: x.type1.ID, RatePlanID: x.plan1b.ID, Adults: 2}}, Guest: booking.BookingGuest{GuestInput: guest.GuestInput{Name: "Chen Jing"}},
		CompanyID: companyID, AgentID: agentID}, "")
}

func TestAProfileNamedByAReservationIsArchivedNotDeleted(t *testing.T) {
	x := newHotels(t)
	ctx := context.Background()
	used := x.create(t, x.h1.ID, company.ProfileInput{Kind: "company", Name: "Acme"})
	unused := x.create(t, x.h1.ID, company.ProfileInput{Kind: "company", Name: "Globex"})
	res, err := x.book(x.a, used.ID, "")
	must(t, err)
	// Even a cancelled booking keeps its company: the report counts it.
	_, err = x.k.Booking.CancelReservation(ctx, x.a, res.Reservations[0].ID, booking.CancelInput{})
	must(t, err)
	before := x.stateHash(t)
	err = x.k.Company.DeleteProfile(ctx, x.a, used.ID)
	wantKey(t, err, "company.in_use")
	var e *app.Error
	if errors.As(err, &e) && e.Params["code"] != res.Code {
		t.Errorf("the refusal names %v, want %s", e.Params["code"], res.Code)
	}
	if x.stateHash(t) != before {
		t.Error("a refused delete changed the store")
	}
	must(t, x.k.Company.DeleteProfile(ctx, x.a, unused.ID))
	_, err = x.k.Company.GetProfile(ctx, x.a, unused.ID)
	wantKey(t, err, "app.not_found")
}

func TestBookingsNameTheirCompanyAndAgent(t *testing.T) {
	x := newHotels(t)
	ctx := context.Background()
	acme := x.create(t, x.h1.ID, company.ProfileInput{Kind: "company", Name: "Acme Trading", RatePlanID: x.plan1b.ID})
	sun := x.create(t, x.h1.ID, company.ProfileInput{Kind: "travel_agent", Name: "Sunrise Travel", Commission: 1250})
	res, err := x.book(x.a, acme.ID, sun.ID)
	must(t, err)
	r := res.Reservations[0]
	if r.CompanyID != acme.ID || r.CompanyName != "Acme Trading" || r.AgentID != sun.ID || r.AgentName != "Sunrise Travel" || r.AgentCommission != 1250 {
		t.Fatalf("booked %+v", r)
	}
	// Later changes of the profile do not move what was booked.
	_, err = x.k.Company.UpdateProfile(ctx, x.a, sun.ID, company.ProfilePatch{Name: str("Sunset Travel"), Commission: func() *int { v := 2000; return &v }()})
	must(t, err)
	got, err := x.k.Booking.GetReservation(ctx, x.a, r.ID)
	must(t, err)
	if got.AgentName != "Sunrise Travel" || got.AgentCommission != 1250 {
		t.Errorf("the reservation moved with the profile: %+v", got)
	}
	other, err := x.book(x.a, "", "")
	must(t, err)
	for _, f := range []struct {
		name string
		f    booking.ReservationFilter
		want int
	}{
		{"by company", booking.ReservationFilter{CompanyID: acme.ID}, 1},
		{"by agent, in the hotel", booking.ReservationFilter{HotelID: x.h1.ID, AgentID: sun.ID}, 1},
		{"by company and agent", booking.ReservationFilter{CompanyID: acme.ID, AgentID: sun.ID}, 1},
		{"by a company with no bookings", booking.ReservationFilter{CompanyID: "nope"}, 0},
		{"a search by the company's name", booking.ReservationFilter{Q: "acme"}, 1},
		{"the whole hotel", booking.ReservationFilter{HotelID: x.h1.ID}, 2},
	} {
		list, err := x.k.Booking.ListReservations(ctx, x.a, f.f)
		must(t, err)
		if len(list) != f.want || f.want == 1 && list[0].ID != r.ID {
			t.Errorf("%s: %d found, want %d", f.name, len(list), f.want)
		}
	}

	// Change and clear them on the reservation.
	globex := x.create(t, x.h1.ID, company.ProfileInput{Kind: "company", Name: "Globex"})
	m, err := x.k.Booking.ModifyReservation(ctx, x.a, r.ID, booking.ReservationPatch{CompanyID: str(globex.ID), AgentID: str("")})
	must(t, err)
	if m.Reservation.CompanyName != "Globex" || m.Reservation.AgentID != "" || m.Reservation.AgentName != "" || m.Reservation.AgentCommission != 0 || m.Difference != 0 {
		t.Errorf("changed %+v", m)
	}
	m, err = x.k.Booking.ModifyReservation(ctx, x.a, other.Reservations[0].ID, booking.ReservationPatch{AgentID: str(sun.ID)})
	must(t, err)
	if m.Reservation.AgentName != "Sunset Travel" || m.Reservation.AgentCommission != 2000 {
		t.Errorf("named %+v", m.Reservation)
	}
	// An archived profile stays on the reservations that name it, which
	// can still change other things.
	_, err = x.k.Company.SetArchived(ctx, x.a, globex.ID, true)
	must(t, err)
	if _, err := x.k.Booking.ModifyReservation(ctx, x.a, r.ID, booking.ReservationPatch{SpecialRequests: str("Late arrival")}); err != nil {
		t.Errorf("a reservation of an archived company cannot change: %v", err)
	}
}

func TestBookingsWithProfilesThatCannotBeNamedChangeNothing(t *testing.T) {
	x := newHotels(t)
	ctx := context.Background()
	acme := x.create(t, x.h1.ID, company.ProfileInput{Kind: "company", Name: "Acme"})
	old := x.create(t, x.h1.ID, company.ProfileInput{Kind: "company", Name: "Old Corp"})
	sun := x.create(t, x.h1.ID, company.ProfileInput{Kind: "travel_agent", Name: "Sunrise"})
	bay := x.create(t, x.h2.ID, company.ProfileInput{Kind: "company", Name: "Bay Corp"})
	_, err := x.k.Company.SetArchived(ctx, x.a, old.ID, true)
	must(t, err)
	res, err := x.book(x.a, "", "")
	must(t, err)
	r := res.Reservations[0]
	noCompanies := app.Actor{UserID: "u4", Username: "clerk", Perms: app.NewPermissionSet(app.Perm("reservations", "create"), app.Perm("reservations", "update"), app.Perm("guests", "create")), Hotels: app.AllHotels}
	tests := []struct {
		name             string
		a                app.Actor
		company, agent   string
		key              string
		forbiddenInstead bool
	}{
		{"an archived company", x.a, old.ID, "", "company.archived", false},
		{"another hotel's company", x.a, bay.ID, "", "company.not_of_hotel", false},
		{"an unknown company", x.a, "nope", "", "company.not_of_hotel", false},
		{"an agent as the company", x.a, sun.ID, "", "company.wrong_kind", false},
		{"a company as the agent", x.a, "", acme.ID, "company.wrong_kind", false},
		{"a caller without companies.view", noCompanies, acme.ID, "", "app.no_permission", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := x.stateHash(t)
			_, err := x.book(tt.a, tt.company, tt.agent)
			wantKey(t, err, tt.key)
			p := booking.ReservationPatch{}
			if tt.company != "" {
				p.CompanyID = str(tt.company)
			}
			if tt.agent != "" {
				p.AgentID = str(tt.agent)
			}
			_, err = x.k.Booking.ModifyReservation(ctx, tt.a, r.ID, p)
			wantKey(t, err, tt.key)
			if x.stateHash(t) != before {
				t.Error("a refused booking or change changed the store")
			}
		})
	}
}
