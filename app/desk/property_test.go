package desk_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"innkeep/app"
	"innkeep/app/access"
	"innkeep/app/apptest"
	"innkeep/app/audit"
	"innkeep/app/property"
)

// propDesk is a service on a new data folder with one hotel, and the
// command line's actor, who may do everything.
type propDesk struct {
	s     *apptest.Kit
	clk   *testClock
	admin app.Actor
	hotel property.Hotel
}

func newPropDesk(t *testing.T) *propDesk {
	t.Helper()
	s, clk := newService(t)
	d := &propDesk{s: s, clk: clk, admin: app.CLIActor()}
	d.hotel = d.addHotel(t, property.HotelInput{Name: "Harbour Inn", TimeZone: "Asia/Shanghai", Currency: "CNY"})
	return d
}

var bg = context.Background()

func (d *propDesk) addHotel(t *testing.T, in property.HotelInput) property.Hotel {
	t.Helper()
	h, err := d.s.Property.CreateHotel(bg, d.admin, in)
	mustNot(t, err)
	return h
}

func (d *propDesk) addType(t *testing.T, hotelID, code string) property.RoomType {
	t.Helper()
	rt, err := d.s.Property.CreateRoomType(bg, d.admin, hotelID, property.RoomTypeInput{Code: code, Name: code + " room", BedType: "double", AreaM2: 24, MaxAdults: 3, MaxChildren: 2})
	mustNot(t, err)
	return rt
}

func (d *propDesk) addRoom(t *testing.T, hotelID, typeID, number string, floor int) property.Room {
	t.Helper()
	r, err := d.s.Property.CreateRoom(bg, d.admin, hotelID, property.RoomInput{Number: number, Floor: floor, RoomTypeID: typeID})
	mustNot(t, err)
	return r
}

func (d *propDesk) addPlan(t *testing.T, hotelID, typeID, code string) property.RatePlan {
	t.Helper()
	p, err := d.s.Property.CreateRatePlan(bg, d.admin, hotelID, property.RatePlanInput{RoomTypeID: typeID, Code: code, Name: code + " rate", BaseRate: 50000, WeekendRate: 60000})
	mustNot(t, err)
	return p
}

func (d *propDesk) hash(t *testing.T) string {
	t.Helper()
	h, err := d.s.DB.StateHash()
	mustNot(t, err)
	return h
}

// roleActor is a user holding one built-in role in scope.
func roleActor(t *testing.T, role string, scope app.HotelScope) app.Actor {
	t.Helper()
	for _, r := range access.BuiltinRoles() {
		if r.ID == role {
			return app.Actor{UserID: "U-" + role, Username: role, Address: "10.0.0.9", Perms: app.NewPermissionSet(r.Permissions...), Hotels: scope}
		}
	}
	t.Fatalf("no built-in role %s", role)
	return app.Actor{}
}

// refusal is a call that must fail with code and a message holding msg,
// and change nothing.
type refusal struct {
	name string
	call func() error
	code string
	msg  string
}

