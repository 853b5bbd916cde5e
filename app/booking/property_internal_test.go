package booking

import (
	"context"
	"image"
	"image/color"
	"innkeep/app"
	"innkeep/app/datadir"
	"innkeep/app/property"
	"innkeep/store"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestNightPrice(t *testing.T) {
	plan := property.RatePlan{BaseRate: 50000, WeekendRate: 60000, WeekendDays: []int{5, 6}, IncludedAdults: 2, ExtraAdult: 15000, ExtraChild: 8000,
		Seasons: []property.Season{
			{Name: "Christmas", From: "2026-12-24", To: "2026-12-27", Rate: 90000, WeekendRate: 95000},
			{Name: "Spring", From: "2027-03-01", To: "2027-04-01", Rate: 40000}, // no weekend rate
		}}
	noWeekendRate := plan
	noWeekendRate.WeekendRate = 0
	rate := func(v int64) *property.RateDay { return &property.RateDay{Rate: &v} }
	tests := []struct {
		name             string
		plan             property.RatePlan
		day              *property.RateDay
		date             string
		adults, children int
		want             int64
	}{
		{"a weekday at the base rate", plan, nil, "2026-12-01", 2, 0, 50000},           // Tuesday
		{"a Friday night at the weekend rate", plan, nil, "2026-12-04", 2, 0, 60000},   // Friday
		{"a Saturday night at the weekend rate", plan, nil, "2026-12-05", 2, 0, 60000}, // Saturday
		{"a Sunday night at the base rate", plan, nil, "2026-12-06", 2, 0, 50000},      // Sunday
		{"a weekend without a weekend rate", noWeekendRate, nil, "2026-12-05", 2, 0, 50000},
		{"a season's weekday", plan, nil, "2026-12-24", 2, 0, 90000},                   // Thursday
		{"a season's weekend", plan, nil, "2026-12-25", 2, 0, 95000},                   // Friday
		{"the night a season ends is not in it", plan, nil, "2026-12-27", 2, 0, 50000}, // Sunday
		{"a season without a weekend rate", plan, nil, "2027-03-05", 2, 0, 40000},      // Friday
		{"the calendar's rate beats the season", plan, rate(70000), "2026-12-25", 2, 0, 70000},
		{"the calendar's rate beats the weekend", plan, rate(45000), "2026-12-05", 2, 0, 45000},
		{"a calendar day without a rate", plan, &property.RateDay{StopSell: true}, "2026-12-05", 2, 0, 60000},
		{"a calendar rate of zero", plan, rate(0), "2026-12-01", 2, 0, 0},
		{"one adult pays the same", plan, nil, "2026-12-01", 1, 0, 50000},
		{"a third adult pays extra", plan, nil, "2026-12-01", 3, 0, 65000},
		{"two extra adults and two children", plan, nil, "2026-12-01", 4, 2, 50000 + 2*15000 + 2*8000},
		{"extras on top of the calendar's rate", plan, rate(30000), "2026-12-01", 3, 1, 30000 + 15000 + 8000},
		{"a malformed date is a weekday", plan, nil, "2026-12-5", 2, 0, 50000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := property.NightPrice(tt.plan, tt.day, tt.date, tt.adults, tt.children); got != tt.want {
				t.Errorf("nightPrice = %d, want %d", got, tt.want)
			}
		})
	}
}

// propInternal is a service on a new store with one hotel, one room type,
// one room and one rate plan, at 2026-11-26 09:00 UTC.
type propInternal struct {
	s     *Service
	a     app.Actor
	hotel property.Hotel
	rt    property.RoomType
	room  property.Room
	plan  property.RatePlan
}

func newPropInternal(t *testing.T) *propInternal {
	t.Helper()
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	return newPropInternalAt(t, func() time.Time { return now })
}

