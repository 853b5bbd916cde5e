package booking

import (
	"context"
	"fmt"
	"innkeep/app"
	"innkeep/app/guest"
	"innkeep/app/property"
	"innkeep/store"
	"math/rand/v2"
	"time"
)

// DemoHotelName names the demo hotel; LoadDemo makes it once.
const DemoHotelName = "Innkeep Demo Hotel"

// demoTypes are the demo hotel's room types: code, name, bed, adults,
// children, rooms, base rate (CNY cents).
var demoTypes = []struct {
	code, name, bed  string
	adults, children int
	rooms            int
	rate             int64
}{
	{"STD", "Standard Twin", "twin", 2, 0, 12, 38800},
	{"SUP", "Superior Queen", "queen", 2, 1, 10, 48800},
	{"DLX", "Deluxe King", "king", 2, 1, 8, 62800},
	{"FAM", "Family Room", "double", 3, 2, 6, 72800},
	{"STE", "Harbour Suite", "king", 2, 2, 4, 128800},
}

var demoGuests = []string{"Wang Fang", "Li Wei", "Zhang Min", "Liu Yang", "Chen Jing", "Yang Lei", "Zhao Xin", "Huang Li",
	"Emma Wilson", "Lucas Martin", "Sofia Rossi", "Noah Schmidt", "Olivia Brown", "Mateo García", "Yuki Tanaka", "Min-jun Kim",
	"王芳", "李伟", "张敏", "刘洋", "陈静", "周杰", "吴婷", "孙浩"}

// LoadDemo adds the demo hotel: 40 rooms in 5 types, rate plans with a
// season, and about three months of reservations around today (departed
// guests, guests in house, arrivals and future bookings). It returns
// ECONFLICT when the demo hotel exists already. It needs hotels.create and
// every hotel in scope.
func (s *Service) LoadDemo(ctx context.Context, a app.Actor) (property.Hotel, error) {
	if err := a.Require(app.Perm("hotels", "create")); err != nil {
		return property.Hotel{}, err
	}
	if !a.Hotels.All {
		return property.Hotel{}, app.E(app.EFORBIDDEN, "booking.demo_needs_every_hotel", "only users who see every hotel may add hotels")
	}
	var h property.Hotel
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		exists := false
		if err := property.Hotels.ForEach(tx, func(_ string, x property.Hotel) error {
			exists = exists || x.Name == DemoHotelName
			return nil
		}); err != nil {
			return err
		}
		if exists {
			return app.E(app.ECONFLICT, "booking.demo_loaded", "the demo hotel is loaded already")
		}
		var err error
		h, err = s.property.CreateHotelIn(tx, a, property.HotelInput{Name: DemoHotelName, TimeZone: "Asia/Shanghai", Currency: "CNY"})
		if err != nil {
			return err
		}
		h.Address, h.StarRating, h.Phone, h.Email = "88 Harbour Road, Qingdao", 4, "+86 532 8888 0000", "frontdesk@demo.innkeep.example"
		if err := property.Hotels.Put(tx, h.ID, h); err != nil {
			return err
		}
		return s.fillDemo(tx, a, h)
	})
	return h, err
}