func checkRefusals(t *testing.T, d *propDesk, cases []refusal) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			before := d.hash(t)
			err := tt.call()
			if code(err) != tt.code || !strings.Contains(app.ErrorMessage(err), tt.msg) {
				t.Fatalf("err = %v, want %s naming %q", err, tt.code, tt.msg)
			}
			if d.hash(t) != before {
				t.Error("the refused call changed the store")
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

func TestNewHotelsGetDefaultsAndTheirLocalBusinessDate(t *testing.T) {
	d := newPropDesk(t)
	// The clock reads 2026-11-26 09:00 UTC: still the 25th in Pago Pago.
	h := d.addHotel(t, property.HotelInput{Name: "Pago Lodge", TimeZone: "Pacific/Pago_Pago", Currency: "usd"})
	want := property.Hotel{CheckInTime: "14:00", CheckOutTime: "12:00", Cancellation: property.CancellationPolicy{FreeHours: 24, Fee: "first_night"}, BusinessDate: "2026-11-25"}
	if h.CheckInTime != want.CheckInTime || h.CheckOutTime != want.CheckOutTime || h.Cancellation != want.Cancellation || h.BusinessDate != want.BusinessDate {
		t.Errorf("hotel = %+v, want the defaults of %+v", h, want)
	}
	if d.hotel.BusinessDate != "2026-11-26" {
		t.Errorf("Shanghai's business date = %s, want 2026-11-26", d.hotel.BusinessDate)
	}
	full := d.addHotel(t, property.HotelInput{Name: "Bay Hotel", TimeZone: "Europe/Paris", Currency: "EUR", Address: "1 Quai de la Baie, Nice",
		StarRating: 4, Phone: "+33 4 93 00 00 00", Email: "desk@bay.example", CheckInTime: "15:30", CheckOutTime: "11:00",
		Tax: &property.Tax{RateBP: 1000, Included: true}, Cancellation: &property.CancellationPolicy{FreeHours: 48, Fee: "percent", Percent: 50}})
	if full.StarRating != 4 || full.Tax.RateBP != 1000 || !full.Tax.Included || full.Cancellation.Percent != 50 || full.CheckInTime != "15:30" {
		t.Errorf("hotel = %+v", full)
	}
	got, err := d.s.Property.UpdateHotel(bg, d.admin, full.ID, property.HotelPatch{StarRating: ptr(5), Address: ptr("2 Quai de la Baie")})
	mustNot(t, err)
	if got.StarRating != 5 || got.Address != "2 Quai de la Baie" || got.BusinessDate != full.BusinessDate || got.Email != full.Email {
		t.Errorf("after the change: %+v", got)
	}
}

func TestBadHotelInputIsRefusedAndChangesNothing(t *testing.T) {
	d := newPropDesk(t)
	base := property.HotelInput{Name: "Bay", TimeZone: "UTC", Currency: "EUR"}
	with := func(f func(*property.HotelInput)) property.HotelInput { in := base; f(&in); return in }
	create := func(in property.HotelInput) func() error {
		return func() error { _, err := d.s.Property.CreateHotel(bg, d.admin, in); return err }
	}
	update := func(p property.HotelPatch) func() error {
		return func() error { _, err := d.s.Property.UpdateHotel(bg, d.admin, d.hotel.ID, p); return err }
	}
	checkRefusals(t, d, []refusal{
		{"six stars", create(with(func(in *property.HotelInput) { in.StarRating = 6 })), app.EINVALID, "star rating"},
		{"negative stars", create(with(func(in *property.HotelInput) { in.StarRating = -1 })), app.EINVALID, "star rating"},
		{"a check-in time of 25:00", create(with(func(in *property.HotelInput) { in.CheckInTime = "25:00" })), app.EINVALID, "check-in time"},
		{"a check-out time without a colon", create(with(func(in *property.HotelInput) { in.CheckOutTime = "1200" })), app.EINVALID, "check-out time"},
		{"a tax over 100%", create(with(func(in *property.HotelInput) { in.Tax = &property.Tax{RateBP: 10001} })), app.EINVALID, "tax rate"},
		{"a negative tax", create(with(func(in *property.HotelInput) { in.Tax = &property.Tax{RateBP: -1} })), app.EINVALID, "tax rate"},
		{"free cancellation a month and more ahead", create(with(func(in *property.HotelInput) {
			in.Cancellation = &property.CancellationPolicy{FreeHours: 721, Fee: "first_night"}
		})), app.EINVALID, "0 to 720 hours"},
		{"an unknown fee", create(with(func(in *property.HotelInput) {
			in.Cancellation = &property.CancellationPolicy{FreeHours: 24, Fee: "all"}
		})), app.EINVALID, "cancellation fee must be"},
		{"a fee of 150 percent", create(with(func(in *property.HotelInput) {
			in.Cancellation = &property.CancellationPolicy{FreeHours: 24, Fee: "percent", Percent: 150}
		})), app.EINVALID, "0 to 100 percent"},
		{"a bad email", create(with(func(in *property.HotelInput) { in.Email = "desk at bay" })), app.EINVALID, "not an email address"},
		{"a phone with letters", create(with(func(in *property.HotelInput) { in.Phone = "call us" })), app.EINVALID, "phone number"},
		{"a long address", create(with(func(in *property.HotelInput) { in.Address = strings.Repeat("a", 501) })), app.EINVALID, "address"},
		{"a change to six stars", update(property.HotelPatch{StarRating: ptr(6)}), app.EINVALID, "star rating"},
		{"a change to a bad check-in time", update(property.HotelPatch{CheckInTime: ptr("2pm")}), app.EINVALID, "check-in time"},
		{"a change to a bad policy", update(property.HotelPatch{Cancellation: &property.CancellationPolicy{FreeHours: -1, Fee: "first_night"}}), app.EINVALID, "0 to 720 hours"},
	})
}

func TestFindHotelsFiltersByWordsAndStars(t *testing.T) {
	d := newPropDesk(t)
	d.addHotel(t, property.HotelInput{Name: "Bay Hotel", TimeZone: "UTC", Currency: "EUR", Address: "Quai de la Baie, Nice", StarRating: 4})
	d.addHotel(t, property.HotelInput{Name: "Mountain Lodge", TimeZone: "UTC", Currency: "EUR", Address: "Route du Col, Nice", StarRating: 3})
	tests := []struct {
		name string
		f    property.HotelFilter
		want []string
	}{
		{"no filter lists all by name", property.HotelFilter{}, []string{"Bay Hotel", "Harbour Inn", "Mountain Lodge"}},
		{"a word of the address, in any case", property.HotelFilter{Q: "NICE"}, []string{"Bay Hotel", "Mountain Lodge"}},
		{"every word must match", property.HotelFilter{Q: "nice lodge"}, []string{"Mountain Lodge"}},
		{"a star rating", property.HotelFilter{Stars: []int{4}}, []string{"Bay Hotel"}},
		{"several star ratings", property.HotelFilter{Stars: []int{0, 3}}, []string{"Harbour Inn", "Mountain Lodge"}},
		{"words and stars together", property.HotelFilter{Q: "nice", Stars: []int{3}}, []string{"Mountain Lodge"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, err := d.s.Property.FindHotels(bg, d.admin, tt.f)
			mustNot(t, err)
			var names []string
			for _, h := range list {
				names = append(names, h.Name)
			}
			if !slices.Equal(names, tt.want) {
				t.Errorf("hotels = %v, want %v", names, tt.want)
			}
		})
	}
	if _, err := d.s.Property.FindHotels(bg, d.admin, property.HotelFilter{Stars: []int{9}}); code(err) != app.EINVALID {
		t.Errorf("stars=9: %v, want invalid", err)
	}
}

func TestBadRoomTypesAreRefusedAndChangeNothing(t *testing.T) {
	d := newPropDesk(t)
	dlx := d.addType(t, d.hotel.ID, "DLX")
	good := property.RoomTypeInput{Code: "STD", Name: "Standard", BedType: "queen", AreaM2: 20, MaxAdults: 2}
	with := func(f func(*property.RoomTypeInput)) func() error {
		in := good
		f(&in)
		return func() error { _, err := d.s.Property.CreateRoomType(bg, d.admin, d.hotel.ID, in); return err }
	}
	checkRefusals(t, d, []refusal{
		{"an empty code", with(func(in *property.RoomTypeInput) { in.Code = "" }), app.EINVALID, "code must be 1 to 16"},
		{"a code with a space", with(func(in *property.RoomTypeInput) { in.Code = "DE LUXE" }), app.EINVALID, "code must be 1 to 16"},
		{"a code of 17 characters", with(func(in *property.RoomTypeInput) { in.Code = strings.Repeat("A", 17) }), app.EINVALID, "code must be 1 to 16"},
		{"a code taken in the hotel, in lower case", with(func(in *property.RoomTypeInput) { in.Code = "dlx" }), app.ECONFLICT, "DLX is taken"},
		{"no name", with(func(in *property.RoomTypeInput) { in.Name = "  " }), app.EINVALID, "name must be 1 to 100"},
		{"an unknown bed type", with(func(in *property.RoomTypeInput) { in.BedType = "hammock" }), app.EINVALID, "bed type"},
		{"a negative area", with(func(in *property.RoomTypeInput) { in.AreaM2 = -1 }), app.EINVALID, "area"},
		{"an area over 1000 m²", with(func(in *property.RoomTypeInput) { in.AreaM2 = 1000.5 }), app.EINVALID, "area"},
		{"no adults", with(func(in *property.RoomTypeInput) { in.MaxAdults = 0 }), app.EINVALID, "adults"},
		{"21 adults", with(func(in *property.RoomTypeInput) { in.MaxAdults = 21 }), app.EINVALID, "adults"},
		{"negative children", with(func(in *property.RoomTypeInput) { in.MaxChildren = -1 }), app.EINVALID, "children"},
		{"51 amenities", with(func(in *property.RoomTypeInput) {
			for i := range 51 {
				in.Amenities = append(in.Amenities, "amenity "+string(rune('A'+i%26))+string(rune('a'+i/26)))
			}
		}), app.EINVALID, "at most 50 amenities"},
		{"a blank amenity", with(func(in *property.RoomTypeInput) { in.Amenities = []string{"wifi", " "} }), app.EINVALID, "blank"},
		{"a long amenity", with(func(in *property.RoomTypeInput) { in.Amenities = []string{strings.Repeat("x", 61)} }), app.EINVALID, "at most 60"},
		{"a description in French", with(func(in *property.RoomTypeInput) { in.Descriptions = map[string]string{"fr": "Chambre"} }), app.EINVALID, `not "fr"`},
		{"a description over 4000 characters", with(func(in *property.RoomTypeInput) {
			in.Descriptions = map[string]string{"zh-CN": strings.Repeat("房", 4001)}
		}), app.EINVALID, "at most 4000"},
	})

	t.Run("the same code in another hotel is fine", func(t *testing.T) {
		other := d.addHotel(t, property.HotelInput{Name: "Bay", TimeZone: "UTC", Currency: "EUR"})
		d.addType(t, other.ID, "DLX")
	})
	t.Run("the code is upper-cased and lists are tidied", func(t *testing.T) {
		rt, err := d.s.Property.CreateRoomType(bg, d.admin, d.hotel.ID, property.RoomTypeInput{Code: " twn ", Name: "Twin", BedType: "TWIN", MaxAdults: 2,
			Amenities: []string{" wifi", "wifi", "tea"}, Descriptions: map[string]string{"en": " Two beds. ", "zh-CN": "双床"}})
		mustNot(t, err)
		if rt.Code != "TWN" || rt.BedType != "twin" || !slices.Equal(rt.Amenities, []string{"wifi", "tea"}) || rt.Descriptions["en"] != "Two beds." || rt.Photos == nil {
			t.Errorf("room type = %+v", rt)
		}
	})
	t.Run("a change to a taken code is refused", func(t *testing.T) {
		std := d.addType(t, d.hotel.ID, "STD3")
		before := d.hash(t)
		_, err := d.s.Property.UpdateRoomType(bg, d.admin, std.ID, property.RoomTypePatch{Code: ptr("Dlx")})
		if code(err) != app.ECONFLICT || d.hash(t) != before {
			t.Errorf("err = %v, want conflict and no change", err)
		}
		got, err := d.s.Property.UpdateRoomType(bg, d.admin, dlx.ID, property.RoomTypePatch{Code: ptr("dlx"), Name: ptr("Deluxe")})
		mustNot(t, err)
		if got.Code != "DLX" || got.Name != "Deluxe" {
			t.Errorf("keeping its own code: %+v", got)
		}
	})
}

func TestRoomTypesAreListedByCodeWithFilters(t *testing.T) {
	d := newPropDesk(t)
	for _, in := range []property.RoomTypeInput{
		{Code: "TWN", Name: "Twin", BedType: "twin", MaxAdults: 2, Amenities: []string{"Balcony"}},
		{Code: "DLX", Name: "Deluxe King", BedType: "king", MaxAdults: 2},
		{Code: "STD", Name: "Standard", BedType: "double", MaxAdults: 2, Amenities: []string{"sea view"}},
	} {
		_, err := d.s.Property.CreateRoomType(bg, d.admin, d.hotel.ID, in)
		mustNot(t, err)
	}
	tests := []struct {
		name string
		f    property.RoomTypeFilter
		want []string
	}{
		{"all, by code", property.RoomTypeFilter{}, []string{"DLX", "STD", "TWN"}},
		{"a word of the name", property.RoomTypeFilter{Q: "king"}, []string{"DLX"}},
		{"an amenity", property.RoomTypeFilter{Q: "BALCONY"}, []string{"TWN"}},
		{"a bed type", property.RoomTypeFilter{BedType: "double"}, []string{"STD"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, err := d.s.Property.ListRoomTypes(bg, d.admin, d.hotel.ID, tt.f)
			mustNot(t, err)
			var codes []string
			for _, rt := range list {
				codes = append(codes, rt.Code)
			}
			if !slices.Equal(codes, tt.want) {
				t.Errorf("codes = %v, want %v", codes, tt.want)
			}
		})
	}
	if _, err := d.s.Property.ListRoomTypes(bg, d.admin, d.hotel.ID, property.RoomTypeFilter{BedType: "hammock"}); code(err) != app.EINVALID {
		t.Errorf("bed_type=hammock: %v, want invalid", err)
	}
}

func TestAnotherHotelsPropertyIsNotFound(t *testing.T) {
	d := newPropDesk(t)
	mine := d.hotel
	other := d.addHotel(t, property.HotelInput{Name: "Bay", TimeZone: "UTC", Currency: "EUR"})
	rt := d.addType(t, other.ID, "DLX")
	room := d.addRoom(t, other.ID, rt.ID, "101", 1)
	plan := d.addPlan(t, other.ID, rt.ID, "BAR")
	mona := roleActor(t, access.RoleHotelManager, app.Hotels(mine.ID))
	myType := d.addType(t, mine.ID, "STD")
	calls := []struct {
		name string
		call func() error
	}{
		{"list its room types", func() error {
			_, err := d.s.Property.ListRoomTypes(bg, mona, other.ID, property.RoomTypeFilter{})
			return err
		}},
		{"add a room type", func() error {
			_, err := d.s.Property.CreateRoomType(bg, mona, other.ID, property.RoomTypeInput{Code: "X", Name: "X", BedType: "king", MaxAdults: 1})
			return err
		}},
		{"read a room type", func() error { _, err := d.s.Property.GetRoomType(bg, mona, rt.ID); return err }},
		{"change a room type", func() error {
			_, err := d.s.Property.UpdateRoomType(bg, mona, rt.ID, property.RoomTypePatch{Name: ptr("Mine")})
			return err
		}},
		{"delete a room type", func() error { return d.s.Property.DeleteRoomType(bg, mona, rt.ID) }},
		{"add a photo", func() error {
			_, err := d.s.Property.AddPhoto(bg, mona, rt.ID, bytes.NewReader(pngBytes(t, 10, 10)), "image/png")
			return err
		}},
		{"list its rooms", func() error { _, err := d.s.Property.ListRooms(bg, mona, other.ID, property.RoomFilter{}); return err }},
		{"add a room", func() error {
			_, err := d.s.Property.CreateRoom(bg, mona, other.ID, property.RoomInput{Number: "1", RoomTypeID: rt.ID})
			return err
		}},
		{"read a room", func() error { _, err := d.s.Property.GetRoom(bg, mona, room.ID); return err }},
		{"change a room", func() error {
			_, err := d.s.Property.UpdateRoom(bg, mona, room.ID, property.RoomPatch{Floor: ptr(3)})
			return err
		}},
		{"set the housekeeping status", func() error { _, err := d.s.Property.SetHousekeeping(bg, mona, room.ID, "dirty"); return err }},
		{"take a room out of order", func() error {
			_, err := d.s.Property.AddOutOfOrder(bg, mona, room.ID, property.OutOfOrderInput{From: "2026-12-01", To: "2026-12-02", Reason: "paint"})
			return err
		}},
		{"delete a room", func() error { return d.s.Property.DeleteRoom(bg, mona, room.ID) }},
		{"list its rate plans", func() error {
			_, err := d.s.Property.ListRatePlans(bg, mona, other.ID, property.RatePlanFilter{})
			return err
		}},
		{"read a rate plan", func() error { _, err := d.s.Property.GetRatePlan(bg, mona, plan.ID); return err }},
		{"change a rate plan", func() error {
			_, err := d.s.Property.UpdateRatePlan(bg, mona, plan.ID, property.RatePlanPatch{BaseRate: ptr(int64(1))})
			return err
		}},
		{"delete a rate plan", func() error { return d.s.Property.DeleteRatePlan(bg, mona, plan.ID) }},
		{"read its rate calendar", func() error { _, err := d.s.Property.RateCalendar(bg, mona, other.ID, "", "", ""); return err }},
		{"read a plan of it in their own calendar", func() error { _, err := d.s.Property.RateCalendar(bg, mona, mine.ID, "", "", plan.ID); return err }},
		{"change its rate calendar", func() error {
			_, err := d.s.Property.SetRateCalendar(bg, mona, other.ID, property.RateCalendarChange{RatePlanID: plan.ID, From: "2026-12-01", To: "2026-12-02", Set: property.RateDaySet{StopSell: ptr(true)}})
			return err
		}},
		{"change its inventory", func() error {
			_, err := d.s.Property.SetInventory(bg, mona, other.ID, property.InventoryChange{RoomTypeID: rt.ID, From: "2026-12-01", To: "2026-12-02", Cap: ptr(1)})
			return err
		}},
	}
	for _, tt := range calls {
		t.Run("cannot "+tt.name, func(t *testing.T) {
			before := d.hash(t)
			err := tt.call()
			if code(err) != app.ENOTFOUND {
				t.Fatalf("err = %v, want not_found", err)
			}
			if strings.Contains(app.ErrorMessage(err), "Bay") {
				t.Errorf("the message names the other hotel: %s", app.ErrorMessage(err))
			}
			if d.hash(t) != before {
				t.Error("the refused call changed the store")
			}
		})
	}
	t.Run("cannot put another hotel's room type in their hotel", func(t *testing.T) {
		_, err := d.s.Property.CreateRoom(bg, mona, mine.ID, property.RoomInput{Number: "1", RoomTypeID: rt.ID})
		if code(err) != app.EINVALID {
			t.Errorf("err = %v, want invalid", err)
		}
		_, err = d.s.Property.CreateRatePlan(bg, mona, mine.ID, property.RatePlanInput{RoomTypeID: rt.ID, Code: "X", Name: "X"})
		if code(err) != app.EINVALID {
			t.Errorf("err = %v, want invalid", err)
		}
	})
	t.Run("still works in their own hotel", func(t *testing.T) {
		if _, err := d.s.Property.GetRoomType(bg, mona, myType.ID); err != nil {
			t.Error(err)
		}
	})
}

func TestARoomTypeWithRoomsOrPlansIsNotDeleted(t *testing.T) {
	d := newPropDesk(t)
	rt := d.addType(t, d.hotel.ID, "DLX")
	room := d.addRoom(t, d.hotel.ID, rt.ID, "101", 1)
	plan := d.addPlan(t, d.hotel.ID, rt.ID, "BAR")
	_, err := d.s.Property.SetInventory(bg, d.admin, d.hotel.ID, property.InventoryChange{RoomTypeID: rt.ID, From: "2026-12-01", To: "2026-12-03", Cap: ptr(1)})
	mustNot(t, err)
	checkRefusals(t, d, []refusal{
		{"while it has a room", func() error { return d.s.Property.DeleteRoomType(bg, d.admin, rt.ID) }, app.ECONFLICT, "1 room"},
	})
	mustNot(t, d.s.Property.DeleteRoom(bg, d.admin, room.ID))
	checkRefusals(t, d, []refusal{
		{"while it has a rate plan", func() error { return d.s.Property.DeleteRoomType(bg, d.admin, rt.ID) }, app.ECONFLICT, "rate plan BAR"},
	})
	mustNot(t, d.s.Property.DeleteRatePlan(bg, d.admin, plan.ID))
	mustNot(t, d.s.Property.DeleteRoomType(bg, d.admin, rt.ID))
	if _, err := d.s.Property.GetRoomType(bg, d.admin, rt.ID); code(err) != app.ENOTFOUND {
		t.Errorf("after deletion: %v", err)
	}
	if st, _ := d.s.DB.Stats(); st.ByKind["inventory_day"] != 0 {
		t.Errorf("%d inventory caps of the deleted type remain", st.ByKind["inventory_day"])
	}
}

func TestBadRoomsAreRefusedAndChangeNothing(t *testing.T) {
	d := newPropDesk(t)
	rt := d.addType(t, d.hotel.ID, "DLX")
	r101 := d.addRoom(t, d.hotel.ID, rt.ID, "101", 1)
	good := property.RoomInput{Number: "102", Floor: 1, RoomTypeID: rt.ID}
	with := func(f func(*property.RoomInput)) func() error {
		in := good
		f(&in)
		return func() error { _, err := d.s.Property.CreateRoom(bg, d.admin, d.hotel.ID, in); return err }
	}
	checkRefusals(t, d, []refusal{
		{"no number", with(func(in *property.RoomInput) { in.Number = " " }), app.EINVALID, "room number"},
		{"a number of 11 characters", with(func(in *property.RoomInput) { in.Number = "12345678901" }), app.EINVALID, "room number"},
		{"a taken number", with(func(in *property.RoomInput) { in.Number = " 101" }), app.ECONFLICT, "room 101 already"},
		{"floor -6", with(func(in *property.RoomInput) { in.Floor = -6 }), app.EINVALID, "floor"},
		{"floor 201", with(func(in *property.RoomInput) { in.Floor = 201 }), app.EINVALID, "floor"},
		{"an unknown room type", with(func(in *property.RoomInput) { in.RoomTypeID = "nope" }), app.EINVALID, "no room type"},
		{"an unknown housekeeping status", with(func(in *property.RoomInput) { in.Housekeeping = "sparkling" }), app.EINVALID, "housekeeping status"},
		{"a blank feature", with(func(in *property.RoomInput) { in.Features = []string{""} }), app.EINVALID, "blank"},
	})
	t.Run("a change to a taken number is refused", func(t *testing.T) {
		r102 := d.addRoom(t, d.hotel.ID, rt.ID, "102", 1)
		before := d.hash(t)
		_, err := d.s.Property.UpdateRoom(bg, d.admin, r102.ID, property.RoomPatch{Number: ptr("101")})
		if code(err) != app.ECONFLICT || d.hash(t) != before {
			t.Errorf("err = %v, want conflict and no change", err)
		}
		got, err := d.s.Property.UpdateRoom(bg, d.admin, r101.ID, property.RoomPatch{Number: ptr("101"), Floor: ptr(2), Features: &[]string{"sea view"}})
		mustNot(t, err)
		if got.Number != "101" || got.Floor != 2 || !slices.Equal(got.Features, []string{"sea view"}) {
			t.Errorf("room = %+v", got)
		}
	})
	t.Run("a new room is clean", func(t *testing.T) {
		if r101.Housekeeping != "clean" || r101.OutOfOrder == nil || r101.Features == nil {
			t.Errorf("room = %+v", r101)
		}
	})
}

func TestRoomsAreListedInNaturalOrderWithFilters(t *testing.T) {
	d := newPropDesk(t)
	dlx := d.addType(t, d.hotel.ID, "DLX")
	std := d.addType(t, d.hotel.ID, "STD")
	for _, r := range []struct {
		number string
		floor  int
		typeID string
	}{{"10", 1, dlx.ID}, {"9", 0, std.ID}, {"101", 1, std.ID}, {"B2", -1, dlx.ID}, {"1001", 10, dlx.ID}} {
		d.addRoom(t, d.hotel.ID, r.typeID, r.number, r.floor)
	}
	list, err := d.s.Property.ListRooms(bg, d.admin, d.hotel.ID, property.RoomFilter{})
	mustNot(t, err)
	if _, err := d.s.Property.SetHousekeeping(bg, d.admin, list[1].ID, "dirty"); err != nil { // room 10
		t.Fatal(err)
	}
	tests := []struct {
		name string
		f    property.RoomFilter
		want []string
	}{
		{"all, 9 before 10", property.RoomFilter{}, []string{"9", "10", "101", "1001", "B2"}},
		{"of a type", property.RoomFilter{RoomTypeID: std.ID}, []string{"9", "101"}},
		{"on a floor", property.RoomFilter{Floor: ptr(1)}, []string{"10", "101"}},
		{"on floor 0", property.RoomFilter{Floor: ptr(0)}, []string{"9"}},
		{"dirty", property.RoomFilter{Housekeeping: "dirty"}, []string{"10"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, err := d.s.Property.ListRooms(bg, d.admin, d.hotel.ID, tt.f)
			mustNot(t, err)
			var numbers []string
			for _, r := range list {
				numbers = append(numbers, r.Number)
			}
			if !slices.Equal(numbers, tt.want) {
				t.Errorf("rooms = %v, want %v", numbers, tt.want)
			}
		})
	}
}

func TestHousekeepingSetsTheRoomStatusAndNothingElse(t *testing.T) {
	d := newPropDesk(t)
	rt := d.addType(t, d.hotel.ID, "DLX")
	room := d.addRoom(t, d.hotel.ID, rt.ID, "101", 1)
	keeper := roleActor(t, access.RoleHousekeeping, app.Hotels(d.hotel.ID))
	got, err := d.s.Property.SetHousekeeping(bg, keeper, room.ID, "inspected")
	mustNot(t, err)
	if got.Housekeeping != "inspected" {
		t.Errorf("status = %s", got.Housekeeping)
	}
	counter := roleActor(t, access.RoleAccountant, app.AllHotels)
	checkRefusals(t, d, []refusal{
		{"an unknown status", func() error { _, err := d.s.Property.SetHousekeeping(bg, keeper, room.ID, "sparkling"); return err }, app.EINVALID, "housekeeping status"},
		{"an accountant", func() error { _, err := d.s.Property.SetHousekeeping(bg, counter, room.ID, "dirty"); return err }, app.EFORBIDDEN, "housekeeping.update"},
		{"housekeeping renumbering a room", func() error {
			n := "999"
			_, err := d.s.Property.UpdateRoom(bg, keeper, room.ID, property.RoomPatch{Number: &n})
			return err
		}, app.EFORBIDDEN, "rooms.update"},
		{"housekeeping adding a room", func() error {
			_, err := d.s.Property.CreateRoom(bg, keeper, d.hotel.ID, property.RoomInput{Number: "1", RoomTypeID: rt.ID})
			return err
		}, app.EFORBIDDEN, "rooms.create"},
	})
}

func TestOutOfOrderPeriodsComeAndGo(t *testing.T) {
	d := newPropDesk(t)
	rt := d.addType(t, d.hotel.ID, "DLX")
	room := d.addRoom(t, d.hotel.ID, rt.ID, "101", 1)
	got, err := d.s.Property.AddOutOfOrder(bg, d.admin, room.ID, property.OutOfOrderInput{From: "2026-12-01", To: "2026-12-04", Reason: " new carpet "})
	mustNot(t, err)
	if len(got.OutOfOrder) != 1 || got.OutOfOrder[0].Reason != "new carpet" || got.OutOfOrder[0].ID == "" {
		t.Fatalf("out of order = %+v", got.OutOfOrder)
	}
	for date, want := range map[string]bool{"2026-11-30": true, "2026-12-01": false, "2026-12-03": false, "2026-12-04": true} {
		if got.Sellable(date) != want {
			t.Errorf("Sellable(%s) = %v, want %v", date, !want, want)
		}
	}
	add := func(from, to, reason string) func() error {
		return func() error {
			_, err := d.s.Property.AddOutOfOrder(bg, d.admin, room.ID, property.OutOfOrderInput{From: from, To: to, Reason: reason})
			return err
		}
	}
	checkRefusals(t, d, []refusal{
		{"a period ending before it starts", add("2026-12-10", "2026-12-09", "x"), app.EINVALID, "must come before"},
		{"an empty period", add("2026-12-10", "2026-12-10", "x"), app.EINVALID, "must come before"},
		{"a bad date", add("2026-13-01", "2026-12-10", "x"), app.EINVALID, "not a date"},
		{"no reason", add("2026-12-10", "2026-12-11", " "), app.EINVALID, "reason"},
		{"a reason over 200 characters", add("2026-12-10", "2026-12-11", strings.Repeat("r", 201)), app.EINVALID, "reason"},
		{"more than a year", add("2026-12-10", "2027-12-12", "x"), app.EINVALID, "at most 366"},
		{"an overlapping period", add("2026-12-03", "2026-12-05", "x"), app.ECONFLICT, "out of order from 2026-12-01 to 2026-12-04"},
		{"the removal of an unknown period", func() error { _, err := d.s.Property.RemoveOutOfOrder(bg, d.admin, room.ID, "nope"); return err }, app.ENOTFOUND, "no out-of-order period"},
	})
	got, err = d.s.Property.AddOutOfOrder(bg, d.admin, room.ID, property.OutOfOrderInput{From: "2026-12-04", To: "2026-12-05", Reason: "dry"})
	mustNot(t, err)
	got, err = d.s.Property.RemoveOutOfOrder(bg, d.admin, room.ID, got.OutOfOrder[0].ID)
	mustNot(t, err)
	if len(got.OutOfOrder) != 1 || got.OutOfOrder[0].From != "2026-12-04" || !got.Sellable("2026-12-01") {
		t.Errorf("after removal: %+v", got.OutOfOrder)
	}
}

func TestBadRatePlansAreRefusedAndChangeNothing(t *testing.T) {
	d := newPropDesk(t)
	rt := d.addType(t, d.hotel.ID, "DLX") // sleeps 3 adults
	single, err := d.s.Property.CreateRoomType(bg, d.admin, d.hotel.ID, property.RoomTypeInput{Code: "SGL", Name: "Single", BedType: "single", MaxAdults: 1})
	mustNot(t, err)
	bar := d.addPlan(t, d.hotel.ID, rt.ID, "BAR")
	good := property.RatePlanInput{RoomTypeID: rt.ID, Code: "FLEX", Name: "Flexible", BaseRate: 50000}
	with := func(f func(*property.RatePlanInput)) func() error {
		in := good
		f(&in)
		return func() error { _, err := d.s.Property.CreateRatePlan(bg, d.admin, d.hotel.ID, in); return err }
	}
	season := func(name, from, to string) property.Season {
		return property.Season{Name: name, From: from, To: to, Rate: 1000}
	}
	checkRefusals(t, d, []refusal{
		{"a bad code", with(func(in *property.RatePlanInput) { in.Code = "flex rate" }), app.EINVALID, "code must be"},
		{"a taken code", with(func(in *property.RatePlanInput) { in.Code = "bar" }), app.ECONFLICT, "BAR is taken"},
		{"no name", with(func(in *property.RatePlanInput) { in.Name = "" }), app.EINVALID, "name"},
		{"no room type", with(func(in *property.RatePlanInput) { in.RoomTypeID = "" }), app.EINVALID, "no room type"},
		{"a negative rate", with(func(in *property.RatePlanInput) { in.BaseRate = -1 }), app.EINVALID, "base rate"},
		{"a rate over 10^9", with(func(in *property.RatePlanInput) { in.WeekendRate = 1_000_000_001 }), app.EINVALID, "weekend rate"},
		{"a negative extra", with(func(in *property.RatePlanInput) { in.ExtraChild = -5 }), app.EINVALID, "extra child"},
		{"weekday 7", with(func(in *property.RatePlanInput) { in.WeekendDays = []int{6, 7} }), app.EINVALID, "0 (Sunday) to 6"},
		{"a weekday twice", with(func(in *property.RatePlanInput) { in.WeekendDays = []int{5, 5} }), app.EINVALID, "twice"},
		{"more included adults than the type sleeps", with(func(in *property.RatePlanInput) { in.IncludedAdults = 4 }), app.EINVALID, "1 to 3 adults"},
		{"a negative minimum stay", with(func(in *property.RatePlanInput) { in.MinStay = -1 }), app.EINVALID, "minimum stay"},
		{"a maximum stay over 365", with(func(in *property.RatePlanInput) { in.MaxStay = 366 }), app.EINVALID, "maximum stay"},
		{"a maximum below the minimum", with(func(in *property.RatePlanInput) { in.MinStay, in.MaxStay = 3, 2 }), app.EINVALID, "shorter than the minimum"},
		{"a season ending before it starts", with(func(in *property.RatePlanInput) {
			in.Seasons = []property.Season{season("Summer", "2027-09-01", "2027-06-01")}
		}), app.EINVALID, "must come before"},
		{"a season with a bad date", with(func(in *property.RatePlanInput) {
			in.Seasons = []property.Season{season("Summer", "2027-06-31", "2027-09-01")}
		}), app.EINVALID, "not a date"},
		{"a season without a name", with(func(in *property.RatePlanInput) {
			in.Seasons = []property.Season{season("", "2027-06-01", "2027-09-01")}
		}), app.EINVALID, "name"},
		{"a season with a negative rate", with(func(in *property.RatePlanInput) {
			in.Seasons = []property.Season{{Name: "Summer", From: "2027-06-01", To: "2027-09-01", Rate: -1}}
		}), app.EINVALID, "season \"Summer\" rate"},
		{"overlapping seasons", with(func(in *property.RatePlanInput) {
			in.Seasons = []property.Season{season("Autumn", "2027-08-31", "2027-11-01"), season("Summer", "2027-06-01", "2027-09-01")}
		}), app.EINVALID, "overlap"},
	})
	t.Run("a change to a taken code is refused", func(t *testing.T) {
		flex := d.addPlan(t, d.hotel.ID, rt.ID, "FLEX2")
		before := d.hash(t)
		_, err := d.s.Property.UpdateRatePlan(bg, d.admin, flex.ID, property.RatePlanPatch{Code: ptr("bar")})
		if code(err) != app.ECONFLICT || d.hash(t) != before {
			t.Errorf("err = %v, want conflict and no change", err)
		}
	})
	t.Run("defaults: Friday and Saturday nights, two adults or fewer", func(t *testing.T) {
		if !slices.Equal(bar.WeekendDays, []int{5, 6}) || bar.IncludedAdults != 2 || bar.Seasons == nil {
			t.Errorf("plan = %+v", bar)
		}
		p, err := d.s.Property.CreateRatePlan(bg, d.admin, d.hotel.ID, property.RatePlanInput{RoomTypeID: single.ID, Code: "SGL", Name: "Single", WeekendDays: []int{}})
		mustNot(t, err)
		if p.IncludedAdults != 1 || len(p.WeekendDays) != 0 {
			t.Errorf("plan of a single = %+v", p)
		}
	})
	t.Run("seasons that touch do not overlap", func(t *testing.T) {
		_, err := d.s.Property.CreateRatePlan(bg, d.admin, d.hotel.ID, property.RatePlanInput{RoomTypeID: rt.ID, Code: "SEA", Name: "Seasonal",
			Seasons: []property.Season{season("Summer", "2027-06-01", "2027-09-01"), season("Autumn", "2027-09-01", "2027-11-01")}})
		mustNot(t, err)
	})
	t.Run("a room type's adults cannot drop below a plan's", func(t *testing.T) {
		before := d.hash(t)
		_, err := d.s.Property.UpdateRoomType(bg, d.admin, rt.ID, property.RoomTypePatch{MaxAdults: ptr(1)})
		if code(err) != app.EINVALID || !strings.Contains(app.ErrorMessage(err), "rate plan BAR includes 2") || d.hash(t) != before {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("a change keeps the other fields", func(t *testing.T) {
		got, err := d.s.Property.UpdateRatePlan(bg, d.admin, bar.ID, property.RatePlanPatch{BaseRate: ptr(int64(55000)), MinStay: ptr(2)})
		mustNot(t, err)
		if got.BaseRate != 55000 || got.MinStay != 2 || got.WeekendRate != bar.WeekendRate || got.Code != "BAR" || got.RoomTypeID != rt.ID {
			t.Errorf("plan = %+v", got)
		}
	})
}

func TestRatePlansAreListedPerHotelAndType(t *testing.T) {
	d := newPropDesk(t)
	dlx := d.addType(t, d.hotel.ID, "DLX")
	std := d.addType(t, d.hotel.ID, "STD")
	d.addPlan(t, d.hotel.ID, std.ID, "STD-BAR")
	d.addPlan(t, d.hotel.ID, dlx.ID, "BAR")
	d.addPlan(t, d.hotel.ID, dlx.ID, "NRF")
	codes := func(f property.RatePlanFilter) []string {
		list, err := d.s.Property.ListRatePlans(bg, d.admin, d.hotel.ID, f)
		mustNot(t, err)
		var out []string
		for _, p := range list {
			out = append(out, p.Code)
		}
		return out
	}
	if got := codes(property.RatePlanFilter{}); !slices.Equal(got, []string{"BAR", "NRF", "STD-BAR"}) {
		t.Errorf("all plans = %v", got)
	}
	if got := codes(property.RatePlanFilter{RoomTypeID: dlx.ID}); !slices.Equal(got, []string{"BAR", "NRF"}) {
		t.Errorf("plans of DLX = %v", got)
	}
}

func TestRateCalendarSetsAndClearsInBulk(t *testing.T) {
	d := newPropDesk(t)
	rt := d.addType(t, d.hotel.ID, "DLX")
	plan, err := d.s.Property.CreateRatePlan(bg, d.admin, d.hotel.ID, property.RatePlanInput{RoomTypeID: rt.ID, Code: "BAR", Name: "Best", BaseRate: 50000, WeekendRate: 60000,
		MinStay: 1, Seasons: []property.Season{{Name: "Christmas", From: "2026-12-24", To: "2026-12-27", Rate: 90000}}})
	mustNot(t, err)
	audits := func() int {
		page, err := d.s.Audit.List(bg, d.admin, audit.Filter{Action: "rate_calendar.update"})
		mustNot(t, err)
		return len(page.Entries)
	}

	// 2026-12-01 is a Tuesday: Mondays to Thursdays of two weeks get 45000
	// and a minimum stay of 2.
	res, err := d.s.Property.SetRateCalendar(bg, d.admin, d.hotel.ID, property.RateCalendarChange{RatePlanID: plan.ID, From: "2026-11-30", To: "2026-12-14",
		Weekdays: []int{1, 2, 3, 4}, Set: property.RateDaySet{Rate: ptr(int64(45000)), MinStay: ptr(2)}})
	mustNot(t, err)
	if len(res.Dates) != 8 || res.Dates[0] != "2026-11-30" || res.Dates[7] != "2026-12-10" {
		t.Errorf("dates = %v, want 8 Mondays to Thursdays", res.Dates)
	}
	if n := audits(); n != 1 {
		t.Errorf("%d audit entries, want one for the whole change", n)
	}
	_, err = d.s.Property.SetRateCalendar(bg, d.admin, d.hotel.ID, property.RateCalendarChange{RatePlanID: plan.ID, From: "2026-12-05", To: "2026-12-06",
		Set: property.RateDaySet{StopSell: ptr(true), ClosedToArrival: ptr(true)}})
	mustNot(t, err)

	cal, err := d.s.Property.RateCalendar(bg, d.admin, d.hotel.ID, "2026-11-30", "2026-12-07", "")
	mustNot(t, err)
	if len(cal.RatePlans) != 1 || len(cal.RatePlans[0].Days) != 7 || len(cal.Inventory) != 1 {
		t.Fatalf("calendar = %+v", cal)
	}
	want := []property.CalendarDay{
		{Date: "2026-11-30", Price: 45000, MinStay: 2},                                        // Monday, set
		{Date: "2026-12-01", Price: 45000, MinStay: 2},                                        // Tuesday
		{Date: "2026-12-02", Price: 45000, MinStay: 2},                                        // Wednesday
		{Date: "2026-12-03", Price: 45000, MinStay: 2},                                        // Thursday
		{Date: "2026-12-04", Price: 60000, MinStay: 1},                                        // Friday: the plan's weekend
		{Date: "2026-12-05", Price: 60000, MinStay: 1, StopSell: true, ClosedToArrival: true}, // Saturday, closed
		{Date: "2026-12-06", Price: 50000, MinStay: 1},                                        // Sunday
	}
	if !slices.Equal(cal.RatePlans[0].Days, want) {
		t.Errorf("days = %+v\nwant %+v", cal.RatePlans[0].Days, want)
	}

	// Clearing the rate on the Tuesdays leaves the minimum stay.
	_, err = d.s.Property.SetRateCalendar(bg, d.admin, d.hotel.ID, property.RateCalendarChange{RatePlanID: plan.ID, From: "2026-11-30", To: "2026-12-14",
		Weekdays: []int{2}, Clear: []string{"rate"}})
	mustNot(t, err)
	// Clearing everything on the Saturday removes its calendar entry.
	_, err = d.s.Property.SetRateCalendar(bg, d.admin, d.hotel.ID, property.RateCalendarChange{RatePlanID: plan.ID, From: "2026-12-05", To: "2026-12-06",
		Clear: []string{"stop_sell", "closed_to_arrival"}})
	mustNot(t, err)
	cal, err = d.s.Property.RateCalendar(bg, d.admin, d.hotel.ID, "2026-12-01", "2026-12-06", plan.ID)
	mustNot(t, err)
	if got := cal.RatePlans[0].Days[0]; got.Price != 50000 || got.MinStay != 2 {
		t.Errorf("Tuesday after clearing the rate = %+v", got)
	}
	if got := cal.RatePlans[0].Days[4]; got.StopSell || got.ClosedToArrival {
		t.Errorf("Saturday after clearing = %+v", got)
	}
	if st, _ := d.s.DB.Stats(); st.ByKind["rate_day"] != 8 {
		t.Errorf("%d calendar days stored, want the 8 with a minimum stay", st.ByKind["rate_day"])
	}
	cal, err = d.s.Property.RateCalendar(bg, d.admin, d.hotel.ID, "2026-12-24", "2026-12-25", "")
	mustNot(t, err)
	if got := cal.RatePlans[0].Days[0].Price; got != 90000 {
		t.Errorf("Christmas Eve = %d, want the season's 90000", got)
	}
	t.Run("with no range it shows two weeks from the business date", func(t *testing.T) {
		cal, err := d.s.Property.RateCalendar(bg, d.admin, d.hotel.ID, "", "", "")
		mustNot(t, err)
		if cal.From != d.hotel.BusinessDate || len(cal.RatePlans[0].Days) != property.DefaultCalendarDays {
			t.Errorf("calendar from %s with %d days", cal.From, len(cal.RatePlans[0].Days))
		}
	})

	change := func(c property.RateCalendarChange) func() error {
		return func() error {
			if c.RatePlanID == "" {
				c.RatePlanID = plan.ID
			}
			_, err := d.s.Property.SetRateCalendar(bg, d.admin, d.hotel.ID, c)
			return err
		}
	}
	rate := property.RateDaySet{Rate: ptr(int64(1))}
	checkRefusals(t, d, []refusal{
		{"an unknown plan", change(property.RateCalendarChange{RatePlanID: "nope", From: "2026-12-01", To: "2026-12-02", Set: rate}), app.EINVALID, "no rate plan"},
		{"a range over 366 days", change(property.RateCalendarChange{From: "2026-12-01", To: "2027-12-03", Set: rate}), app.EINVALID, "at most 366"},
		{"a reversed range", change(property.RateCalendarChange{From: "2026-12-02", To: "2026-12-01", Set: rate}), app.EINVALID, "must come before"},
		{"weekday 7", change(property.RateCalendarChange{From: "2026-12-01", To: "2026-12-08", Weekdays: []int{7}, Set: rate}), app.EINVALID, "0 (Sunday) to 6"},
		{"weekdays the range misses", change(property.RateCalendarChange{From: "2026-12-01", To: "2026-12-02", Weekdays: []int{0}, Set: rate}), app.EINVALID, "no date"},
		{"nothing to do", change(property.RateCalendarChange{From: "2026-12-01", To: "2026-12-02"}), app.EINVALID, "nothing"},
		{"a negative rate", change(property.RateCalendarChange{From: "2026-12-01", To: "2026-12-02", Set: property.RateDaySet{Rate: ptr(int64(-1))}}), app.EINVALID, "rate"},
		{"a minimum stay of 366", change(property.RateCalendarChange{From: "2026-12-01", To: "2026-12-02", Set: property.RateDaySet{MinStay: ptr(366)}}), app.EINVALID, "minimum stay"},
		{"an unknown field to clear", change(property.RateCalendarChange{From: "2026-12-01", To: "2026-12-02", Clear: []string{"price"}}), app.EINVALID, `"price"`},
		{"a field set and cleared", change(property.RateCalendarChange{From: "2026-12-01", To: "2026-12-02", Set: rate, Clear: []string{"rate"}}), app.EINVALID, "both set and cleared"},
		{"a maximum below a day's minimum", change(property.RateCalendarChange{From: "2026-12-01", To: "2026-12-03", Set: property.RateDaySet{MaxStay: ptr(1)}}), app.EINVALID, "on 2026-12-01 the maximum stay (1)"},
		{"a calendar range over 366 days", func() error {
			_, err := d.s.Property.RateCalendar(bg, d.admin, d.hotel.ID, "2026-01-01", "2027-01-03", "")
			return err
		}, app.EINVALID, "at most 366"},
	})
}

func TestInventoryCapsAreSetAndLifted(t *testing.T) {
	d := newPropDesk(t)
	rt := d.addType(t, d.hotel.ID, "DLX")
	other := d.addType(t, d.hotel.ID, "STD")
	res, err := d.s.Property.SetInventory(bg, d.admin, d.hotel.ID, property.InventoryChange{RoomTypeID: rt.ID, From: "2026-12-01", To: "2026-12-04", Cap: ptr(3)})
	mustNot(t, err)
	if len(res.Dates) != 3 {
		t.Errorf("dates = %v", res.Dates)
	}
	_, err = d.s.Property.SetInventory(bg, d.admin, d.hotel.ID, property.InventoryChange{RoomTypeID: rt.ID, From: "2026-12-02", To: "2026-12-03", Cap: ptr(0)})
	mustNot(t, err)
	_, err = d.s.Property.SetInventory(bg, d.admin, d.hotel.ID, property.InventoryChange{RoomTypeID: rt.ID, From: "2026-12-03", To: "2026-12-05"}) // lifts
	mustNot(t, err)
	cal, err := d.s.Property.RateCalendar(bg, d.admin, d.hotel.ID, "2026-11-30", "2026-12-05", "")
	mustNot(t, err)
	caps := map[string][]string{}
	for _, inv := range cal.Inventory {
		for _, day := range inv.Days {
			v := "none"
			if day.Cap != nil {
				v = string(rune('0' + *day.Cap))
			}
			caps[inv.RoomTypeID] = append(caps[inv.RoomTypeID], v)
		}
	}
	if got := caps[rt.ID]; !slices.Equal(got, []string{"none", "3", "0", "none", "none"}) {
		t.Errorf("caps of DLX = %v", got)
	}
	if got := caps[other.ID]; !slices.Equal(got, []string{"none", "none", "none", "none", "none"}) {
		t.Errorf("caps of STD = %v", got)
	}
	set := func(c property.InventoryChange) func() error {
		return func() error { _, err := d.s.Property.SetInventory(bg, d.admin, d.hotel.ID, c); return err }
	}
	checkRefusals(t, d, []refusal{
		{"a negative cap", set(property.InventoryChange{RoomTypeID: rt.ID, From: "2026-12-01", To: "2026-12-02", Cap: ptr(-1)}), app.EINVALID, "cap must be"},
		{"an unknown room type", set(property.InventoryChange{RoomTypeID: "nope", From: "2026-12-01", To: "2026-12-02", Cap: ptr(1)}), app.EINVALID, "no room type"},
		{"a range over 366 days", set(property.InventoryChange{RoomTypeID: rt.ID, From: "2026-12-01", To: "2028-01-01", Cap: ptr(1)}), app.EINVALID, "at most 366"},
		{"a bad date", set(property.InventoryChange{RoomTypeID: rt.ID, From: "12/01/2026", To: "2026-12-02", Cap: ptr(1)}), app.EINVALID, "not a date"},
	})
}

// pngBytes is a PNG of w×h pixels in a gradient.
func pngBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.NRGBA{R: uint8(x), G: uint8(y), B: 200, A: 255})
		}
	}
	var b bytes.Buffer
	mustNot(t, png.Encode(&b, img))
	return b.Bytes()
}

