package booking

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"innkeep/app"
	"innkeep/app/datadir"
	"innkeep/app/guest"
	"innkeep/app/property"
	"innkeep/store"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	_ "modernc.org/sqlite" // the database/sql driver "sqlite"
)

// benchNow is the wall clock of the generated hotel. Its business date is
// 2026-11-26 (Asia/Shanghai).
var benchNow = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

const benchBusinessDate = "2026-11-26"

// benchSpec describes a generated hotel.
type benchSpec struct {
	Rooms      int    // spread over the five benchTypes
	PastDays   int    // nights of history before the business date
	FutureDays int    // nights from the business date on
	Seed       uint64 // everything random comes from it
}

var (
	bigBench   = benchSpec{Rooms: 200, PastDays: 547, FutureDays: 548, Seed: 1}
	smallBench = benchSpec{Rooms: 20, PastDays: 30, FutureDays: 30, Seed: 2}
)

var benchTypes = []struct {
	code, name, bed  string
	adults, children int
	share            float64 // of the hotel's rooms
	rate             int64
}{
	{"STD", "Standard Twin", "twin", 2, 0, 0.35, 38800},
	{"SUP", "Superior Queen", "queen", 2, 1, 0.25, 48800},
	{"DLX", "Deluxe King", "king", 2, 1, 0.20, 62800},
	{"FAM", "Family Room", "double", 3, 2, 0.125, 72800},
	{"STE", "Harbour Suite", "king", 2, 2, 0.075, 128800},
}

// The shape of the bookings: stay lengths of 1 to 4 nights and gaps between
// stays of 0 to 3 nights, in percent (a mean stay of 1.5 nights); for each
// stay, the chance of one more, cancelled booking of the type, and the
// chance that a past stay was a no-show. With these a room is held about
// 70% of the nights, and three years of 200 rooms (219,000 room-nights)
// make about 100,000 stays and 50,000 cancellations. (Fewer, longer stays
// cannot reach 150,000 reservations at 70%: 219,000 × 0.7 / 2.5 is 61,000.)
var (
	benchStayNights = []int{65, 22, 9, 4}
	benchGapNights  = []int{55, 28, 14, 3}
)

const (
	benchCancelShare = 0.49
	benchNoShowShare = 0.02
)

var (
	benchFirst = []string{"Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Emma", "Lucas", "Sofia", "Noah",
		"Olivia", "Mateo", "Yuki", "Min-jun", "Fang", "Wei", "Min", "Jing", "Lei", "Xin", "Anna", "David"}
	benchLast = []string{"Fang", "Wei", "Min", "Yang", "Jing", "Lei", "Xin", "Li", "Wilson", "Martin", "Rossi", "Schmidt",
		"Brown", "García", "Tanaka", "Kim", "王", "李", "张", "刘", "陈", "周", "吴", "孙"}
	benchChannels = []string{"phone", "website", "walk_in", "email", "ota"}
)

// benchData is a generated hotel: the documents, and the inventory the
// generator placed (the oracle the answers are checked against).
type benchData struct {
	spec         benchSpec
	hotel        property.Hotel
	types        []property.RoomType
	plans        []property.RatePlan // plans[i] sells types[i]
	rooms        []property.Room
	rateDays     []property.RateDay
	guests       []guest.Guest
	reservations []Reservation
	caps         []property.InventoryDay
	start        time.Time // the first night of the data
	days         int       // nights of generated stays; benchWindow more follow
	dates        []string  // dates[i] is night start+i, up to the window's end
	// sellable[t][i] and held[t][i]: rooms of types[t] for sale and held
	// on night i.
	sellable, held [][]int
	sum            string // digest of every generated id and code
}

// businessIndex is the index of the business date in dates.
func (d *benchData) businessIndex() int { return d.spec.PastDays }

// freeOver is the generator's answer to availability: the least, over the
// nights in ≤ i < out, of sellable minus held rooms of type t.
func (d *benchData) freeOver(t, in, out int) int {
	least := -1
	for i := in; i < out; i++ {
		if f := d.sellable[t][i] - d.held[t][i]; least < 0 || f < least {
			least = f
		}
	}
	return max(least, 0)
}

func benchPick(rng *rand.Rand, dist []int) int {
	x := rng.IntN(100)
	for i, p := range dist {
		if x < p {
			return i
		}
		x -= p
	}
	return len(dist) - 1
}