// newPropInternalAt is newPropInternal with the clock now.
func newPropInternalAt(t *testing.T, now func() time.Time) *propInternal {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, datadir.StoreFileName), store.Options{Kinds: testKinds(), Migrations: testMigrations(), NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	p := &propInternal{s: testService(db, dir, now, nil), a: app.CLIActor()}
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	p.hotel, err = p.s.property.CreateHotel(ctx, p.a, property.HotelInput{Name: "Harbour Inn", TimeZone: "Asia/Shanghai", Currency: "CNY"})
	must(err)
	p.rt, err = p.s.property.CreateRoomType(ctx, p.a, p.hotel.ID, property.RoomTypeInput{Code: "DLX", Name: "Deluxe", BedType: "king", MaxAdults: 2})
	must(err)
	p.room, err = p.s.property.CreateRoom(ctx, p.a, p.hotel.ID, property.RoomInput{Number: "101", Floor: 1, RoomTypeID: p.rt.ID})
	must(err)
	p.plan, err = p.s.property.CreateRatePlan(ctx, p.a, p.hotel.ID, property.RatePlanInput{RoomTypeID: p.rt.ID, Code: "BAR", Name: "Best", BaseRate: 50000})
	must(err)
	return p
}

// book writes a reservation directly, as the booking service will.
func (p *propInternal) book(t *testing.T, code, status, checkIn, checkOut string, assigned bool) Reservation {
	t.Helper()
	r := Reservation{ID: app.NewID(time.Now()), HotelID: p.hotel.ID, Code: code, Status: status, RoomTypeID: p.rt.ID, RatePlanID: p.plan.ID,
		CheckIn: checkIn, CheckOut: checkOut, Adults: 2, GuestName: "Wei Zhang", Currency: "CNY"}
	if assigned {
		r.RoomID = p.room.ID
	}
	err := p.s.DB.Update("test", func(tx *store.Tx) error { return Reservations.Create(tx, r.ID, r) })
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (p *propInternal) hash(t *testing.T) string {
	t.Helper()
	h, err := p.s.DB.StateHash()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestDeletesAreRefusedWhileAReservationDependsOnThem(t *testing.T) {
	ctx := context.Background()
	deletes := []struct {
		name string
		del  func(p *propInternal) error
	}{
		{"the room type", func(p *propInternal) error {
			// Rooms and plans would block it first: only the reservation may.
			if err := p.s.DB.Update("test", func(tx *store.Tx) error {
				if err := property.Rooms.Delete(tx, p.room.ID); err != nil {
					return err
				}
				return property.RatePlans.Delete(tx, p.plan.ID)
			}); err != nil {
				return err
			}
			return p.s.property.DeleteRoomType(ctx, p.a, p.rt.ID)
		}},
		{"the room", func(p *propInternal) error { return p.s.property.DeleteRoom(ctx, p.a, p.room.ID) }},
		{"the rate plan", func(p *propInternal) error { return p.s.property.DeleteRatePlan(ctx, p.a, p.plan.ID) }},
	}
	// The business date is 2026-11-26.
	stays := []struct {
		name   string
		status string
		in     string
		out    string
		blocks bool
	}{
		{"a future confirmed booking", StatusConfirmed, "2026-12-01", "2026-12-03", true},
		{"a tentative hold", StatusTentative, "2026-12-01", "2026-12-03", true},
		{"a guest in house leaving today", StatusCheckedIn, "2026-11-24", "2026-11-26", true},
		{"a guest in house leaving tomorrow", StatusCheckedIn, "2026-11-25", "2026-11-27", true},
		{"a cancelled booking", StatusCancelled, "2026-12-01", "2026-12-03", false},
		{"a no-show", StatusNoShow, "2026-11-20", "2026-11-22", false},
		{"a past stay", StatusCheckedOut, "2026-11-20", "2026-11-22", false},
		{"a confirmed booking that left yesterday", StatusConfirmed, "2026-11-20", "2026-11-25", false},
	}
	for _, del := range deletes {
		for _, res := range stays {
			t.Run(del.name+" with "+res.name, func(t *testing.T) {
				p := newPropInternal(t)
				r := p.book(t, "HX7K2M", res.status, res.in, res.out, true)
				before := p.hash(t)
				err := del.del(p)
				if !res.blocks {
					if err != nil {
						t.Fatalf("err = %v, want the deletion to go through", err)
					}
					return
				}
				if app.ErrorCode(err) != app.ECONFLICT || !strings.Contains(app.ErrorMessage(err), r.Code) {
					t.Fatalf("err = %v, want conflict naming %s", err, r.Code)
				}
				if del.name != "the room type" && p.hash(t) != before {
					t.Error("the refused deletion changed the store")
				}
			})
		}
	}
	t.Run("an unassigned reservation is no obstacle while another room of the type is left", func(t *testing.T) {
		p := newPropInternal(t)
		if _, err := p.s.property.CreateRoom(ctx, p.a, p.hotel.ID, property.RoomInput{Number: "102", Floor: 1, RoomTypeID: p.rt.ID}); err != nil {
			t.Fatal(err)
		}
		p.book(t, "HX7K2M", StatusConfirmed, "2026-12-01", "2026-12-03", false) // unassigned
		if err := p.s.property.DeleteRoom(ctx, p.a, p.room.ID); err != nil {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("a room whose booking is of its type cannot change type", func(t *testing.T) {
		p := newPropInternal(t)
		p.book(t, "HX7K2M", StatusConfirmed, "2026-12-01", "2026-12-03", true)
		std, err := p.s.property.CreateRoomType(ctx, p.a, p.hotel.ID, property.RoomTypeInput{Code: "STD", Name: "Standard", BedType: "double", MaxAdults: 2})
		if err != nil {
			t.Fatal(err)
		}
		_, err = p.s.property.UpdateRoom(ctx, p.a, p.room.ID, property.RoomPatch{RoomTypeID: &std.ID})
		if app.ErrorCode(err) != app.ECONFLICT || !strings.Contains(app.ErrorMessage(err), "HX7K2M") {
			t.Errorf("err = %v, want conflict naming the reservation", err)
		}
	})
}

func TestOutOfOrderOverAnAssignedReservationIsRefused(t *testing.T) {
	ctx := context.Background()
	p := newPropInternal(t)
	p.book(t, "HX7K2M", StatusConfirmed, "2026-12-03", "2026-12-06", true)
	p.book(t, "CNCL01", StatusCancelled, "2026-12-10", "2026-12-12", true)
	tests := []struct {
		name     string
		from, to string
		refused  bool
	}{
		{"the same nights", "2026-12-03", "2026-12-06", true},
		{"ending on its first night", "2026-12-01", "2026-12-04", true},
		{"starting on its last night", "2026-12-05", "2026-12-08", true},
		{"ending on its arrival day", "2026-12-01", "2026-12-03", false},
		{"starting on its departure day", "2026-12-06", "2026-12-08", false},
		{"over a cancelled booking", "2026-12-10", "2026-12-12", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := p.hash(t)
			room, err := p.s.property.AddOutOfOrder(ctx, p.a, p.room.ID, property.OutOfOrderInput{From: tt.from, To: tt.to, Reason: "leak"})
			if !tt.refused {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				_, err = p.s.property.RemoveOutOfOrder(ctx, p.a, p.room.ID, room.OutOfOrder[0].ID)
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if app.ErrorCode(err) != app.ECONFLICT || !strings.Contains(app.ErrorMessage(err), "HX7K2M holds room 101") {
				t.Fatalf("err = %v, want conflict naming the reservation", err)
			}
			if p.hash(t) != before {
				t.Error("the refused period changed the store")
			}
		})
	}
}

func TestCalendarLoadersReadTheirRange(t *testing.T) {
	ctx := context.Background()
	p := newPropInternal(t)
	other, err := p.s.property.CreateRatePlan(ctx, p.a, p.hotel.ID, property.RatePlanInput{RoomTypeID: p.rt.ID, Code: "NRF", Name: "Non-refundable", BaseRate: 40000})
	if err != nil {
		t.Fatal(err)
	}
	set := func(planID, from, to string, v int64) {
		t.Helper()
		if _, err := p.s.property.SetRateCalendar(ctx, p.a, p.hotel.ID, property.RateCalendarChange{RatePlanID: planID, From: from, To: to, Set: property.RateDaySet{Rate: &v}}); err != nil {
			t.Fatal(err)
		}
	}
	set(p.plan.ID, "2026-12-01", "2026-12-05", 45000)
	set(other.ID, "2026-12-01", "2026-12-05", 1)
	cap2 := 2
	if _, err := p.s.property.SetInventory(ctx, p.a, p.hotel.ID, property.InventoryChange{RoomTypeID: p.rt.ID, From: "2026-12-02", To: "2026-12-04", Cap: &cap2}); err != nil {
		t.Fatal(err)
	}
	err = p.s.DB.View(func(tx *store.Tx) error {
		days, err := property.LoadRateDays(tx, p.plan.ID, "2026-12-02", "2026-12-04")
		if err != nil {
			return err
		}
		if len(days) != 2 || *days["2026-12-02"].Rate != 45000 || *days["2026-12-03"].Rate != 45000 {
			t.Errorf("rate days = %+v, want the 2nd and 3rd of this plan only", days)
		}
		caps, err := property.LoadInventoryCaps(tx, p.rt.ID, "2026-12-01", "2026-12-31")
		if err != nil {
			return err
		}
		if len(caps) != 2 || caps["2026-12-02"] != 2 || caps["2026-12-03"] != 2 {
			t.Errorf("caps = %v", caps)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("deleting a plan deletes its calendar", func(t *testing.T) {
		if err := p.s.property.DeleteRatePlan(ctx, p.a, other.ID); err != nil {
			t.Fatal(err)
		}
		st, _ := p.s.DB.Stats()
		if st.ByKind["rate_day"] != 4 {
			t.Errorf("%d calendar days remain, want the other plan's 4", st.ByKind["rate_day"])
		}
	})
}

func TestThumbnailsAverageColoursOverWhite(t *testing.T) {
	tests := []struct {
		name string
		img  image.Image
		want color.RGBA
	}{
		{"solid red", solidImage(image.NewRGBA(image.Rect(0, 0, 640, 480)), color.RGBA{R: 255, A: 255}), color.RGBA{R: 255, A: 255}},
		{"transparent becomes white", solidImage(image.NewNRGBA(image.Rect(0, 0, 640, 480)), color.NRGBA{}), color.RGBA{R: 255, G: 255, B: 255, A: 255}},
		{"half-transparent black becomes grey", solidImage(image.NewNRGBA(image.Rect(0, 0, 100, 50)), color.NRGBA{A: 128}), color.RGBA{R: 127, G: 127, B: 127, A: 255}},
		{"grey stays grey", solidImage(image.NewGray(image.Rect(0, 0, 1000, 10)), color.Gray{Y: 100}), color.RGBA{R: 100, G: 100, B: 100, A: 255}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := property.Thumbnail(tt.img, property.ThumbnailWidth)
			b := tt.img.Bounds()
			if th.Bounds().Dx() != 320 || th.Bounds().Dy() != max(1, b.Dy()*320/b.Dx()) {
				t.Errorf("thumbnail is %v", th.Bounds())
			}
			for _, pt := range []image.Point{{0, 0}, {319, th.Bounds().Dy() - 1}, {160, th.Bounds().Dy() / 2}} {
				got := th.RGBAAt(pt.X, pt.Y)
				if byteDiff(got.R, tt.want.R) > 1 || byteDiff(got.G, tt.want.G) > 1 || byteDiff(got.B, tt.want.B) > 1 || got.A != 255 {
					t.Errorf("pixel %v = %v, want %v", pt, got, tt.want)
				}
			}
		})
	}
}

func solidImage[M interface {
	image.Image
	Set(x, y int, c color.Color)
}](m M, c color.Color) image.Image {
	b := m.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			m.Set(x, y, c)
		}
	}
	return m
}

func byteDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}