// jpegBytes is a JPEG of w×h pixels.
func jpegBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{R: 200, G: uint8(x), B: uint8(y), A: 255})
		}
	}
	var b bytes.Buffer
	mustNot(t, jpeg.Encode(&b, img, nil))
	return b.Bytes()
}

func TestPhotosAreCheckedByContentAndGetAThumbnail(t *testing.T) {
	d := newPropDesk(t)
	rt := d.addType(t, d.hotel.ID, "DLX")
	tests := []struct {
		name        string
		data        []byte
		declared    string
		contentType string
		w, h        int
		thumbHeight int
	}{
		{"a PNG", pngBytes(t, 800, 600), "image/png", "image/png", 800, 600, 240},
		{"a JPEG sent as PNG", jpegBytes(t, 640, 1280), "image/png", "image/jpeg", 640, 1280, 640},
		{"a JPEG without a declared type", jpegBytes(t, 1000, 500), "", "image/jpeg", 1000, 500, 160},
		{"a PNG narrower than a thumbnail", pngBytes(t, 160, 100), "image/png", "image/png", 160, 100, 200},
	}
	var ids []string
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := d.s.Property.AddPhoto(bg, d.admin, rt.ID, bytes.NewReader(tt.data), tt.declared)
			mustNot(t, err)
			ids = append(ids, p.ID)
			if p.ContentType != tt.contentType || p.Width != tt.w || p.Height != tt.h || p.Bytes != int64(len(tt.data)) {
				t.Errorf("photo = %+v", p)
			}
			path, ct, err := d.s.Property.PhotoFile(bg, d.admin, p.ID, false)
			mustNot(t, err)
			if ct != tt.contentType {
				t.Errorf("content type = %s", ct)
			}
			if b, err := os.ReadFile(path); err != nil || !bytes.Equal(b, tt.data) {
				t.Errorf("the stored file differs from the upload (%v)", err)
			}
			if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
				t.Errorf("file mode = %v (%v), want 0600", st.Mode().Perm(), err)
			}
			thumbPath, ct, err := d.s.Property.PhotoFile(bg, d.admin, p.ID, true)
			mustNot(t, err)
			if ct != "image/jpeg" || filepath.Dir(thumbPath) != filepath.Join(d.s.DataDir, "photos") {
				t.Errorf("thumbnail %s is %s", thumbPath, ct)
			}
			f, err := os.Open(thumbPath)
			mustNot(t, err)
			defer f.Close()
			cfg, err := jpeg.DecodeConfig(f)
			mustNot(t, err)
			if cfg.Width != 320 || cfg.Height != tt.thumbHeight {
				t.Errorf("thumbnail is %d×%d, want 320×%d", cfg.Width, cfg.Height, tt.thumbHeight)
			}
		})
	}
	got, err := d.s.Property.GetRoomType(bg, d.admin, rt.ID)
	mustNot(t, err)
	if len(got.Photos) != len(tests) {
		t.Fatalf("the type has %d photos, want %d", len(got.Photos), len(tests))
	}

	big := make([]byte, property.MaxPhotoBytes+1)
	copy(big, pngBytes(t, 10, 10))
	_, _ = rand.Read(big[1000:])
	exact := make([]byte, property.MaxPhotoBytes)
	copy(exact, jpegBytes(t, 10, 10)[:3])
	add := func(data []byte, declared string) func() error {
		return func() error {
			_, err := d.s.Property.AddPhoto(bg, d.admin, rt.ID, bytes.NewReader(data), declared)
			return err
		}
	}
	truncated := pngBytes(t, 300, 300)
	truncated = truncated[:len(truncated)/2]
	checkRefusals(t, d, []refusal{
		{"a text file sent as JPEG", add([]byte("this is not a photo, only a name ending in .jpg\n"), "image/jpeg"), app.EINVALID, "JPEG or PNG"},
		{"a GIF", add([]byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), "image/png"), app.EINVALID, "JPEG or PNG"},
		{"a file over 5 MB", add(big, "image/png"), app.EINVALID, "larger than 5 MB"},
		{"a file of 5 MB that is not an image", add(exact, "image/jpeg"), app.EINVALID, "not a readable image/jpeg"},
		{"a broken PNG", add(truncated, "image/png"), app.EINVALID, "not a readable image/png"},
		{"an empty body", add(nil, "image/png"), app.EINVALID, "no image"},
		{"a declared type of text", add(pngBytes(t, 10, 10), "text/plain"), app.EINVALID, "send the photo as"},
		{"an unknown room type", func() error {
			_, err := d.s.Property.AddPhoto(bg, d.admin, "nope", bytes.NewReader(pngBytes(t, 10, 10)), "image/png")
			return err
		}, app.ENOTFOUND, "room type"},
	})
	if entries, _ := os.ReadDir(filepath.Join(d.s.DataDir, "photos")); len(entries) != 2*len(tests) {
		t.Errorf("photos/ holds %d files, want %d (refusals leave none)", len(entries), 2*len(tests))
	}

	t.Run("a deleted photo is gone with its files", func(t *testing.T) {
		path, _, err := d.s.Property.PhotoFile(bg, d.admin, ids[0], false)
		mustNot(t, err)
		mustNot(t, d.s.Property.DeletePhoto(bg, d.admin, rt.ID, ids[0]))
		if _, _, err := d.s.Property.PhotoFile(bg, d.admin, ids[0], false); code(err) != app.ENOTFOUND {
			t.Errorf("after deletion: %v", err)
		}
		if _, err := os.Stat(path); !os.IsNotExist(err) {
			t.Errorf("the file remains: %v", err)
		}
		if err := d.s.Property.DeletePhoto(bg, d.admin, rt.ID, ids[0]); code(err) != app.ENOTFOUND {
			t.Errorf("deleting twice: %v", err)
		}
	})
	t.Run("a photo of another hotel is not found", func(t *testing.T) {
		other := d.addHotel(t, property.HotelInput{Name: "Bay", TimeZone: "UTC", Currency: "EUR"})
		mona := roleActor(t, access.RoleHotelManager, app.Hotels(other.ID))
		if _, _, err := d.s.Property.PhotoFile(bg, mona, ids[1], false); code(err) != app.ENOTFOUND {
			t.Errorf("err = %v, want not_found", err)
		}
		if _, _, err := d.s.Property.PhotoFile(bg, d.admin, "../../keyfile", false); code(err) != app.ENOTFOUND {
			t.Errorf("a path as id: %v, want not_found", err)
		}
	})
	t.Run("a photo whose file is not on this desk is not found", func(t *testing.T) {
		path, _, err := d.s.Property.PhotoFile(bg, d.admin, ids[1], false)
		mustNot(t, err)
		mustNot(t, os.Remove(path))
		if _, _, err := d.s.Property.PhotoFile(bg, d.admin, ids[1], false); code(err) != app.ENOTFOUND || !strings.Contains(app.ErrorMessage(err), "not on this desk") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("deleting the room type removes its files", func(t *testing.T) {
		thumb, _, err := d.s.Property.PhotoFile(bg, d.admin, ids[2], true)
		mustNot(t, err)
		mustNot(t, d.s.Property.DeleteRoomType(bg, d.admin, rt.ID))
		if _, err := os.Stat(thumb); !os.IsNotExist(err) {
			t.Errorf("the thumbnail remains: %v", err)
		}
	})
}