// generateBench makes the hotel of spec. The same spec always gives the
// same data.
func generateBench(spec benchSpec) *benchData {
	rng := rand.New(rand.NewPCG(spec.Seed, 0x1bb))
	digest := sha256.New()
	newID := func(t time.Time) string {
		var b [16]byte
		binary.BigEndian.PutUint64(b[8:], rng.Uint64())
		binary.BigEndian.PutUint64(b[:8], uint64(t.UnixMilli())<<16|uint64(rng.Uint32()&0xffff))
		id := app.EncodeCrockford(b[:])
		digest.Write([]byte(id))
		return id
	}
	now := benchNow
	bd, _ := time.Parse(time.DateOnly, benchBusinessDate)
	d := &benchData{spec: spec, start: bd.AddDate(0, 0, -spec.PastDays), days: spec.PastDays + spec.FutureDays}
	for i := 0; i < d.days+benchWindow+1; i++ {
		d.dates = append(d.dates, d.start.AddDate(0, 0, i).Format(time.DateOnly))
	}
	// noon of a night's date, UTC (20:00 in Shanghai)
	at := func(i int) time.Time { return d.start.AddDate(0, 0, i).Add(12 * time.Hour) }

	d.hotel = property.Hotel{ID: newID(now), Name: "Innkeep Benchmark Hotel", TimeZone: "Asia/Shanghai", Currency: "CNY",
		Address: "1 Harbour Road, Qingdao", StarRating: 4, Phone: "+86 532 8888 0000", CreatedAt: now, UpdatedAt: now}
	if err := d.hotel.Validate(); err != nil {
		panic(err)
	}
	d.hotel.BusinessDate = benchBusinessDate

	counts := make([]int, len(benchTypes))
	left := spec.Rooms
	for i, bt := range benchTypes {
		counts[i] = int(float64(spec.Rooms) * bt.share)
		if i == len(benchTypes)-1 {
			counts[i] = left
		}
		left -= counts[i]
	}
	for i, bt := range benchTypes {
		t := property.RoomType{ID: newID(now), HotelID: d.hotel.ID, Code: bt.code, Name: bt.name, BedType: bt.bed, AreaM2: float64(22 + 8*i),
			MaxAdults: bt.adults, MaxChildren: bt.children, Amenities: []string{"wifi", "air conditioning", "tea set"},
			Descriptions: map[string]string{"en": bt.name + " with a view of the harbour.", "zh-CN": "可观赏港湾景色的" + bt.name + "。"},
			Photos:       []property.Photo{}, CreatedAt: now, UpdatedAt: now}
		p := property.RatePlan{ID: newID(now), HotelID: d.hotel.ID, RoomTypeID: t.ID, Code: bt.code + "-BAR", Name: "Best available rate",
			BaseRate: bt.rate, WeekendRate: bt.rate * 115 / 100, WeekendDays: []int{5, 6}, IncludedAdults: 2,
			ExtraAdult: 12000, ExtraChild: 6000, Seasons: []property.Season{}, CreatedAt: now, UpdatedAt: now}
		for y := d.start.Year(); y <= d.start.AddDate(0, 0, d.days).Year(); y++ {
			p.Seasons = append(p.Seasons,
				property.Season{Name: "Spring Festival", From: fmt.Sprintf("%d-01-20", y), To: fmt.Sprintf("%d-02-20", y), Rate: bt.rate * 140 / 100},
				property.Season{Name: "Summer", From: fmt.Sprintf("%d-07-01", y), To: fmt.Sprintf("%d-09-01", y), Rate: bt.rate * 120 / 100, WeekendRate: bt.rate * 130 / 100},
				property.Season{Name: "Winter holidays", From: fmt.Sprintf("%d-12-20", y), To: fmt.Sprintf("%d-01-04", y+1), Rate: bt.rate * 125 / 100})
		}
		d.types = append(d.types, t)
		d.plans = append(d.plans, p)
	}
	// The rate calendar: about one night in nine has a rate of its own.
	type dayAt struct{ t, i int }
	var placed []dayAt
	for t, p := range d.plans {
		for i := 0; i < d.days; i++ {
			if rng.IntN(9) != 0 {
				continue
			}
			rate := p.BaseRate * int64(90+rng.IntN(70)) / 100 / 100 * 100
			d.rateDays = append(d.rateDays, property.RateDay{RatePlanID: p.ID, HotelID: d.hotel.ID, RoomTypeID: p.RoomTypeID, Date: d.dates[i], Rate: &rate})
			placed = append(placed, dayAt{t, i})
		}
	}
	dayOf := make([]map[int]*property.RateDay, len(d.plans))
	for t := range dayOf {
		dayOf[t] = map[int]*property.RateDay{}
	}
	for k, at := range placed {
		dayOf[at.t][at.i] = &d.rateDays[k]
	}

	var typeOf []int
	for t, n := range counts {
		for range n {
			typeOf = append(typeOf, t)
		}
	}
	d.sellable = make([][]int, len(d.types))
	d.held = make([][]int, len(d.types))
	for t := range d.types {
		d.sellable[t] = make([]int, d.days)
		d.held[t] = make([]int, d.days)
	}
	bi := d.businessIndex()
	housekeeping := []string{property.RoomClean, property.RoomClean, property.RoomDirty, property.RoomInspected}
	for i, t := range typeOf {
		floor := 2 + i/16
		rm := property.Room{ID: newID(now), HotelID: d.hotel.ID, Number: fmt.Sprintf("%d%02d", floor, i%16+1), Floor: floor,
			RoomTypeID: d.types[t].ID, Features: []string{"harbour view"}, Housekeeping: housekeeping[i%len(housekeeping)],
			OutOfOrder: []property.OutOfOrder{}, CreatedAt: now, UpdatedAt: now}
		switch i {
		case 3: // a week out of order, in ten days
			rm.OutOfOrder = append(rm.OutOfOrder, property.OutOfOrder{ID: newID(now), From: d.dates[bi+10], To: d.dates[bi+17], Reason: "bathroom renovation"})
		case counts[0] + 2: // five nights out of order, three weeks ago
			rm.OutOfOrder = append(rm.OutOfOrder, property.OutOfOrder{ID: newID(now), From: d.dates[bi-20], To: d.dates[bi-15], Reason: "new carpet"})
		}
		for n := 0; n < d.days; n++ {
			if rm.Sellable(d.dates[n]) {
				d.sellable[t][n]++
			}
		}
		d.rooms = append(d.rooms, rm)
	}

	nGuests := max(50, spec.Rooms*d.days/4)
	for i := 0; i < nGuests; i++ {
		created := now.Add(-time.Duration(rng.IntN(d.days*24)) * time.Hour)
		g := guest.Guest{ID: newID(created), Name: benchFirst[rng.IntN(len(benchFirst))] + " " + benchLast[rng.IntN(len(benchLast))],
			Phone: fmt.Sprintf("+86 139 %04d %04d", rng.IntN(10000), rng.IntN(10000)), CreatedAt: created, UpdatedAt: created}
		d.guests = append(d.guests, g)
	}

	codes := map[string]bool{}
	newCode := func() string {
		for {
			c := make([]byte, 0, 11)
			for j := 0; j < 10; j++ {
				if j == 5 {
					c = append(c, '-')
				}
				c = append(c, app.Crockford[rng.IntN(32)])
			}
			if !codes[string(c)] {
				codes[string(c)] = true
				digest.Write(c)
				return string(c)
			}
		}
	}
	emit := func(t int, room string, in, out int, status string) {
		p := d.plans[t]
		adults, children := 1+rng.IntN(2), 0
		if d.types[t].MaxAdults > 2 && rng.IntN(4) == 0 {
			adults = 3
		}
		if d.types[t].MaxChildren > 0 && rng.IntN(5) == 0 {
			children = 1
		}
		created := at(in).Add(-time.Duration(rng.IntN(120*24)) * time.Hour)
		if created.After(now) {
			created = now.Add(-time.Duration(1+rng.IntN(30*24)) * time.Hour)
		}
		g := d.guests[rng.IntN(len(d.guests))]
		r := Reservation{ID: newID(created), HotelID: d.hotel.ID, Code: newCode(), Status: status, RoomTypeID: d.types[t].ID,
			RoomID: room, RatePlanID: p.ID, CheckIn: d.dates[in], CheckOut: d.dates[out], Adults: adults, Children: children,
			GuestID: g.ID, GuestName: g.Name, GuestPhone: g.Phone, Source: Source{Channel: benchChannels[rng.IntN(len(benchChannels))]},
			Currency: d.hotel.Currency, RoomHistory: []RoomMove{}, CreatedAt: created, UpdatedAt: created}
		if r.Source.Channel == "ota" {
			r.Source.OTA = []string{"Booking.com", "Ctrip", "Expedia"}[rng.IntN(3)]
		}
		for n := in; n < out; n++ {
			price := property.NightPrice(p, dayOf[t][n], d.dates[n], adults, children)
			r.Nights = append(r.Nights, NightPrice{Date: d.dates[n], Price: price})
			r.Total += price
		}
		if room != "" {
			r.RoomHistory = append(r.RoomHistory, RoomMove{RoomID: room, From: r.CheckIn, At: created, By: "frontdesk"})
		}
		switch status {
		case StatusCheckedIn:
			r.CheckedInAt = at(in).Add(-6 * time.Hour)
			r.UpdatedAt = r.CheckedInAt
		case StatusCheckedOut:
			r.CheckedInAt, r.CheckedOutAt = at(in).Add(-6*time.Hour), at(out).Add(-9*time.Hour)
			r.UpdatedAt = r.CheckedOutAt
		case StatusCancelled:
			r.Cancellation = &Cancellation{At: created.Add(time.Duration(rng.IntN(72)) * time.Hour), Reason: "plans changed"}
			r.UpdatedAt = r.Cancellation.At
		case StatusNoShow:
			r.UpdatedAt = at(in).Add(12 * time.Hour)
		}
		if status == StatusTentative {
			r.HoldUntil = now.Add(2 * time.Hour)
		}
		if HoldsInventory(status) {
			for n := in; n < min(out, d.days); n++ {
				d.held[t][n]++
			}
		}
		d.reservations = append(d.reservations, r)
	}

	// Walk each room through the days; stays are assigned to it, except a
	// third of the future ones, which hold only their type.
	for ri, rm := range d.rooms {
		t := typeOf[ri]
		for n := rng.IntN(2); n < d.days; {
			in, out := n, min(d.days, n+1+benchPick(rng, benchStayNights))
			sellable := true
			for i := in; i < out; i++ {
				sellable = sellable && rm.Sellable(d.dates[i])
			}
			if !sellable {
				n++
				continue
			}
			room, status := rm.ID, StatusConfirmed
			switch {
			case out <= bi:
				status = StatusCheckedOut
				if rng.Float64() < benchNoShowShare {
					status, room = StatusNoShow, ""
				}
			case in < bi:
				status = StatusCheckedIn
			case rng.IntN(3) == 0:
				room = ""
			}
			emit(t, room, in, out, status)
			if rng.Float64() < benchCancelShare {
				cin := min(max(0, in+rng.IntN(61)-30), d.days-1)
				emit(t, "", cin, min(d.days, cin+1+rng.IntN(4)), StatusCancelled)
			}
			n = out + benchPick(rng, benchGapNights)
		}
	}
	d.placeWindow(emit)
	// In id order, as a desk writes them: fewer pages change per commit.
	slices.SortFunc(d.reservations, func(a, b Reservation) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(d.guests, func(a, b guest.Guest) int { return strings.Compare(a.ID, b.ID) })
	d.sum = hex.EncodeToString(digest.Sum(nil))
	return d
}

// benchWindow is the nights after the generated stays where placeWindow
// puts the cases TestBenchDataAgreesWithSQLite works out by hand.
const benchWindow = 10

// placeWindow places, in the nights after the generated stays (E is the
// first of them, d.dates[d.days]): on the first type's plan a rate of
// 300.00 and a minimum stay of 2 on arrivals E+3, closed to arrival on E+5
// and a maximum stay of 1 night on arrivals E+6; a cap of 1 room of the
// first type on night E+4; a tentative hold of a room of the fourth type
// (FAM) for nights E+1 and E+2; and two confirmed stays in the first room
// of the last type (STE) for nights E+2 and E+3 (a double booking, which
// the tape chart shows as conflicts).
func (d *benchData) placeWindow(emit func(t int, room string, in, out int, status string)) {
	e := d.days
	std, fam, ste := 0, 3, len(d.types)-1
	p := d.plans[std]
	day := func(i int) property.RateDay {
		return property.RateDay{RatePlanID: p.ID, HotelID: d.hotel.ID, RoomTypeID: p.RoomTypeID, Date: d.dates[i]}
	}
	r := day(e + 3)
	r.Rate, r.MinStay = new(int64(30000)), new(2)
	cta := day(e + 5)
	cta.ClosedToArrival = true
	maxStay := day(e + 6)
	maxStay.MaxStay = new(1)
	d.rateDays = append(d.rateDays, r, cta, maxStay)
	d.caps = append(d.caps, property.InventoryDay{HotelID: d.hotel.ID, RoomTypeID: d.types[std].ID, Date: d.dates[e+4], Cap: new(1)})
	emit(fam, "", e+1, e+3, StatusTentative)
	suite := d.rooms[slices.IndexFunc(d.rooms, func(rm property.Room) bool { return rm.RoomTypeID == d.types[ste].ID })].ID
	emit(ste, suite, e+2, e+4, StatusConfirmed)
	emit(ste, suite, e+2, e+4, StatusConfirmed)
}

func mustDate(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// occupancyShare is the share of sellable room-nights held or stayed in.
func (d *benchData) occupancyShare() float64 {
	sold, sellable := 0, 0
	for _, r := range d.reservations {
		if HoldsInventory(r.Status) || r.Status == StatusCheckedOut {
			sold += len(r.Nights)
		}
	}
	for t := range d.sellable {
		for _, n := range d.sellable[t] {
			sellable += n
		}
	}
	return float64(sold) / float64(sellable)
}

// writeBenchStore writes d into a new store at path, in transactions of up
// to 10,000 documents without fsync, then compacts the file. (Each large
// load transaction leaves the pages it copied free, and bbolt writes its
// whole freelist at every commit: tens of thousands of free pages would
// add milliseconds to every later commit, which a store grown by ordinary
// small commits, or the SQLite file made by the same load, does not pay.)
func writeBenchStore(path string, d *benchData) error {
	load := path + ".load"
	if err := loadBenchStore(load, d); err != nil {
		return err
	}
	defer os.Remove(load)
	return compactBolt(path, load)
}

func compactBolt(dst, src string) error {
	from, err := bolt.Open(src, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer from.Close()
	to, err := bolt.Open(dst, 0o600, &bolt.Options{NoSync: true, FreelistType: bolt.FreelistMapType})
	if err != nil {
		return err
	}
	if err := bolt.Compact(to, from, 64<<20); err != nil {
		to.Close()
		return err
	}
	return to.Close()
}

// benchCaps writes the inventory caps of the generated hotel.
var benchCaps = store.NewCollection[property.InventoryDay](property.KindInventoryDay)

func loadBenchStore(path string, d *benchData) error {
	db, err := store.Open(path, store.Options{Kinds: testKinds(), Migrations: testMigrations(), NoSync: true})
	if err != nil {
		return err
	}
	defer db.Close()
	err = db.Update("bench", func(tx *store.Tx) error {
		if err := property.Hotels.Create(tx, d.hotel.ID, d.hotel); err != nil {
			return err
		}
		for i := range d.types {
			if err := property.RoomTypes.Create(tx, d.types[i].ID, d.types[i]); err != nil {
				return err
			}
			if err := property.RatePlans.Create(tx, d.plans[i].ID, d.plans[i]); err != nil {
				return err
			}
		}
		for _, rm := range d.rooms {
			if err := property.Rooms.Create(tx, rm.ID, rm); err != nil {
				return err
			}
		}
		for _, rd := range d.rateDays {
			if err := property.RateDays.Create(tx, property.RateDayID(rd.RatePlanID, rd.Date), rd); err != nil {
				return err
			}
		}
		for _, c := range d.caps {
			if err := benchCaps.Create(tx, c.RoomTypeID+"/"+c.Date, c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	// Transactions start small and grow to 10,000 documents: bbolt splits
	// a node only at commit, so thousands of inserts into the one leaf of
	// a young tree would each move all the others.
	batches := func(n int, put func(tx *store.Tx, i int) error) error {
		for lo := 0; lo < n; {
			hi := min(n, lo+min(10000, max(200, lo/2)))
			err := db.Update("bench", func(tx *store.Tx) error {
				for i := lo; i < hi; i++ {
					if err := put(tx, i); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
			lo = hi
		}
		return nil
	}
	if err := batches(len(d.guests), func(tx *store.Tx, i int) error { return guest.Guests.Create(tx, d.guests[i].ID, d.guests[i]) }); err != nil {
		return err
	}
	return batches(len(d.reservations), func(tx *store.Tx, i int) error {
		return Reservations.Create(tx, d.reservations[i].ID, d.reservations[i])
	})
}

// The SQLite side. The schema is what a careful developer would write for
// these queries, with the denormalisation innkeep has (and pays for on
// every write, as book does here): a reservation_nights table with a row
// per night a reservation shows on the tape chart, clustered by (hotel,
// night, room) and carrying the block's fields, so that the tape chart is
// one table range without a join (innkeep's tape index); and night_holds,
// the rooms held per hotel, night and room type, kept by every booking, so
// that availability reads counts, not rows (innkeep's counted index). Range predicates on reservations instead (check_in < out AND
// check_out > in, on an index (hotel_id, check_out, check_in) or a covering
// (hotel_id, check_in, check_out, status, room_type_id), bounded by the
// longest stay) read about 13,000 index entries for a 3-night search and
// took 2.7 to 3.8 ms here, against 0.2 ms for the nights table.
const sqliteSchema = `
CREATE TABLE hotels (
	id TEXT PRIMARY KEY, name TEXT NOT NULL, time_zone TEXT NOT NULL, currency TEXT NOT NULL,
	business_date TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE room_types (
	id TEXT PRIMARY KEY, hotel_id TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, bed_type TEXT NOT NULL,
	area_m2 REAL NOT NULL, max_adults INTEGER NOT NULL, max_children INTEGER NOT NULL,
	amenities TEXT NOT NULL, descriptions TEXT NOT NULL, photos TEXT NOT NULL,
	created_at TEXT NOT NULL, updated_at TEXT NOT NULL, UNIQUE (hotel_id, code));
CREATE TABLE rooms (
	id TEXT PRIMARY KEY, hotel_id TEXT NOT NULL, number TEXT NOT NULL, sort_key TEXT NOT NULL, floor INTEGER NOT NULL,
	room_type_id TEXT NOT NULL, features TEXT NOT NULL, housekeeping TEXT NOT NULL,
	created_at TEXT NOT NULL, updated_at TEXT NOT NULL, UNIQUE (hotel_id, sort_key));
CREATE INDEX rooms_type ON rooms (hotel_id, room_type_id);
CREATE TABLE room_out_of_order (
	id TEXT PRIMARY KEY, hotel_id TEXT NOT NULL, room_id TEXT NOT NULL, from_date TEXT NOT NULL, to_date TEXT NOT NULL,
	reason TEXT NOT NULL);
CREATE INDEX room_out_of_order_hotel ON room_out_of_order (hotel_id, to_date);
CREATE TABLE rate_plans (
	id TEXT PRIMARY KEY, hotel_id TEXT NOT NULL, room_type_id TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL,
	base_rate INTEGER NOT NULL, weekend_rate INTEGER NOT NULL, weekend_days TEXT NOT NULL, included_adults INTEGER NOT NULL,
	extra_adult INTEGER NOT NULL, extra_child INTEGER NOT NULL, min_stay INTEGER NOT NULL, max_stay INTEGER NOT NULL,
	created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX rate_plans_type ON rate_plans (hotel_id, room_type_id, code);
CREATE TABLE rate_plan_seasons (
	rate_plan_id TEXT NOT NULL, pos INTEGER NOT NULL, name TEXT NOT NULL, from_date TEXT NOT NULL, to_date TEXT NOT NULL,
	rate INTEGER NOT NULL, weekend_rate INTEGER NOT NULL, PRIMARY KEY (rate_plan_id, pos)) WITHOUT ROWID;
CREATE TABLE rate_days (
	rate_plan_id TEXT NOT NULL, date TEXT NOT NULL, hotel_id TEXT NOT NULL, room_type_id TEXT NOT NULL,
	rate INTEGER, min_stay INTEGER, max_stay INTEGER, closed_to_arrival INTEGER NOT NULL,
	closed_to_departure INTEGER NOT NULL, stop_sell INTEGER NOT NULL, PRIMARY KEY (rate_plan_id, date)) WITHOUT ROWID;
CREATE INDEX rate_days_hotel ON rate_days (hotel_id, date);
CREATE TABLE inventory_days (
	room_type_id TEXT NOT NULL, date TEXT NOT NULL, hotel_id TEXT NOT NULL, cap INTEGER,
	PRIMARY KEY (room_type_id, date)) WITHOUT ROWID;
CREATE INDEX inventory_days_hotel ON inventory_days (hotel_id, date);
CREATE TABLE guests (
	id TEXT PRIMARY KEY, name TEXT NOT NULL, phone TEXT NOT NULL, email TEXT NOT NULL, nationality TEXT NOT NULL,
	id_document_type TEXT NOT NULL, id_document_number TEXT NOT NULL, notes TEXT NOT NULL, merged_into TEXT NOT NULL,
	created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE reservations (
	id TEXT PRIMARY KEY, hotel_id TEXT NOT NULL, code TEXT NOT NULL, status TEXT NOT NULL,
	room_type_id TEXT NOT NULL, room_id TEXT NOT NULL, rate_plan_id TEXT NOT NULL,
	check_in TEXT NOT NULL, check_out TEXT NOT NULL, adults INTEGER NOT NULL, children INTEGER NOT NULL,
	guest_id TEXT NOT NULL, guest_name TEXT NOT NULL, guest_phone TEXT NOT NULL, special_requests TEXT NOT NULL,
	source_channel TEXT NOT NULL, source_ota TEXT NOT NULL, nights TEXT NOT NULL, total INTEGER NOT NULL,
	currency TEXT NOT NULL, hold_until TEXT, room_history TEXT NOT NULL, cancellation TEXT,
	checked_in_at TEXT, checked_out_at TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE reservation_nights (
	hotel_id TEXT NOT NULL, night TEXT NOT NULL, room_id TEXT NOT NULL, reservation_id TEXT NOT NULL,
	room_type_id TEXT NOT NULL, holds INTEGER NOT NULL, status TEXT NOT NULL, check_in TEXT NOT NULL,
	check_out TEXT NOT NULL, code TEXT NOT NULL, guest_name TEXT NOT NULL,
	PRIMARY KEY (hotel_id, night, room_id, reservation_id)) WITHOUT ROWID;
CREATE TABLE night_holds (
	hotel_id TEXT NOT NULL, night TEXT NOT NULL, room_type_id TEXT NOT NULL, held INTEGER NOT NULL,
	PRIMARY KEY (hotel_id, night, room_type_id)) WITHOUT ROWID;
CREATE TABLE audit_log (
	id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, entity TEXT NOT NULL,
	entity_id TEXT NOT NULL, after TEXT NOT NULL);
`

// sqliteIndexes are made after a bulk load, as one does.
const sqliteIndexes = `
CREATE INDEX guests_name ON guests (name);
CREATE INDEX guests_phone ON guests (phone);
CREATE UNIQUE INDEX reservations_code_id ON reservations (code, id);
CREATE INDEX reservations_arrival ON reservations (hotel_id, check_in);
CREATE INDEX reservations_departure ON reservations (hotel_id, check_out);
CREATE INDEX reservations_guest ON reservations (guest_id);
CREATE INDEX reservations_guest_name ON reservations (guest_name);
CREATE INDEX reservations_hold ON reservations (hold_until) WHERE status = 'tentative';
CREATE INDEX reservation_nights_reservation ON reservation_nights (reservation_id);
ANALYZE;
`

// sqliteDSN opens path in WAL mode with the given synchronous setting, a
// 64 MiB page cache and the whole file memory-mapped (as bbolt has it).
// Write transactions begin IMMEDIATE when immediate is set.
func sqliteDSN(path, synchronous string, immediate bool) string {
	dsn := "file:" + path + "?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(" + synchronous +
		")&_pragma=cache_size(-65536)&_pragma=mmap_size(4294967296)&_pragma=temp_store(MEMORY)"
	if immediate {
		dsn += "&_txlock=immediate"
	}
	return dsn
}

func sqliteTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func weekendText(days []int) string {
	s := make([]string, len(days))
	for i, d := range days {
		s[i] = strconv.Itoa(d)
	}
	return strings.Join(s, ",")
}

// sqliteInsertReservation writes r, its nights and its holds, with
// statements prepared by the caller in tx.
func sqliteInsertReservation(ctx context.Context, res, night, held *sql.Stmt, r *Reservation) error {
	var cancel any
	if r.Cancellation != nil {
		cancel = jsonText(r.Cancellation)
	}
	var hold any
	if !r.HoldUntil.IsZero() {
		hold = sqliteTime(r.HoldUntil)
	}
	if _, err := res.ExecContext(ctx, r.ID, r.HotelID, r.Code, r.Status, r.RoomTypeID, r.RoomID, r.RatePlanID, r.CheckIn, r.CheckOut,
		r.Adults, r.Children, r.GuestID, r.GuestName, r.GuestPhone, r.SpecialRequests, r.Source.Channel, r.Source.OTA,
		jsonText(r.Nights), r.Total, r.Currency, hold, jsonText(r.RoomHistory), cancel, sqliteTime(r.CheckedInAt),
		sqliteTime(r.CheckedOutAt), sqliteTime(r.CreatedAt), sqliteTime(r.UpdatedAt)); err != nil {
		return err
	}
	holds := HoldsInventory(r.Status)
	if !holds && r.Status != StatusCheckedOut {
		return nil
	}
	for _, n := range app.Nights(r.CheckIn, r.CheckOut) {
		if _, err := night.ExecContext(ctx, r.HotelID, n, r.RoomID, r.ID, r.RoomTypeID, holds, r.Status, r.CheckIn, r.CheckOut,
			r.Code, app.Clean(r.GuestName)); err != nil {
			return err
		}
		if holds {
			if _, err := held.ExecContext(ctx, r.HotelID, n, r.RoomTypeID); err != nil {
				return err
			}
		}
	}
	return nil
}

const (
	sqliteInsertReservationSQL = `INSERT INTO reservations VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`
	sqliteInsertNightSQL       = `INSERT INTO reservation_nights VALUES (?,?,?,?,?,?,?,?,?,?,?)`
	sqliteAddHeldSQL           = `INSERT INTO night_holds VALUES (?,?,?,1) ON CONFLICT DO UPDATE SET held = held + 1`
	sqliteInsertGuestSQL       = `INSERT INTO guests VALUES (?,?,?,?,?,?,?,?,?,?,?)`
	sqliteInsertAuditSQL       = `INSERT INTO audit_log (at, actor, action, entity, entity_id, after) VALUES (?,?,?,?,?,?)`
)

func sqliteInsertGuest(ctx context.Context, st *sql.Stmt, g *guest.Guest) error {
	_, err := st.ExecContext(ctx, g.ID, g.Name, g.Phone, g.Email, g.Nationality, g.IDDocument.Type, g.IDDocument.Number,
		g.Notes, g.MergedInto, sqliteTime(g.CreatedAt), sqliteTime(g.UpdatedAt))
	return err
}

// writeBenchSQLite writes d into a new SQLite database at path: one
// transaction with prepared statements, indexes made afterwards, then
// ANALYZE; the file is left in WAL mode.
func writeBenchSQLite(path string, d *benchData) (err error) {
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(OFF)&_pragma=synchronous(OFF)&_pragma=cache_size(-262144)")
	if err != nil {
		return err
	}
	defer func() {
		if cerr := db.Close(); err == nil {
			err = cerr
		}
	}()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, sqliteSchema); err != nil {
		return fmt.Errorf("schema: %w", err)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	h := d.hotel
	if _, err := tx.ExecContext(ctx, `INSERT INTO hotels VALUES (?,?,?,?,?,?,?)`, h.ID, h.Name, h.TimeZone, h.Currency, h.BusinessDate,
		sqliteTime(h.CreatedAt), sqliteTime(h.UpdatedAt)); err != nil {
		return err
	}
	for i, t := range d.types {
		if _, err := tx.ExecContext(ctx, `INSERT INTO room_types VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`, t.ID, t.HotelID, t.Code, t.Name,
			t.BedType, t.AreaM2, t.MaxAdults, t.MaxChildren, jsonText(t.Amenities), jsonText(t.Descriptions), jsonText(t.Photos),
			sqliteTime(t.CreatedAt), sqliteTime(t.UpdatedAt)); err != nil {
			return err
		}
		p := d.plans[i]
		if _, err := tx.ExecContext(ctx, `INSERT INTO rate_plans VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`, p.ID, p.HotelID, p.RoomTypeID,
			p.Code, p.Name, p.BaseRate, p.WeekendRate, weekendText(p.WeekendDays), p.IncludedAdults, p.ExtraAdult, p.ExtraChild,
			p.MinStay, p.MaxStay, sqliteTime(p.CreatedAt), sqliteTime(p.UpdatedAt)); err != nil {
			return err
		}
		for j, s := range p.Seasons {
			if _, err := tx.ExecContext(ctx, `INSERT INTO rate_plan_seasons VALUES (?,?,?,?,?,?,?)`, p.ID, j, s.Name, s.From, s.To,
				s.Rate, s.WeekendRate); err != nil {
				return err
			}
		}
	}
	for _, rm := range d.rooms {
		if _, err := tx.ExecContext(ctx, `INSERT INTO rooms VALUES (?,?,?,?,?,?,?,?,?,?)`, rm.ID, rm.HotelID, rm.Number,
			property.RoomNumberKey(rm.Number), rm.Floor, rm.RoomTypeID, jsonText(rm.Features), rm.Housekeeping,
			sqliteTime(rm.CreatedAt), sqliteTime(rm.UpdatedAt)); err != nil {
			return err
		}
		for _, o := range rm.OutOfOrder {
			if _, err := tx.ExecContext(ctx, `INSERT INTO room_out_of_order VALUES (?,?,?,?,?,?)`, o.ID, rm.HotelID, rm.ID, o.From, o.To,
				o.Reason); err != nil {
				return err
			}
		}
	}
	for _, rd := range d.rateDays {
		if _, err := tx.ExecContext(ctx, `INSERT INTO rate_days VALUES (?,?,?,?,?,?,?,?,?,?)`, rd.RatePlanID, rd.Date, rd.HotelID,
			rd.RoomTypeID, rd.Rate, rd.MinStay, rd.MaxStay, rd.ClosedToArrival, rd.ClosedToDeparture, rd.StopSell); err != nil {
			return err
		}
	}
	for _, c := range d.caps {
		if _, err := tx.ExecContext(ctx, `INSERT INTO inventory_days VALUES (?,?,?,?)`, c.RoomTypeID, c.Date, c.HotelID, c.Cap); err != nil {
			return err
		}
	}
	gst, err := tx.PrepareContext(ctx, sqliteInsertGuestSQL)
	if err != nil {
		return err
	}
	for i := range d.guests {
		if err := sqliteInsertGuest(ctx, gst, &d.guests[i]); err != nil {
			return err
		}
	}
	rst, err := tx.PrepareContext(ctx, sqliteInsertReservationSQL)
	if err != nil {
		return err
	}
	nst, err := tx.PrepareContext(ctx, sqliteInsertNightSQL)
	if err != nil {
		return err
	}
	hst, err := tx.PrepareContext(ctx, sqliteAddHeldSQL)
	if err != nil {
		return err
	}
	for i := range d.reservations {
		if err := sqliteInsertReservation(ctx, rst, nst, hst, &d.reservations[i]); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, sqliteIndexes); err != nil {
		return fmt.Errorf("indexes: %w", err)
	}
	_, err = db.ExecContext(ctx, `PRAGMA journal_mode=WAL`)
	return err
}

// sqliteBench is the SQLite application: the same answers as the services,
// computed from SQL queries with statements prepared once.
type sqliteBench struct {
	db  *sql.DB
	now func() time.Time
	st  map[string]*sql.Stmt // by name, see sqliteStatements
	// types caches decoded room types by id with the updated_at they were
	// decoded at, as innkeep's store keeps decoded documents: a read
	// checks the row's version and decodes only what changed.
	mu    sync.Mutex
	types map[string]sqliteCachedType
}

type sqliteCachedType struct {
	updated string
	t       property.RoomType
}

// sqliteStatements are the application's queries. The "type" ones are the
// same as the hotel-wide ones, for one room type or plan (a booking).
var sqliteStatements = map[string]string{
	"hotel":              `SELECT business_date, currency FROM hotels WHERE id = ?`,
	"room type versions": `SELECT id, updated_at FROM room_types WHERE hotel_id = ? ORDER BY code`,
	"room type": `SELECT id, hotel_id, code, name, bed_type, area_m2, max_adults, max_children, amenities, descriptions, photos,
		created_at, updated_at FROM room_types WHERE id = ?`,
	"rooms": `SELECT room_type_id, count(*) FROM rooms WHERE hotel_id = ? GROUP BY room_type_id`,
	"held":  `SELECT night, room_type_id, held FROM night_holds WHERE hotel_id = ? AND night >= ? AND night < ? AND held > 0`,
	"ooo": `SELECT o.room_id, r.room_type_id, o.from_date, o.to_date FROM room_out_of_order o JOIN rooms r ON r.id = o.room_id
		WHERE o.hotel_id = ? AND o.to_date > ? AND o.from_date < ?`,
	"caps": `SELECT room_type_id, date, cap FROM inventory_days WHERE hotel_id = ? AND date >= ? AND date < ? AND cap IS NOT NULL`,
	"plans": `SELECT id, hotel_id, room_type_id, code, name, base_rate, weekend_rate, weekend_days, included_adults, extra_adult,
		extra_child, min_stay, max_stay FROM rate_plans WHERE hotel_id = ? ORDER BY room_type_id, code`,
	"seasons": `SELECT s.rate_plan_id, s.name, s.from_date, s.to_date, s.rate, s.weekend_rate
		FROM rate_plans p JOIN rate_plan_seasons s ON s.rate_plan_id = p.id
		WHERE p.hotel_id = ? AND s.to_date > ? AND s.from_date < ? ORDER BY s.rate_plan_id, s.pos`,
	"rate days": `SELECT rate_plan_id, date, rate, min_stay, max_stay, closed_to_arrival, closed_to_departure, stop_sell
		FROM rate_days WHERE hotel_id = ? AND date >= ? AND date < ?`,

	"type":       `SELECT id, hotel_id, name, max_adults, max_children FROM room_types WHERE id = ?`,
	"type rooms": `SELECT room_type_id, count(*) FROM rooms WHERE hotel_id = ?1 AND room_type_id = ?2`,
	"type held": `SELECT night, room_type_id, held FROM night_holds
		WHERE hotel_id = ?1 AND night >= ?2 AND night < ?3 AND room_type_id = ?4 AND held > 0`,
	"type ooo": `SELECT o.room_id, r.room_type_id, o.from_date, o.to_date FROM room_out_of_order o JOIN rooms r ON r.id = o.room_id
		WHERE o.hotel_id = ?1 AND o.to_date > ?2 AND o.from_date < ?3 AND r.room_type_id = ?4`,
	"type caps": `SELECT room_type_id, date, cap FROM inventory_days
		WHERE room_type_id = ?4 AND date >= ?2 AND date < ?3 AND cap IS NOT NULL AND hotel_id = ?1`,
	"type plans": `SELECT id, hotel_id, room_type_id, code, name, base_rate, weekend_rate, weekend_days, included_adults, extra_adult,
		extra_child, min_stay, max_stay FROM rate_plans WHERE id = ?`,
	"type seasons": `SELECT rate_plan_id, name, from_date, to_date, rate, weekend_rate FROM rate_plan_seasons
		WHERE rate_plan_id = ?1 AND to_date > ?2 AND from_date < ?3 ORDER BY pos`,
	"type rate days": `SELECT rate_plan_id, date, rate, min_stay, max_stay, closed_to_arrival, closed_to_departure, stop_sell
		FROM rate_days WHERE rate_plan_id = ?1 AND date >= ?2 AND date < ?3`,

	"tape types": `SELECT id, code, name FROM room_types WHERE hotel_id = ? ORDER BY code`,
	"tape rooms": `SELECT id, number, floor, room_type_id, housekeeping FROM rooms WHERE hotel_id = ? ORDER BY sort_key`,
	"tape ooo": `SELECT room_id, id, from_date, to_date, reason FROM room_out_of_order
		WHERE hotel_id = ? AND to_date > ? AND from_date < ? ORDER BY room_id, from_date`,
	"tape nights": `SELECT night, room_id, holds, reservation_id, status, check_in, check_out, code, guest_name, room_type_id
		FROM reservation_nights WHERE hotel_id = ? AND night >= ? AND night < ? ORDER BY night, room_id, reservation_id`,

	"expired":    `SELECT id FROM reservations WHERE status = 'tentative' AND hold_until < ?`,
	"code taken": `SELECT count(*) FROM reservations WHERE code = ?`,
	"add guest":  sqliteInsertGuestSQL,
	"add res":    sqliteInsertReservationSQL,
	"add night":  sqliteInsertNightSQL,
	"add held":   sqliteAddHeldSQL,
	"add audit":  sqliteInsertAuditSQL,
}

func openSQLiteBench(path, synchronous string, immediate bool) (*sqliteBench, error) {
	db, err := sql.Open("sqlite", sqliteDSN(path, synchronous, immediate))
	if err != nil {
		return nil, err
	}
	// One connection: the statements stay prepared on it, and SQLite
	// writes one at a time anyway.
	db.SetMaxOpenConns(1)
	db.SetConnMaxIdleTime(0)
	q := &sqliteBench{db: db, now: func() time.Time { return benchNow }, st: map[string]*sql.Stmt{}, types: map[string]sqliteCachedType{}}
	for name, text := range sqliteStatements {
		if q.st[name], err = db.Prepare(text); err != nil {
			db.Close()
			return nil, fmt.Errorf("prepare %q: %w", name, err)
		}
	}
	return q, nil
}

func (q *sqliteBench) Close() error { return q.db.Close() }

// each runs the statement name in tx and calls scan for each row.
func (q *sqliteBench) each(ctx context.Context, tx *sql.Tx, name string, scan func(*sql.Rows) error, args ...any) error {
	rows, err := tx.StmtContext(ctx, q.st[name]).QueryContext(ctx, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return rows.Close()
}

// begin starts a transaction (IMMEDIATE on a connection opened for
// writing) and reads the hotel's business date and currency.
func (q *sqliteBench) begin(ctx context.Context, hotelID string) (tx *sql.Tx, businessDate, currency string, err error) {
	if tx, err = q.db.BeginTx(ctx, nil); err != nil {
		return nil, "", "", err
	}
	err = tx.StmtContext(ctx, q.st["hotel"]).QueryRowContext(ctx, hotelID).Scan(&businessDate, &currency)
	if errors.Is(err, sql.ErrNoRows) {
		err = app.Errorf(app.ENOTFOUND, "hotel %q not found", hotelID)
	}
	if err != nil {
		tx.Rollback()
		return nil, "", "", err
	}
	return tx, businessDate, currency, nil
}

// occupancy counts rooms, rooms out of order, caps and held rooms per type
// and night of st: of every type, or of typeID alone.
func (q *sqliteBench) occupancy(ctx context.Context, tx *sql.Tx, hotelID, typeID string, st stay) (*occupancy, error) {
	o := &occupancy{rooms: map[string]int{}, ooo: map[string]map[string]int{}, held: map[string]map[string]int{}, caps: map[string]map[string]int{}}
	for _, n := range st.nights {
		o.held[n], o.ooo[n] = map[string]int{}, map[string]int{}
	}
	prefix, roomArgs, rangeArgs := "", []any{hotelID}, []any{hotelID, st.checkIn, st.checkOut}
	if typeID != "" {
		prefix, roomArgs, rangeArgs = "type ", append(roomArgs, typeID), append(rangeArgs, typeID)
	}
	var t, date string
	var n int
	seen := map[string]bool{}
	return o, errors.Join(
		q.each(ctx, tx, prefix+"rooms", func(r *sql.Rows) error {
			err := r.Scan(&t, &n)
			o.rooms[t] = n
			return err
		}, roomArgs...),
		q.each(ctx, tx, prefix+"held", func(r *sql.Rows) error {
			err := r.Scan(&date, &t, &n)
			o.held[date][t] = n
			return err
		}, rangeArgs...),
		q.each(ctx, tx, prefix+"ooo", func(r *sql.Rows) error {
			var room, from, to string
			if err := r.Scan(&room, &t, &from, &to); err != nil {
				return err
			}
			for _, n := range st.nights {
				if from <= n && n < to && !seen[room+app.KeySep+n] { // each room once a night
					seen[room+app.KeySep+n] = true
					o.ooo[n][t]++
				}
			}
			return nil
		}, rangeArgs...),
		q.each(ctx, tx, prefix+"caps", func(r *sql.Rows) error {
			err := r.Scan(&t, &date, &n)
			if o.caps[t] == nil {
				o.caps[t] = map[string]int{}
			}
			o.caps[t][date] = n
			return err
		}, rangeArgs...),
	)
}

// ratePlans reads the rate plans of the hotel (or plan planID alone) with
// the seasons and rate calendar that touch st.
func (q *sqliteBench) ratePlans(ctx context.Context, tx *sql.Tx, hotelID, planID string, st stay) ([]property.RatePlan, map[string]map[string]property.RateDay, error) {
	var plans []property.RatePlan
	days := map[string]map[string]property.RateDay{}
	prefix, key := "", hotelID
	if planID != "" {
		prefix, key = "type ", planID
	}
	err := q.each(ctx, tx, prefix+"plans", func(r *sql.Rows) error {
		var p property.RatePlan
		var weekend string
		if err := r.Scan(&p.ID, &p.HotelID, &p.RoomTypeID, &p.Code, &p.Name, &p.BaseRate, &p.WeekendRate, &weekend, &p.IncludedAdults,
			&p.ExtraAdult, &p.ExtraChild, &p.MinStay, &p.MaxStay); err != nil {
			return err
		}
		for _, f := range strings.Split(weekend, ",") {
			if n, err := strconv.Atoi(f); err == nil {
				p.WeekendDays = append(p.WeekendDays, n)
			}
		}
		plans = append(plans, p)
		return nil
	}, key)
	if err != nil {
		return nil, nil, err
	}
	err = errors.Join(
		q.each(ctx, tx, prefix+"seasons", func(r *sql.Rows) error {
			var plan string
			var s property.Season
			if err := r.Scan(&plan, &s.Name, &s.From, &s.To, &s.Rate, &s.WeekendRate); err != nil {
				return err
			}
			for i := range plans {
				if plans[i].ID == plan {
					plans[i].Seasons = append(plans[i].Seasons, s)
				}
			}
			return nil
		}, key, st.checkIn, st.checkOut),
		q.each(ctx, tx, prefix+"rate days", func(r *sql.Rows) error {
			var d property.RateDay
			var rate sql.NullInt64
			var minStay, maxStay sql.NullInt32
			if err := r.Scan(&d.RatePlanID, &d.Date, &rate, &minStay, &maxStay, &d.ClosedToArrival, &d.ClosedToDeparture, &d.StopSell); err != nil {
				return err
			}
			if rate.Valid {
				d.Rate = &rate.Int64
			}
			if minStay.Valid {
				d.MinStay = new(int(minStay.Int32))
			}
			if maxStay.Valid {
				d.MaxStay = new(int(maxStay.Int32))
			}
			if days[d.RatePlanID] == nil {
				days[d.RatePlanID] = map[string]property.RateDay{}
			}
			days[d.RatePlanID][d.Date] = d
			return nil
		}, key, st.checkIn, app.NextDate(st.checkOut)),
	)
	return plans, days, err
}

// availability is Service.Availability on SQLite, in one read transaction.
func (q *sqliteBench) availability(ctx context.Context, hotelID string, in AvailabilityQuery) (Availability, error) {
	if err := checkGuests(in.Adults, in.Children); err != nil {
		return Availability{}, err
	}
	tx, bd, currency, err := q.begin(ctx, hotelID)
	if err != nil {
		return Availability{}, err
	}
	defer tx.Rollback()
	st, err := parseStay(in.CheckIn, in.CheckOut, bd)
	if err != nil {
		return Availability{}, err
	}
	types, err := q.roomTypes(ctx, tx, hotelID, in.RoomType)
	if err != nil {
		return Availability{}, err
	}
	if in.RoomType != "" && len(types) == 0 {
		return Availability{}, app.Errorf(app.ENOTFOUND, "room type %q not found in this hotel", in.RoomType)
	}
	o, err := q.occupancy(ctx, tx, hotelID, "", st)
	if err != nil {
		return Availability{}, err
	}
	plans, days, err := q.ratePlans(ctx, tx, hotelID, "", st)
	if err != nil {
		return Availability{}, err
	}
	out := Availability{CheckIn: st.checkIn, CheckOut: st.checkOut, Nights: len(st.nights), Currency: currency, RoomTypes: []TypeAvailability{}}
	for _, t := range types {
		ta := TypeAvailability{RoomType: t, Available: o.free(t.ID, st.nights), Reasons: []string{}, RatePlans: []PlanAvailability{}}
		if ta.Available == 0 {
			ta.Reasons = append(ta.Reasons, ReasonSoldOut)
		}
		if in.Adults > t.MaxAdults || in.Children > t.MaxChildren {
			ta.Reasons = append(ta.Reasons, ReasonCapacity)
		}
		anyPlan := false
		for _, p := range plans {
			if p.RoomTypeID == t.ID {
				pa := quoteDays(p, days[p.ID], st, in.Adults, in.Children)
				pa.Tax = TaxOf(property.Tax{}, pa.Nights) // the benchmark's hotel has no tax
				anyPlan = anyPlan || pa.Bookable
				ta.RatePlans = append(ta.RatePlans, pa)
			}
		}
		if !anyPlan && len(ta.Reasons) == 0 {
			for _, pa := range ta.RatePlans {
				for _, r := range pa.Reasons {
					if !slices.Contains(ta.Reasons, r) {
						ta.Reasons = append(ta.Reasons, r)
					}
				}
			}
			if len(ta.RatePlans) == 0 {
				ta.Reasons = append(ta.Reasons, ReasonStopSell)
			}
		}
		ta.Bookable = len(ta.Reasons) == 0
		out.RoomTypes = append(out.RoomTypes, ta)
	}
	return out, tx.Commit()
}

// roomTypes returns the room types of the hotel in code order (only
// onlyID's when it is set), decoding only those not cached at their
// current version.
func (q *sqliteBench) roomTypes(ctx context.Context, tx *sql.Tx, hotelID, onlyID string) ([]property.RoomType, error) {
	type version struct{ id, updated string }
	var vs []version
	err := q.each(ctx, tx, "room type versions", func(r *sql.Rows) error {
		var v version
		err := r.Scan(&v.id, &v.updated)
		if onlyID == "" || onlyID == v.id {
			vs = append(vs, v)
		}
		return err
	}, hotelID)
	if err != nil {
		return nil, err
	}
	types := make([]property.RoomType, 0, len(vs))
	for _, v := range vs {
		q.mu.Lock()
		c, ok := q.types[v.id]
		q.mu.Unlock()
		if !ok || c.updated != v.updated {
			var t property.RoomType
			var amenities, descriptions, photos, created, updated string
			if err := tx.StmtContext(ctx, q.st["room type"]).QueryRowContext(ctx, v.id).Scan(&t.ID, &t.HotelID, &t.Code, &t.Name,
				&t.BedType, &t.AreaM2, &t.MaxAdults, &t.MaxChildren, &amenities, &descriptions, &photos, &created, &updated); err != nil {
				return nil, err
			}
			if err := errors.Join(json.Unmarshal([]byte(amenities), &t.Amenities), json.Unmarshal([]byte(descriptions), &t.Descriptions),
				json.Unmarshal([]byte(photos), &t.Photos)); err != nil {
				return nil, err
			}
			t.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
			t.UpdatedAt, _ = time.Parse(time.RFC3339Nano, updated)
			c = sqliteCachedType{updated: updated, t: t}
			q.mu.Lock()
			q.types[v.id] = c
			q.mu.Unlock()
		}
		types = append(types, c.t)
	}
	return types, nil
}

// tapeChart is Service.TapeChartOf on SQLite, in one read transaction.
func (q *sqliteBench) tapeChart(ctx context.Context, hotelID, from, to string) (TapeChart, error) {
	st, err := parseStay(from, to, "")
	if err != nil {
		return TapeChart{}, app.Errorf(app.EINVALID, "the chart's range: %s", app.ErrorMessage(err))
	}
	if len(st.nights) > MaxTapeChartDays {
		return TapeChart{}, app.Errorf(app.EINVALID, "a tape chart shows at most %d days", MaxTapeChartDays)
	}
	tx, _, _, err := q.begin(ctx, hotelID)
	if err != nil {
		return TapeChart{}, err
	}
	defer tx.Rollback()
	tc := TapeChart{From: from, To: to, Dates: st.nights, Rooms: []TapeRoom{}, Unassigned: []TapeBlock{}, Conflicts: []RoomConflict{}, RoomTypes: []TapeRoomType{}, Allotments: []TapeAllotment{}}
	row := map[string]int{}
	type cell struct{ room, date string }
	holders := map[cell][]string{}
	blocks := map[string]*TapeBlock{}
	var order []string
	roomOf := map[string]string{}
	err = errors.Join(
		q.each(ctx, tx, "tape types", func(r *sql.Rows) error {
			var t TapeRoomType
			err := r.Scan(&t.ID, &t.Code, &t.Name)
			tc.RoomTypes = append(tc.RoomTypes, t)
			return err
		}, hotelID),
		q.each(ctx, tx, "tape rooms", func(r *sql.Rows) error {
			rm := TapeRoom{Blocks: []TapeBlock{}, OutOfOrder: []property.OutOfOrder{}}
			err := r.Scan(&rm.ID, &rm.Number, &rm.Floor, &rm.RoomTypeID, &rm.Housekeeping)
			row[rm.ID] = len(tc.Rooms)
			tc.Rooms = append(tc.Rooms, rm)
			return err
		}, hotelID),
		q.each(ctx, tx, "tape ooo", func(r *sql.Rows) error {
			var room string
			var o property.OutOfOrder
			err := r.Scan(&room, &o.ID, &o.From, &o.To, &o.Reason)
			if i, ok := row[room]; ok {
				tc.Rooms[i].OutOfOrder = append(tc.Rooms[i].OutOfOrder, o)
			}
			return err
		}, hotelID, from, to),
		// Each reservation's first night in range makes its block; every
		// night counts the room's holders.
		q.each(ctx, tx, "tape nights", func(r *sql.Rows) error {
			var date, room string
			var holds bool
			var b TapeBlock
			if err := r.Scan(&date, &room, &holds, &b.ReservationID, &b.Status, &b.CheckIn, &b.CheckOut, &b.Code, &b.GuestName, &b.RoomTypeID); err != nil {
				return err
			}
			id := b.ReservationID
			if room != "" && holds {
				holders[cell{room, date}] = append(holders[cell{room, date}], id)
			}
			if _, ok := blocks[id]; !ok {
				b.From, b.To = max(b.CheckIn, from), min(b.CheckOut, to)
				blocks[id], roomOf[id] = &b, room
				order = append(order, id)
			}
			return nil
		}, hotelID, from, to),
	)
	if err != nil {
		return TapeChart{}, err
	}
	conflicted := map[string]bool{}
	for c, ids := range holders {
		if len(ids) > 1 {
			tc.Conflicts = append(tc.Conflicts, RoomConflict{RoomID: c.room, Date: c.date, Reservations: ids})
			for _, id := range ids {
				conflicted[id] = true
			}
		}
	}
	sortConflicts(tc.Conflicts)
	for _, id := range order {
		b := blocks[id]
		b.Conflict = conflicted[id]
		if i, ok := row[roomOf[id]]; ok && roomOf[id] != "" {
			b.RoomTypeID = ""
			tc.Rooms[i].Blocks = append(tc.Rooms[i].Blocks, *b)
		} else {
			tc.Unassigned = append(tc.Unassigned, *b)
		}
	}
	return tc, tx.Commit()
}

// book is Service.Book on SQLite for one confirmed room for a new guest: in
// one IMMEDIATE transaction it expires holds, checks the plan and the
// type's free rooms on every night, writes the guest, the reservation, its
// nights and two audit rows, and commits.
func (q *sqliteBench) book(ctx context.Context, a app.Actor, in BookingInput) (BookingResult, error) {
	if err := in.validate(); err != nil {
		return BookingResult{}, err
	}
	if len(in.Rooms) != 1 || in.Guest.ID != "" || in.Status == StatusTentative || in.WalkIn || in.Rooms[0].RoomID != "" {
		return BookingResult{}, app.Errorf(app.EINVALID, "the SQLite booking takes one confirmed, unassigned room for a new guest")
	}
	rq := in.Rooms[0]
	now := q.now().UTC()
	tx, bd, currency, err := q.begin(ctx, in.HotelID)
	if err != nil {
		return BookingResult{}, err
	}
	defer tx.Rollback()
	st, err := parseStay(in.CheckIn, in.CheckOut, bd)
	if err != nil {
		return BookingResult{}, err
	}
	expired := 0
	if err := q.each(ctx, tx, "expired", func(*sql.Rows) error { expired++; return nil }, sqliteTime(now)); err != nil {
		return BookingResult{}, err
	}
	if expired > 0 {
		return BookingResult{}, app.Errorf(app.EINTERNAL, "the SQLite booking does not expire holds")
	}
	var t property.RoomType
	err = tx.StmtContext(ctx, q.st["type"]).QueryRowContext(ctx, rq.RoomTypeID).Scan(&t.ID, &t.HotelID, &t.Name, &t.MaxAdults, &t.MaxChildren)
	if err != nil || t.HotelID != in.HotelID {
		return BookingResult{}, app.Errorf(app.EINVALID, "room type %q is not a room type of this hotel", rq.RoomTypeID)
	}
	plans, days, err := q.ratePlans(ctx, tx, in.HotelID, rq.RatePlanID, st)
	if err != nil {
		return BookingResult{}, err
	}
	if len(plans) != 1 || plans[0].HotelID != in.HotelID || plans[0].RoomTypeID != t.ID {
		return BookingResult{}, app.Errorf(app.EINVALID, "rate plan %q is not a rate plan of the room type %s", rq.RatePlanID, t.Name)
	}
	p := plans[0]
	if rq.Adults > t.MaxAdults || rq.Children > t.MaxChildren {
		return BookingResult{}, app.Errorf(app.EINVALID, "room 1: %s takes at most %d adults and %d children", t.Name, t.MaxAdults, t.MaxChildren)
	}
	quoted := quoteDays(p, days[p.ID], st, rq.Adults, rq.Children)
	if !quoted.Bookable {
		return BookingResult{}, app.Errorf(app.ECONFLICT, "room 1: the rate plan %s does not allow this stay (%s)", p.Name, strings.Join(quoted.Reasons, ", "))
	}
	o, err := q.occupancy(ctx, tx, in.HotelID, t.ID, st)
	if err != nil {
		return BookingResult{}, err
	}
	for _, night := range st.nights {
		if o.sellable(t.ID, night)-o.held[night][t.ID] < 1 {
			return BookingResult{}, app.Errorf(app.ECONFLICT, "no %s room is free on %s", t.Name, night)
		}
	}

	g := guest.Guest{ID: app.NewID(now), Name: in.Guest.Name, Phone: in.Guest.Phone, Email: in.Guest.Email, Nationality: in.Guest.Nationality,
		IDDocument: guest.IDDocument{Type: in.Guest.IDDocument.Type}, Notes: in.Guest.Notes, CreatedAt: now, UpdatedAt: now}
	number := in.Guest.IDDocument.Number
	if err := g.Validate(&number); err != nil {
		return BookingResult{}, err
	}
	if number != "" {
		return BookingResult{}, app.Errorf(app.EINVALID, "the SQLite booking takes no identity document")
	}
	code := ""
	for try := 0; try < 10 && code == ""; try++ {
		c := app.NewID(now)[16:]
		c = c[:5] + "-" + c[5:]
		var n int
		if err := tx.StmtContext(ctx, q.st["code taken"]).QueryRowContext(ctx, c).Scan(&n); err != nil {
			return BookingResult{}, err
		}
		if n == 0 {
			code = c
		}
	}
	if code == "" {
		return BookingResult{}, app.Errorf(app.EINTERNAL, "cannot find a free confirmation code")
	}
	r := Reservation{ID: app.NewID(now), HotelID: in.HotelID, Code: code, Status: StatusConfirmed, RoomTypeID: t.ID, RatePlanID: p.ID,
		CheckIn: st.checkIn, CheckOut: st.checkOut, Adults: rq.Adults, Children: rq.Children, GuestID: g.ID, GuestName: g.Name,
		GuestPhone: g.Phone, SpecialRequests: strings.TrimSpace(in.SpecialRequests), Source: in.Source, Nights: quoted.Nights,
		Total: quoted.Total, Currency: currency, RoomHistory: []RoomMove{}, CreatedAt: now, UpdatedAt: now}
	audit := tx.StmtContext(ctx, q.st["add audit"])
	if err := sqliteInsertGuest(ctx, tx.StmtContext(ctx, q.st["add guest"]), &g); err != nil {
		return BookingResult{}, err
	}
	if _, err := audit.ExecContext(ctx, sqliteTime(now), a.String(), "guest.create", "guest", g.ID, jsonText(g)); err != nil {
		return BookingResult{}, err
	}
	if err := sqliteInsertReservation(ctx, tx.StmtContext(ctx, q.st["add res"]), tx.StmtContext(ctx, q.st["add night"]),
		tx.StmtContext(ctx, q.st["add held"]), &r); err != nil {
		return BookingResult{}, err
	}
	if _, err := audit.ExecContext(ctx, sqliteTime(now), a.String(), "reservation.create", "reservation", r.ID, jsonText(r)); err != nil {
		return BookingResult{}, err
	}
	if err := tx.Commit(); err != nil {
		return BookingResult{}, err
	}
	return BookingResult{Code: code, Reservations: []Reservation{r}}, nil
}

// benchFixture is the big hotel, in the store and in SQLite, open for
// reading.
type benchFixture struct {
	data         *benchData // without its documents
	reservations int        // how many the data has
	dir          string
	svc          *Service
	lite         *sqliteBench
	about        string // what the data is and how it came
	told         sync.Once
	err          error
}

// describe logs what the data is and how it came, once per process, from a
// leaf benchmark (whose log is printed without -v).
func (f *benchFixture) describe(b *testing.B) {
	f.told.Do(func() { b.Log(f.about) })
}

var (
	benchOnce sync.Once
	benchFix  *benchFixture
)

// loadBenchFixture returns the big hotel, building it on first use in this
// process (or reusing the copy a run of the same test binary left).
func loadBenchFixture(b *testing.B) *benchFixture {
	b.Helper()
	benchOnce.Do(func() { benchFix = openBenchFixture() })
	if benchFix.err != nil {
		b.Fatal(benchFix.err)
	}
	return benchFix
}

func openBenchFixture() *benchFixture {
	f := &benchFixture{}
	t0 := time.Now()
	d := generateBench(bigBench)
	gen := time.Since(t0)
	f.data = d
	key, err := benchCacheKey(d)
	if err != nil {
		f.err = err
		return f
	}
	f.dir = filepath.Join(os.TempDir(), "innkeep-bench-"+key)
	how := "reused " + f.dir
	if _, err := os.Stat(filepath.Join(f.dir, "complete")); err != nil {
		t1 := time.Now()
		times, err := buildBenchDir(f.dir, d)
		if err != nil {
			f.err = err
			return f
		}
		how = fmt.Sprintf("built in %.1fs (generate %.1fs; store %.1fs and SQLite %.1fs, side by side) in %s",
			(gen + time.Since(t1)).Seconds(), gen.Seconds(), times[0].Seconds(), times[1].Seconds(), f.dir)
		removeStaleBenchDirs(f.dir)
	}
	sizes := ""
	for _, name := range []string{datadir.StoreFileName, "bench.sqlite"} {
		if fi, err := os.Stat(filepath.Join(f.dir, name)); err == nil {
			sizes += fmt.Sprintf(" %s %d MB", name, fi.Size()>>20)
		}
	}
	statuses := map[string]int{}
	for _, r := range d.reservations {
		statuses[r.Status]++
	}
	f.about = fmt.Sprintf("data: %d rooms, %d types, %d nights from %s (business date %s), %d reservations %v, %d guests, occupancy %.0f%%; %s;%s",
		len(d.rooms), len(d.types), d.days, d.dates[0], benchBusinessDate, len(d.reservations), statuses, len(d.guests),
		100*d.occupancyShare(), how, sizes)
	f.reservations = len(d.reservations)
	d.reservations, d.guests = nil, nil

	db, err := store.Open(filepath.Join(f.dir, datadir.StoreFileName), store.Options{Kinds: testKinds(), Migrations: testMigrations(), ReadOnly: true})
	if err != nil {
		f.err = err
		return f
	}
	f.svc = testService(db, f.dir, func() time.Time { return benchNow }, nil)
	if f.lite, err = openSQLiteBench(filepath.Join(f.dir, "bench.sqlite"), "FULL", false); err != nil {
		f.err = err
		return f
	}
	// The guard: both sides give the same answers, and the counts the
	// generator placed.
	bi := d.businessIndex()
	for i := 0; i < 12; i++ {
		in := bi + i*(d.days-bi-3)/11
		if err := compareAvailability(f.svc, f.lite, d, in, in+3, true); err != nil {
			f.err = fmt.Errorf("the benchmark's two sides disagree: %w", err)
			return f
		}
	}
	for _, m := range benchMonths(d)[:3] {
		if err := compareTapeCharts(f.svc, f.lite, d.hotel.ID, m, mustDate(m).AddDate(0, 0, 31).Format(time.DateOnly)); err != nil {
			f.err = fmt.Errorf("the benchmark's two sides disagree: %w", err)
			return f
		}
	}
	return f
}

// benchCacheKey names the cached data: the test binary and the generated
// data (so any change of code or generator gives a new key).
func benchCacheKey(d *benchData) (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	fh, err := os.Open(exe)
	if err != nil {
		return "", err
	}
	defer fh.Close()
	h := sha256.New()
	if _, err := io.Copy(h, fh); err != nil {
		return "", err
	}
	fmt.Fprintf(h, "%+v %s", d.spec, d.sum)
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// buildBenchDir writes d into dir (the store and SQLite at the same time),
// through a temporary directory renamed at the end, so that a run cut short
// leaves nothing that looks complete.
func buildBenchDir(dir string, d *benchData) ([2]time.Duration, error) {
	var times [2]time.Duration
	tmp, err := os.MkdirTemp(filepath.Dir(dir), filepath.Base(dir)+".tmp-")
	if err != nil {
		return times, err
	}
	defer os.RemoveAll(tmp)
	// The load makes much short-lived garbage and has memory to spare.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	var wg sync.WaitGroup
	var errs [2]error
	for i, write := range []func() error{
		func() error { return writeBenchStore(filepath.Join(tmp, datadir.StoreFileName), d) },
		func() error { return writeBenchSQLite(filepath.Join(tmp, "bench.sqlite"), d) },
	} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t0 := time.Now()
			errs[i] = write()
			times[i] = time.Since(t0)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		return times, err
	}
	if err := os.WriteFile(filepath.Join(tmp, "complete"), []byte(d.sum+"\n"), 0o600); err != nil {
		return times, err
	}
	if err := os.Rename(tmp, dir); err != nil {
		if _, serr := os.Stat(filepath.Join(dir, "complete")); serr == nil {
			return times, nil // another process finished first
		}
		return times, err
	}
	return times, nil
}

// removeStaleBenchDirs removes the data of other test binaries, when it is
// more than an hour old.
func removeStaleBenchDirs(keep string) {
	old, _ := filepath.Glob(filepath.Join(filepath.Dir(keep), "innkeep-bench-*"))
	for _, dir := range old {
		if fi, err := os.Stat(dir); err == nil && dir != keep && time.Since(fi.ModTime()) > time.Hour {
			os.RemoveAll(dir)
		}
	}
}

// compareAvailability asks both sides for the stay of nights in ≤ i < out
// (indexes into d.dates) and checks that their answers are the same, and
// (with oracle) that the rooms available are what the generator placed.
func compareAvailability(s *Service, q *sqliteBench, d *benchData, in, out int, oracle bool) error {
	ctx := context.Background()
	aq := AvailabilityQuery{CheckIn: d.dates[in], CheckOut: d.dates[out], Adults: 2}
	a1, err1 := s.Availability(ctx, app.SystemActor(), d.hotel.ID, aq)
	a2, err2 := q.availability(ctx, d.hotel.ID, aq)
	if app.ErrorCode(err1) != app.ErrorCode(err2) || (err1 == nil) != (err2 == nil) {
		return fmt.Errorf("availability %s to %s: innkeep says %v, SQLite says %v", aq.CheckIn, aq.CheckOut, err1, err2)
	}
	if err1 != nil {
		return nil
	}
	j1, j2 := jsonText(a1), jsonText(a2)
	if j1 != j2 {
		return fmt.Errorf("availability %s to %s:\ninnkeep %s\nSQLite  %s", aq.CheckIn, aq.CheckOut, j1, j2)
	}
	if !oracle || out > d.days {
		return nil
	}
	for _, ta := range a1.RoomTypes {
		t := slices.IndexFunc(d.types, func(rt property.RoomType) bool { return rt.ID == ta.RoomType.ID })
		if want := d.freeOver(t, in, out); ta.Available != want {
			return fmt.Errorf("availability %s to %s: %s has %d rooms free, the generator placed %d", aq.CheckIn, aq.CheckOut, ta.RoomType.Code, ta.Available, want)
		}
	}
	return nil
}

func compareTapeCharts(s *Service, q *sqliteBench, hotelID, from, to string) error {
	ctx := context.Background()
	t1, err1 := s.TapeChartOf(ctx, app.SystemActor(), hotelID, from, to)
	t2, err2 := q.tapeChart(ctx, hotelID, from, to)
	if err1 != nil || err2 != nil {
		return fmt.Errorf("tape chart %s to %s: innkeep says %v, SQLite says %v", from, to, err1, err2)
	}
	j1, j2 := jsonText(t1), jsonText(t2)
	if j1 != j2 {
		return fmt.Errorf("tape chart %s to %s differs:\ninnkeep %.2000s\nSQLite  %.2000s", from, to, j1, j2)
	}
	blocks := len(t1.Unassigned)
	for _, r := range t1.Rooms {
		blocks += len(r.Blocks)
	}
	if blocks == 0 || len(t1.Rooms) != len(t2.Rooms) {
		return fmt.Errorf("tape chart %s to %s: %d rooms and %d blocks", from, to, len(t1.Rooms), blocks)
	}
	return nil
}

// benchStays draws n stays of nights nights starting on future dates of
// d, the same for every run.
func benchStays(d *benchData, n, nights int) [][2]string {
	rng := rand.New(rand.NewPCG(7, 7))
	bi := d.businessIndex()
	out := make([][2]string, n)
	for i := range out {
		in := bi + rng.IntN(d.days-bi-nights+1)
		out[i] = [2]string{d.dates[in], d.dates[in+nights]}
	}
	return out
}

// benchMonths returns the first days of the months wholly inside the data,
// shuffled the same way for every run.
func benchMonths(d *benchData) []string {
	var out []string
	end := d.start.AddDate(0, 0, d.days)
	for m := time.Date(d.start.Year(), d.start.Month()+1, 1, 0, 0, 0, 0, time.UTC); !m.AddDate(0, 0, 31).After(end); m = m.AddDate(0, 1, 0) {
		out = append(out, m.Format(time.DateOnly))
	}
	rng := rand.New(rand.NewPCG(8, 8))
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// latencies records the time of each op and reports the median and the
// 99th percentile.
type latencies []time.Duration

func (l latencies) report(b *testing.B) {
	if len(l) == 0 {
		return
	}
	slices.Sort(l)
	at := func(p int) float64 { return float64(l[min(len(l)-1, len(l)*p/100)]) / 1e3 }
	b.ReportMetric(at(50), "p50-µs")
	b.ReportMetric(at(99), "p99-µs")
}

// BenchmarkAvailability searches a 3-night stay for 2 adults, every room
// type, at one of 1000 future dates drawn once. The SQLite side runs the
// same counts (rooms per type, held rooms per type and night from the
// nights table's partial covering index, rooms out of order, caps), reads
// the rate plans, their seasons and calendar for the stay, and prices the
// nights with the same Go code.
func BenchmarkAvailability(b *testing.B) {
	f := loadBenchFixture(b)
	stays := benchStays(f.data, 1000, 3)
	ctx := context.Background()
	run := func(b *testing.B, ask func(AvailabilityQuery) (Availability, error)) {
		f.describe(b)
		b.ReportAllocs()
		lat := make(latencies, 0, b.N)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			s := stays[i%len(stays)]
			t0 := time.Now()
			av, err := ask(AvailabilityQuery{CheckIn: s[0], CheckOut: s[1], Adults: 2})
			lat = append(lat, time.Since(t0))
			if err != nil || len(av.RoomTypes) != len(f.data.types) {
				b.Fatalf("availability %v: %d types, %v", s, len(av.RoomTypes), err)
			}
		}
		b.StopTimer()
		lat.report(b)
	}
	b.Run("innkeep", func(b *testing.B) {
		run(b, func(q AvailabilityQuery) (Availability, error) {
			return f.svc.Availability(ctx, app.SystemActor(), f.data.hotel.ID, q)
		})
	})
	b.Run("sqlite", func(b *testing.B) {
		run(b, func(q AvailabilityQuery) (Availability, error) { return f.lite.availability(ctx, f.data.hotel.ID, q) })
	})
}

// BenchmarkTapeChart draws the chart of all 200 rooms for the 31 days from
// the first of a month (past months hold departed guests, future ones
// unassigned bookings). The SQLite side reads the rooms and the nights
// table joined to the reservations in one ordered range, and builds the
// same chart.
func BenchmarkTapeChart(b *testing.B) {
	f := loadBenchFixture(b)
	months := benchMonths(f.data)
	ctx := context.Background()
	run := func(b *testing.B, chart func(from, to string) (TapeChart, error)) {
		f.describe(b)
		b.ReportAllocs()
		lat := make(latencies, 0, b.N)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			from := months[i%len(months)]
			to := mustDate(from).AddDate(0, 0, 31).Format(time.DateOnly)
			t0 := time.Now()
			tc, err := chart(from, to)
			lat = append(lat, time.Since(t0))
			if err != nil || len(tc.Rooms) != len(f.data.rooms) {
				b.Fatalf("tape chart from %s: %d rooms, %v", from, len(tc.Rooms), err)
			}
		}
		b.StopTimer()
		lat.report(b)
	}
	b.Run("innkeep", func(b *testing.B) {
		run(b, func(from, to string) (TapeChart, error) {
			return f.svc.TapeChartOf(ctx, app.SystemActor(), f.data.hotel.ID, from, to)
		})
	})
	b.Run("sqlite", func(b *testing.B) {
		run(b, func(from, to string) (TapeChart, error) { return f.lite.tapeChart(ctx, f.data.hotel.ID, from, to) })
	})
}

// bookingSlots hands out 2-night stays of one room type that still have a
// free room, in a fixed shuffled order of (type, arrival) over the future
// nights of the data; when none is left, stays after the data's end, as
// many per type and night as the type has rooms.
type bookingSlots struct {
	d      *benchData
	free   [][]int // free[t][i]: rooms of type t still free on night i
	order  [][2]int
	next   int
	missed int
	beyond []int // stays placed after the data's end, per type
	k      int
}

func newBookingSlots(d *benchData) *bookingSlots {
	s := &bookingSlots{d: d, free: make([][]int, len(d.types)), beyond: make([]int, len(d.types))}
	for t := range d.types {
		s.free[t] = make([]int, d.days)
		for i := range s.free[t] {
			s.free[t][i] = d.sellable[t][i] - d.held[t][i]
		}
		for i := d.businessIndex() + 1; i+2 <= d.days; i++ {
			s.order = append(s.order, [2]int{t, i})
		}
	}
	rng := rand.New(rand.NewPCG(9, 9))
	rng.Shuffle(len(s.order), func(i, j int) { s.order[i], s.order[j] = s.order[j], s.order[i] })
	return s
}

// take returns the type and the dates of the next stay.
func (s *bookingSlots) take() (t int, in, out string) {
	for s.missed < len(s.order) {
		c := s.order[s.next%len(s.order)]
		s.next++
		t, i := c[0], c[1]
		if s.free[t][i] > 0 && s.free[t][i+1] > 0 {
			s.free[t][i]--
			s.free[t][i+1]--
			s.missed = 0
			return t, s.d.dates[i], s.d.dates[i+2]
		}
		s.missed++
	}
	t = s.k % len(s.d.types)
	s.k++
	rooms := s.d.sellable[t][s.d.days-1]
	start := s.d.start.AddDate(0, 0, s.d.days+benchWindow+2*(s.beyond[t]/rooms))
	s.beyond[t]++
	return t, start.Format(time.DateOnly), start.AddDate(0, 0, 2).Format(time.DateOnly)
}

func copyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	// On disk before any timing starts: a copy still in the page cache
	// would be written back during the benchmark, by whichever side runs.
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// bookSide is one side of the booking benchmarks: a copy of the data, the
// stays its bookings have taken, and how to book. BenchmarkBook and
// BenchmarkBookParallel share it, so the big files are copied once.
type bookSide struct {
	book  func(BookingInput) (BookingResult, error)
	db    *store.DB // innkeep's store, for its write counts
	mu    sync.Mutex
	slots *bookingSlots
	n     int
}

// next returns the input of the side's next booking: a 2-night stay of a
// type with a free room, for a new guest.
func (s *bookSide) next(d *benchData) (BookingInput, string) {
	s.mu.Lock()
	t, in, out := s.slots.take()
	s.n++
	i := s.n
	s.mu.Unlock()
	return BookingInput{HotelID: d.hotel.ID, CheckIn: in, CheckOut: out,
		Rooms:  []RoomRequest{{RoomTypeID: d.types[t].ID, RatePlanID: d.plans[t].ID, Adults: 2}},
		Guest:  BookingGuest{GuestInput: guest.GuestInput{Name: benchFirst[i%len(benchFirst)] + " " + benchLast[i/7%len(benchLast)], Phone: fmt.Sprintf("+86 138 %04d %04d", i/10000%10000, i%10000)}},
		Source: Source{Channel: "phone"}}, fmt.Sprintf("booking %d (%s, %s to %s)", i, d.types[t].Code, in, out)
}

var (
	bookSidesOnce sync.Once
	bookSides     map[string]*bookSide
	bookSidesErr  error
)

// loadBookSides copies the data for the booking benchmarks, once per
// process, into a directory removed when the process's benchmarks end (the
// testing package has no hook for that: it goes with the OS's temp dir
// sweep when a run is killed).
func loadBookSides(f *benchFixture) (map[string]*bookSide, error) {
	bookSidesOnce.Do(func() {
		dir, err := os.MkdirTemp("", "innkeep-book-")
		if err != nil {
			bookSidesErr = err
			return
		}
		ctx := context.Background()
		path := filepath.Join(dir, datadir.StoreFileName)
		lite := filepath.Join(dir, "bench.sqlite")
		if err := errors.Join(copyFile(path, filepath.Join(f.dir, datadir.StoreFileName)), copyFile(lite, filepath.Join(f.dir, "bench.sqlite"))); err != nil {
			bookSidesErr = err
			return
		}
		db, err := store.Open(path, store.Options{Kinds: testKinds(), Migrations: testMigrations()})
		if err != nil {
			bookSidesErr = err
			return
		}
		s := testService(db, dir, func() time.Time { return benchNow }, nil)
		q, err := openSQLiteBench(lite, "FULL", true)
		if err != nil {
			bookSidesErr = err
			return
		}
		bookSides = map[string]*bookSide{
			"innkeep": {slots: newBookingSlots(f.data), db: db, book: func(in BookingInput) (BookingResult, error) {
				return s.Book(ctx, app.SystemActor(), in, "")
			}},
			"sqlite": {slots: newBookingSlots(f.data), book: func(in BookingInput) (BookingResult, error) {
				return q.book(ctx, app.SystemActor(), in)
			}},
		}
		benchCleanups = append(benchCleanups, func() { db.Close(); q.Close(); os.RemoveAll(dir) })
	})
	return bookSides, bookSidesErr
}

// benchCleanups run when the package's tests and benchmarks end.
var benchCleanups []func()

func TestMain(m *testing.M) {
	code := m.Run()
	for _, c := range benchCleanups {
		c()
	}
	os.Exit(code)
}

// BenchmarkBook makes one durable booking of one room for a new guest per
// op, into future dates that still have a free room of the type: innkeep on
// the store opened with fsync on; SQLite in WAL mode with synchronous=FULL,
// in one BEGIN IMMEDIATE transaction that checks the plan and the type's
// free rooms from the same hold counts as BenchmarkAvailability, and
// writes the guest, the reservation, its nights and hold counts and two
// audit rows (as Book writes the guest, the reservation and two audit
// entries). Both write to copies of the data. innkeep also reports the
// pages (and write calls) each booking's commit writes. fsync is the
// floor: 4 KiB written and fdatasync-ed in the same directory.
func BenchmarkBook(b *testing.B) {
	f := loadBenchFixture(b)
	sides, err := loadBookSides(f)
	if err != nil {
		b.Fatal(err)
	}
	for _, name := range []string{"innkeep", "sqlite"} {
		b.Run(name, func(b *testing.B) {
			s := sides[name]
			f.describe(b)
			b.ReportAllocs()
			lat := make(latencies, 0, b.N)
			var before store.WriteStats
			if s.db != nil {
				before = s.db.WriteStats()
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				in, what := s.next(f.data)
				t0 := time.Now()
				res, err := s.book(in)
				lat = append(lat, time.Since(t0))
				if err != nil || len(res.Reservations) != 1 {
					b.Fatalf("%s: %v", what, err)
				}
			}
			b.StopTimer()
			lat.report(b)
			if s.db != nil {
				after := s.db.WriteStats()
				b.ReportMetric(float64(after.Pages-before.Pages)/float64(b.N), "pages/op")
				b.ReportMetric(float64(after.Writes-before.Writes)/float64(b.N), "writes/op")
			}
		})
	}
	b.Run("fsync", func(b *testing.B) {
		fh, err := os.Create(filepath.Join(b.TempDir(), "raw"))
		if err != nil {
			b.Fatal(err)
		}
		defer fh.Close()
		page := make([]byte, 4096)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			binary.BigEndian.PutUint64(page, uint64(i))
			if _, err := fh.WriteAt(page, int64(i%16)*4096); err != nil {
				b.Fatal(err)
			}
			if err := syscall.Fdatasync(int(fh.Fd())); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// benchClerks is how many desks book at once in BenchmarkBookParallel.
const benchClerks = 8

// BenchmarkBookParallel is BenchmarkBook with 8 clerks booking at once, on
// the same copies (ns/op is the time per booking of all of them together:
// lower is more bookings a second). innkeep's bookings share commits
// (group commit, store/group.go); SQLite's go one at a time through its
// one write connection, as SQLite writes anyway. one-commit-each is
// innkeep with its bookings made one at a time, each with a commit of its
// own: what the clerks had before group commit.
func BenchmarkBookParallel(b *testing.B) {
	f := loadBenchFixture(b)
	sides, err := loadBookSides(f)
	if err != nil {
		b.Fatal(err)
	}
	var one sync.Mutex
	inkp := sides["innkeep"]
	sides["one-commit-each"] = &bookSide{slots: inkp.slots, db: inkp.db, book: func(in BookingInput) (BookingResult, error) {
		one.Lock()
		defer one.Unlock()
		return inkp.book(in)
	}}
	for _, name := range []string{"innkeep", "sqlite", "one-commit-each"} {
		b.Run(name, func(b *testing.B) {
			s := sides[name]
			f.describe(b)
			b.ReportAllocs()
			var before store.WriteStats
			if s.db != nil {
				before = s.db.WriteStats()
			}
			var next atomic.Int64
			var failed atomic.Pointer[error]
			var wg sync.WaitGroup
			b.ResetTimer()
			for range benchClerks {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for next.Add(1) <= int64(b.N) && failed.Load() == nil {
						in, what := s.next(f.data)
						res, err := s.book(in)
						if err == nil && len(res.Reservations) != 1 {
							err = errors.New("no reservation")
						}
						if err != nil {
							err = fmt.Errorf("%s: %w", what, err)
							failed.Store(&err)
						}
					}
				}()
			}
			wg.Wait()
			b.StopTimer()
			if err := failed.Load(); err != nil {
				b.Fatal(*err)
			}
			if s.db != nil {
				after := s.db.WriteStats()
				b.ReportMetric(float64(after.Pages-before.Pages)/float64(b.N), "pages/op")
			}
		})
	}
}

// BenchmarkStoreSize reports the size of the generated hotel's files in
// bytes per reservation (B/reservation; ns/op is only the stat): innkeep's
// store file (compacted after the load; documents, indexes and the op log
// together, the op log unpruned), the same store with its op log pruned
// (innkeep-pruned: what a desk keeps once every desk it knows holds its
// ops), and SQLite's database (made by one load, then its indexes).
// innkeep also reports the pages of its documents, indexes and op log apart
// (docs-, idx- and ops-B/reservation).
func BenchmarkStoreSize(b *testing.B) {
	f := loadBenchFixture(b)
	reservations := float64(f.reservations)
	pruned := ""
	outer := b // the copy outlives each run of the sub-benchmark
	for _, side := range []struct{ name, file string }{{"innkeep", datadir.StoreFileName}, {"innkeep-pruned", ""}, {"sqlite", "bench.sqlite"}} {
		b.Run(side.name, func(b *testing.B) {
			f.describe(b)
			path := filepath.Join(f.dir, side.file)
			if side.name == "innkeep-pruned" {
				if pruned == "" {
					var err error
					if pruned, err = prunedBenchCopy(outer, filepath.Join(f.dir, datadir.StoreFileName)); err != nil {
						b.Fatal(err)
					}
				}
				path = pruned
			}
			var size int64
			for i := 0; i < b.N; i++ {
				fi, err := os.Stat(path)
				if err != nil {
					b.Fatal(err)
				}
				size = fi.Size()
			}
			b.StopTimer()
			b.ReportMetric(float64(size)/reservations, "B/reservation")
			if strings.HasPrefix(side.name, "innkeep") {
				parts, err := boltBucketBytes(path)
				if err != nil {
					b.Fatal(err)
				}
				for _, name := range []string{"docs", "idx", "ops"} {
					b.ReportMetric(float64(parts[name])/reservations, name+"-B/reservation")
				}
			}
		})
	}
}

// prunedBenchCopy returns a copy of the store at path whose op log is
// pruned as a desk alone (or one whose peers all hold its ops) prunes it,
// compacted as the benchmark's store is. The copy is removed when b ends.
func prunedBenchCopy(b *testing.B, path string) (string, error) {
	dir := b.TempDir()
	work := filepath.Join(dir, "work.db")
	if err := copyFile(work, path); err != nil {
		return "", err
	}
	db, err := store.Open(work, store.Options{Kinds: testKinds(), Migrations: testMigrations(), NoSync: true})
	if err != nil {
		return "", err
	}
	vv, err := db.VersionVector()
	if err == nil {
		_, err = db.Prune([]store.VersionVector{vv})
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", err
	}
	out := filepath.Join(dir, datadir.StoreFileName)
	return out, compactBolt(out, work)
}

// boltBucketBytes returns the bytes of the pages of each top-level bucket
// of the bbolt file at path.
func boltBucketBytes(path string) (map[string]int64, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer db.Close()
	out := map[string]int64{}
	err = db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, bk *bolt.Bucket) error {
			st := bk.Stats()
			out[string(name)] = int64(st.BranchAlloc + st.LeafAlloc)
			return nil
		})
	})
	return out, err
}

// TestBenchDataAgreesWithSQLite builds a small hotel (20 rooms: 7 STD, 5
// SUP, 4 DLX, 2 FAM, 2 STE; 60 nights of stays around the business date
// 2026-11-26, then the window of placeWindow from 2026-12-26) in the store
// and in SQLite, and checks both sides against answers worked out by hand
// from the data (prices, restrictions, caps, holds, a double booking, a
// stay before the business date), against the generator's own count of
// free rooms, and against each other: availability for every arrival
// from the business date on, the tape chart, and bookings up to the last
// free room.
func TestBenchDataAgreesWithSQLite(t *testing.T) {
	d := generateBench(smallBench)
	built := t.TempDir()
	if err := writeBenchStore(filepath.Join(built, datadir.StoreFileName), d); err != nil {
		t.Fatal(err)
	}
	if err := writeBenchSQLite(filepath.Join(built, "bench.sqlite"), d); err != nil {
		t.Fatal(err)
	}
	// open opens a copy of the data of its own, for one subtest.
	open := func(t *testing.T) (*Service, *sqliteBench) {
		dir := t.TempDir()
		for _, name := range []string{datadir.StoreFileName, "bench.sqlite"} {
			if err := copyFile(filepath.Join(dir, name), filepath.Join(built, name)); err != nil {
				t.Fatal(err)
			}
		}
		db, err := store.Open(filepath.Join(dir, datadir.StoreFileName), store.Options{Kinds: testKinds(), Migrations: testMigrations(), NoSync: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		q, err := openSQLiteBench(filepath.Join(dir, "bench.sqlite"), "OFF", true)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { q.Close() })
		return testService(db, dir, func() time.Time { return benchNow }, nil), q
	}
	if len(d.reservations) < 500 || d.occupancyShare() < 0.55 || d.occupancyShare() > 0.85 {
		t.Fatalf("the generator made %d reservations at %.0f%% occupancy", len(d.reservations), 100*d.occupancyShare())
	}
	if d.dates[d.days] != "2026-12-26" || d.dates[d.businessIndex()] != benchBusinessDate {
		t.Fatalf("the window starts on %s, the business date is %s: the cases below are worked out for 2026-12-26 and %s",
			d.dates[d.days], d.dates[d.businessIndex()], benchBusinessDate)
	}
	ctx := context.Background()
	typeOf := func(code string) int {
		return slices.IndexFunc(d.types, func(rt property.RoomType) bool { return rt.Code == code })
	}

	// Worked out by hand. Nights from 2026-12-20 to 2027-01-03 are in the
	// winter holidays season, at 125% of each plan's base rate on every
	// day of the week: STD 388.00 × 1.25 = 485.00, FAM 728.00 × 1.25 =
	// 910.00, plus 120.00 per adult over two and 60.00 per child.
	type planWant struct {
		reasons []string
		nights  []int64 // the price of each night
	}
	avail := []struct {
		name             string
		in, out          string
		adults, children int
		code             string // the room type looked at
		available        int
		plan             planWant
		typeReasons      []string
	}{
		{"a rate day's price and its minimum stay of 2, met", "2026-12-29", "2026-12-31", 2, 0, "STD", 1,
			planWant{nil, []int64{30000, 48500}}, nil}, // the cap of 1 on 12-30 leaves one room
		{"a minimum stay of 2, not met", "2026-12-29", "2026-12-30", 2, 0, "STD", 7,
			planWant{[]string{ReasonMinStay}, []int64{30000}}, []string{ReasonMinStay}},
		{"closed to arrival", "2026-12-31", "2027-01-02", 2, 0, "STD", 7,
			planWant{[]string{ReasonClosedToArrival}, []int64{48500, 48500}}, []string{ReasonClosedToArrival}},
		{"staying through a closed-to-arrival day", "2026-12-30", "2027-01-01", 2, 0, "STD", 1,
			planWant{nil, []int64{48500, 48500}}, nil},
		{"a maximum stay of 1, exceeded", "2027-01-01", "2027-01-03", 2, 0, "STD", 7,
			planWant{[]string{ReasonMaxStay}, []int64{48500, 48500}}, []string{ReasonMaxStay}},
		{"a maximum stay of 1, kept", "2027-01-01", "2027-01-02", 2, 0, "STD", 7,
			planWant{nil, []int64{48500}}, nil},
		{"a tentative hold takes one of the two FAM rooms", "2026-12-27", "2026-12-29", 3, 1, "FAM", 1,
			planWant{nil, []int64{91000 + 12000 + 6000, 91000 + 12000 + 6000}}, nil},
		{"the FAM hold ends before its check-out", "2026-12-29", "2026-12-30", 2, 0, "FAM", 2,
			planWant{[]string{}, []int64{91000}}, nil},
		{"a double booking holds both STE rooms", "2026-12-28", "2026-12-30", 2, 0, "STE", 0,
			planWant{nil, []int64{128800 * 125 / 100, 128800 * 125 / 100}}, []string{ReasonSoldOut}},
	}
	t.Run("availability is what was worked out by hand", func(t *testing.T) {
		s, q := open(t)
		for _, c := range avail {
			aq := AvailabilityQuery{CheckIn: c.in, CheckOut: c.out, Adults: c.adults, Children: c.children, RoomType: d.types[typeOf(c.code)].ID}
			a1, err1 := s.Availability(ctx, app.SystemActor(), d.hotel.ID, aq)
			a2, err2 := q.availability(ctx, d.hotel.ID, aq)
			for side, got := range map[string]struct {
				a   Availability
				err error
			}{"innkeep": {a1, err1}, "SQLite": {a2, err2}} {
				if got.err != nil || len(got.a.RoomTypes) != 1 || len(got.a.RoomTypes[0].RatePlans) != 1 {
					t.Fatalf("%s: %s: %v, %+v", c.name, side, got.err, got.a)
				}
				ta := got.a.RoomTypes[0]
				pa := ta.RatePlans[0]
				var nights []int64
				var total int64
				for _, n := range pa.Nights {
					nights = append(nights, n.Price)
				}
				for _, n := range c.plan.nights {
					total += n
				}
				wantReasons := c.plan.reasons
				if wantReasons == nil {
					wantReasons = []string{}
				}
				typeReasons := c.typeReasons
				if typeReasons == nil {
					typeReasons = []string{}
				}
				if ta.Available != c.available || !slices.Equal(pa.Reasons, wantReasons) || !slices.Equal(nights, c.plan.nights) ||
					pa.Total != total || pa.Bookable != (len(wantReasons) == 0) || !slices.Equal(ta.Reasons, typeReasons) {
					t.Errorf("%s: %s says %s has %d free (reasons %v), plan reasons %v, nights %v = %d; want %d free (%v), %v, %v = %d",
						c.name, side, c.code, ta.Available, ta.Reasons, pa.Reasons, nights, pa.Total, c.available, typeReasons, wantReasons, c.plan.nights, total)
				}
			}
		}
	})
	t.Run("a stay before the business date is refused on both sides", func(t *testing.T) {
		s, q := open(t)
		aq := AvailabilityQuery{CheckIn: "2026-11-25", CheckOut: "2026-11-27", Adults: 2}
		_, err1 := s.Availability(ctx, app.SystemActor(), d.hotel.ID, aq)
		_, err2 := q.availability(ctx, d.hotel.ID, aq)
		bookIn := BookingInput{HotelID: d.hotel.ID, CheckIn: "2026-11-25", CheckOut: "2026-11-27",
			Rooms: []RoomRequest{{RoomTypeID: d.types[0].ID, RatePlanID: d.plans[0].ID, Adults: 2}},
			Guest: BookingGuest{GuestInput: guest.GuestInput{Name: "Early Bird"}}}
		_, err3 := s.Book(ctx, app.SystemActor(), bookIn, "")
		_, err4 := q.book(ctx, app.SystemActor(), bookIn)
		for i, err := range []error{err1, err2, err3, err4} {
			if app.ErrorCode(err) != app.EINVALID || !strings.Contains(err.Error(), "is in the past") {
				t.Errorf("answer %d: %v, want invalid: check_in is in the past", i+1, err)
			}
		}
	})
	t.Run("the tape chart shows the double booking, the hold and the stays in house", func(t *testing.T) {
		s, q := open(t)
		suite := d.rooms[slices.IndexFunc(d.rooms, func(rm property.Room) bool { return rm.RoomTypeID == d.types[typeOf("STE")].ID })].ID
		var doubled []string
		var hold string
		for _, r := range d.reservations {
			switch {
			case r.RoomID == suite && r.CheckIn == "2026-12-28":
				doubled = append(doubled, r.ID)
			case r.Status == StatusTentative:
				hold = r.ID
			}
		}
		slices.Sort(doubled)
		want := []RoomConflict{{RoomID: suite, Date: "2026-12-28", Reservations: doubled}, {RoomID: suite, Date: "2026-12-29", Reservations: doubled}}
		for side, chart := range map[string]func() (TapeChart, error){
			"innkeep": func() (TapeChart, error) {
				return s.TapeChartOf(ctx, app.SystemActor(), d.hotel.ID, "2026-12-26", "2027-01-05")
			},
			"SQLite": func() (TapeChart, error) { return q.tapeChart(ctx, d.hotel.ID, "2026-12-26", "2027-01-05") },
		} {
			tc, err := chart()
			if err != nil {
				t.Fatal(err)
			}
			for i := range tc.Conflicts {
				slices.Sort(tc.Conflicts[i].Reservations)
			}
			if len(doubled) != 2 || jsonText(tc.Conflicts) != jsonText(want) {
				t.Errorf("%s: conflicts %+v, want %+v", side, tc.Conflicts, want)
			}
			if len(tc.Unassigned) != 1 || tc.Unassigned[0].ReservationID != hold || tc.Unassigned[0].Status != StatusTentative {
				t.Errorf("%s: unassigned %+v, want the FAM hold %s alone", side, tc.Unassigned, hold)
			}
		}
		// Across the business date, guests in house (stays that began
		// before it) have their blocks on both sides.
		tc, err := s.TapeChartOf(ctx, app.SystemActor(), d.hotel.ID, benchBusinessDate, "2026-11-27")
		if err != nil {
			t.Fatal(err)
		}
		inHouse := 0
		for _, r := range tc.Rooms {
			for _, b := range r.Blocks {
				if b.Status == StatusCheckedIn && b.CheckIn < benchBusinessDate {
					inHouse++
				}
			}
		}
		if inHouse == 0 {
			t.Error("no stay in house began before the business date")
		}
	})
	t.Run("availability agrees for every arrival date", func(t *testing.T) {
		s, q := open(t)
		for in := d.businessIndex(); in < d.days+benchWindow; in++ {
			for _, n := range []int{1, 3} {
				if err := compareAvailability(s, q, d, in, min(in+n, d.days+benchWindow), true); err != nil {
					t.Fatal(err)
				}
			}
		}
	})
	t.Run("the tape chart agrees", func(t *testing.T) {
		s, q := open(t)
		for _, r := range [][2]int{{0, 60}, {d.businessIndex() - 10, d.businessIndex() + 21}, {d.businessIndex() + 10, d.days + benchWindow}} {
			if err := compareTapeCharts(s, q, d.hotel.ID, d.dates[r[0]], d.dates[r[1]]); err != nil {
				t.Fatal(err)
			}
		}
	})
	t.Run("both sell the window's capped last room at the hand-worked price and then refuse", func(t *testing.T) {
		s, q := open(t)
		bookIn := BookingInput{HotelID: d.hotel.ID, CheckIn: "2026-12-29", CheckOut: "2026-12-31",
			Rooms: []RoomRequest{{RoomTypeID: d.types[0].ID, RatePlanID: d.plans[0].ID, Adults: 2}},
			Guest: BookingGuest{GuestInput: guest.GuestInput{Name: "Zhou Jie", Phone: "+86 138 0000 0001"}}}
		for i, wantCode := range []string{"", app.ECONFLICT} {
			r1, err1 := s.Book(ctx, app.SystemActor(), bookIn, "")
			r2, err2 := q.book(ctx, app.SystemActor(), bookIn)
			if app.ErrorCode(err1) != wantCode || app.ErrorCode(err2) != wantCode {
				t.Fatalf("booking %d: innkeep says %v, SQLite says %v, want %q", i+1, err1, err2, wantCode)
			}
			if err1 == nil && (r1.Reservations[0].Total != 78500 || r2.Reservations[0].Total != 78500) {
				t.Fatalf("booking %d: totals %d and %d, want 300.00 + 485.00", i+1, r1.Reservations[0].Total, r2.Reservations[0].Total)
			}
		}
	})
	t.Run("the booking benchmark's stays all have a room", func(t *testing.T) {
		s, q := open(t)
		ctx := context.Background()
		slots := newBookingSlots(d)
		for i := 0; slots.missed < len(slots.order) || slots.k < 3*len(d.types); i++ {
			ti, in, out := slots.take()
			bookIn := BookingInput{HotelID: d.hotel.ID, CheckIn: in, CheckOut: out,
				Rooms: []RoomRequest{{RoomTypeID: d.types[ti].ID, RatePlanID: d.plans[ti].ID, Adults: 2}},
				Guest: BookingGuest{GuestInput: guest.GuestInput{Name: "Guest " + strconv.Itoa(i)}}}
			_, err1 := s.Book(ctx, app.SystemActor(), bookIn, "")
			_, err2 := q.book(ctx, app.SystemActor(), bookIn)
			if err1 != nil || err2 != nil {
				t.Fatalf("booking %d (%s, %s to %s): innkeep says %v, SQLite says %v", i, d.types[ti].Code, in, out, err1, err2)
			}
		}
		for i := d.businessIndex(); i+1 < d.days; i++ {
			if err := compareAvailability(s, q, d, i, i+1, false); err != nil {
				t.Fatal(err)
			}
		}
	})
	t.Run("both sell a type's last room and then refuse", func(t *testing.T) {
		s, q := open(t)
		ctx := context.Background()
		ft := 3 // FAM: two rooms
		in := d.businessIndex() + 1
		for d.freeOver(ft, in, in+2) == 0 {
			in++
		}
		free := d.freeOver(ft, in, in+2)
		bookIn := BookingInput{HotelID: d.hotel.ID, CheckIn: d.dates[in], CheckOut: d.dates[in+2],
			Rooms: []RoomRequest{{RoomTypeID: d.types[ft].ID, RatePlanID: d.plans[ft].ID, Adults: 3, Children: 1}},
			Guest: BookingGuest{GuestInput: guest.GuestInput{Name: "Zhou Jie", Phone: "+86 138 0000 0001"}}}
		for i := 0; i <= free; i++ {
			r1, err1 := s.Book(ctx, app.SystemActor(), bookIn, "")
			r2, err2 := q.book(ctx, app.SystemActor(), bookIn)
			if app.ErrorCode(err1) != app.ErrorCode(err2) || (err1 == nil) != (i < free) {
				t.Fatalf("booking %d of %d free: innkeep says %v, SQLite says %v", i+1, free, err1, err2)
			}
			if err1 == nil && (r1.Reservations[0].Total != r2.Reservations[0].Total || jsonText(r1.Reservations[0].Nights) != jsonText(r2.Reservations[0].Nights)) {
				t.Fatalf("prices differ: %+v and %+v", r1.Reservations[0].Nights, r2.Reservations[0].Nights)
			}
		}
		for _, n := range []int{in - 1, in, in + 1} {
			if err := compareAvailability(s, q, d, n, n+2, false); err != nil {
				t.Fatal(err)
			}
		}
	})
}