func (s *Service) fillDemo(tx *store.Tx, a app.Actor, h property.Hotel) error {
	now := s.Now()
	today, _ := time.Parse(time.DateOnly, h.BusinessDate)
	rng := rand.New(rand.NewPCG(uint64(now.UnixNano()), 42))
	year := today.Year()
	type demoRoom struct {
		room property.Room
		plan property.RatePlan
		typ  property.RoomType
	}
	var all []demoRoom
	floor := 1
	for i, dt := range demoTypes {
		t := property.RoomType{ID: app.NewID(now), HotelID: h.ID, Code: dt.code, Name: dt.name, BedType: dt.bed, AreaM2: float64(22 + 8*i),
			MaxAdults: dt.adults, MaxChildren: dt.children, Amenities: []string{"wifi", "air conditioning", "tea set"},
			Descriptions: map[string]string{"en": dt.name + " with a view of the harbour.", "zh-CN": "可观赏港湾景色的" + dt.name + "。"},
			Photos:       []property.Photo{}, CreatedAt: now, UpdatedAt: now}
		if err := property.RoomTypes.Create(tx, t.ID, t); err != nil {
			return err
		}
		p := property.RatePlan{ID: app.NewID(now), HotelID: h.ID, RoomTypeID: t.ID, Code: dt.code + "-BAR", Name: "Best available rate",
			BaseRate: dt.rate, WeekendRate: dt.rate * 115 / 100, WeekendDays: []int{5, 6}, IncludedAdults: 2,
			ExtraAdult: 12000, ExtraChild: 6000,
			Seasons: []property.Season{
				{Name: "Spring Festival", From: fmt.Sprintf("%d-01-20", year+1), To: fmt.Sprintf("%d-02-20", year+1), Rate: dt.rate * 140 / 100},
				{Name: "Winter holidays", From: fmt.Sprintf("%d-12-20", year), To: fmt.Sprintf("%d-01-04", year+1), Rate: dt.rate * 125 / 100},
			},
			CreatedAt: now, UpdatedAt: now}
		if err := property.RatePlans.Create(tx, p.ID, p); err != nil {
			return err
		}
		for n := 0; n < dt.rooms; n++ {
			if n > 0 && n%10 == 0 {
				floor++
			}
			rm := property.Room{ID: app.NewID(now), HotelID: h.ID, Number: fmt.Sprintf("%d%02d", floor, n%10+1+10*(i%2)), Floor: floor, RoomTypeID: t.ID,
				Features: []string{}, Housekeeping: property.RoomClean, OutOfOrder: []property.OutOfOrder{}, CreatedAt: now, UpdatedAt: now}
			all = append(all, demoRoom{room: rm, plan: p, typ: t})
		}
		floor++
	}
	// One room is out of order for a week, from tomorrow.
	all[3].room.OutOfOrder = []property.OutOfOrder{{ID: app.NewID(now), From: today.AddDate(0, 0, 1).Format(time.DateOnly),
		To: today.AddDate(0, 0, 8).Format(time.DateOnly), Reason: "bathroom renovation"}}
	for _, dr := range all {
		if err := property.Rooms.Create(tx, dr.room.ID, dr.room); err != nil {
			return err
		}
	}

	// Reservations: walk each room through the days, leaving gaps.
	start, end := today.AddDate(0, 0, -30), today.AddDate(0, 0, 60)
	n := 0
	for ri, dr := range all {
		d := start.AddDate(0, 0, rng.IntN(4))
		for d.Before(end) {
			nights := 1 + rng.IntN(5)
			out := d.AddDate(0, 0, nights)
			in := d.Format(time.DateOnly)
			if !dr.room.Sellable(in) || !dr.room.Sellable(out.AddDate(0, 0, -1).Format(time.DateOnly)) {
				d = out
				continue
			}
			n++
			g := demoGuests[(ri*7+n)%len(demoGuests)]
			gst := guest.Guest{ID: app.NewID(now), Name: g, Phone: fmt.Sprintf("+86 139 %04d %04d", rng.IntN(10000), rng.IntN(10000)), CreatedAt: now, UpdatedAt: now}
			if err := guest.Guests.Create(tx, gst.ID, gst); err != nil {
				return err
			}
			st := stay{checkIn: in, checkOut: out.Format(time.DateOnly), nights: app.Nights(in, out.Format(time.DateOnly))}
			q, err := quote(tx, dr.plan, st, 2, 0)
			if err != nil {
				return err
			}
			code, err := newConfirmationCode(tx)
			if err != nil {
				return err
			}
			r := Reservation{ID: app.NewID(now), HotelID: h.ID, Code: code, RoomTypeID: dr.typ.ID, RoomID: dr.room.ID, RatePlanID: dr.plan.ID,
				CheckIn: st.checkIn, CheckOut: st.checkOut, Adults: 2, GuestID: gst.ID, GuestName: gst.Name, GuestPhone: gst.Phone,
				Source: Source{Channel: []string{"phone", "website", "walk_in", "email"}[rng.IntN(4)]}, Nights: q.Nights, Total: q.Total,
				Currency: h.Currency, RoomHistory: []RoomMove{{RoomID: dr.room.ID, From: st.checkIn, At: now, By: "demo"}}, CreatedAt: now, UpdatedAt: now}
			switch {
			case st.checkOut <= h.BusinessDate:
				r.Status, r.CheckedInAt, r.CheckedOutAt = StatusCheckedOut, now, now
			case st.checkIn < h.BusinessDate:
				r.Status, r.CheckedInAt = StatusCheckedIn, now
			case st.checkIn == h.BusinessDate:
				r.Status = StatusConfirmed
			default:
				r.Status = StatusConfirmed
				if rng.IntN(3) == 0 { // a third of future bookings are not assigned yet
					r.RoomID, r.RoomHistory = "", []RoomMove{}
				}
			}
			if r.Source.Channel == "website" && rng.IntN(2) == 0 {
				r.Source = Source{Channel: "ota", OTA: []string{"Booking.com", "Ctrip", "Expedia"}[rng.IntN(3)]}
			}
			if err := Reservations.Create(tx, r.ID, r); err != nil {
				return err
			}
			d = out.AddDate(0, 0, rng.IntN(3))
		}
	}
	// Rooms of guests who left today are dirty.
	return s.Audit.Record(tx, a, "hotel.demo", "hotel", h.ID, nil, map[string]any{"rooms": len(all), "reservations": n})
}
