package booking

import (
	"innkeep/app"
	"innkeep/app/property"
	"innkeep/store"
	"strings"
	"time"
)

// Reservation is one room of a booking for a range of nights. A booking
// of several rooms is several reservations sharing a confirmation code.
type Reservation struct {
	ID              string        `json:"id"`
	HotelID         string        `json:"hotel_id"`
	Code            string        `json:"code"` // the confirmation code, shared by the rooms of a booking
	Status          string        `json:"status" enum:"tentative,confirmed,checked_in,checked_out,cancelled,no_show"`
	RoomTypeID      string        `json:"room_type_id"`
	RoomID          string        `json:"room_id"` // "" until assigned
	RatePlanID      string        `json:"rate_plan_id"`
	CheckIn         string        `json:"check_in"`  // first night, YYYY-MM-DD
	CheckOut        string        `json:"check_out"` // the morning after the last night
	Adults          int           `json:"adults"`
	Children        int           `json:"children"`
	GuestID         string        `json:"guest_id"`
	GuestName       string        `json:"guest_name"`  // as booked, for lists and search
	GuestPhone      string        `json:"guest_phone"` // as booked, for search
	SpecialRequests string        `json:"special_requests"`
	Source          Source        `json:"source"`
	Nights          []NightPrice  `json:"nights"` // the price snapshot
	Total           int64         `json:"total"`
	Currency        string        `json:"currency"`
	HoldUntil       time.Time     `json:"hold_until,omitzero"` // tentative holds end then
	RoomHistory     []RoomMove    `json:"room_history"`
	Cancellation    *Cancellation `json:"cancellation"`
	CheckedInAt     time.Time     `json:"checked_in_at,omitzero"`
	CheckedOutAt    time.Time     `json:"checked_out_at,omitzero"`
	// ArrivedAt is when a desk checked the guest in, kept apart from the
	// status (outside its register, never cleared), so that a cancellation
	// or no-show another desk made meanwhile cannot hide the arrival in a
	// merge (integrity.go).
	ArrivedAt time.Time `json:"arrived_at,omitzero"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`

	// The company and the travel agent of the booking (app/company; ""
	// for none), their names as booked, for lists and search, and the
	// agent's commission in basis points as agreed (see company.go).
	CompanyID       string `json:"company_id,omitempty"`
	CompanyName     string `json:"company_name,omitempty"`
	AgentID         string `json:"agent_id,omitempty"`
	AgentName       string `json:"agent_name,omitempty"`
	AgentCommission int    `json:"agent_commission_bp,omitempty"`

	// Policies and fees (policy.go): the policy agreed when booked (nil in
	// reservations stored before it was recorded: the rate plan's current
	// one applies), and the fees charged under it, append-only.
	Policy *property.Policy `json:"policy,omitempty"`
	Fees   []Fee            `json:"fees,omitempty"`
	// Groups and blocks (group.go, block.go): the group the room is booked
	// under, and the block it was picked up from.
	GroupID string `json:"group_id,omitempty"`
	BlockID string `json:"block_id,omitempty"`

	// HoldLapsed is derived on read, never stored: true for a tentative
	// hold whose hold_until has passed. Such a hold takes no room.
	HoldLapsed bool `json:"hold_lapsed,omitempty"`

	// Price control and tax (price.go). DiscountPercent is the percent
	// discount in force: nights a later change prices anew get it too.
	// PriceHistory lists every price change, oldest first; it only grows.
	// Tax is derived on read from the hotel's tax setting, never stored.
	DiscountPercent int               `json:"discount_percent,omitempty"`
	PriceHistory    []PriceAdjustment `json:"price_history,omitempty"`
	Tax             *TaxBreakdown     `json:"tax,omitempty"`
}

// Reservation statuses.
const (
	StatusTentative  = "tentative"
	StatusConfirmed  = "confirmed"
	StatusCheckedIn  = "checked_in"
	StatusCheckedOut = "checked_out"
	StatusCancelled  = "cancelled"
	StatusNoShow     = "no_show"
)

// statusWord returns a reservation status as a word of messages: "checked
// in", "no show"…
func statusWord(status string) app.Word {
	switch status {
	case StatusTentative:
		return app.MakeWord("booking.status_tentative", "tentative")
	case StatusConfirmed:
		return app.MakeWord("booking.status_confirmed", "confirmed")
	case StatusCheckedIn:
		return app.MakeWord("booking.status_checked_in", "checked in")
	case StatusCheckedOut:
		return app.MakeWord("booking.status_checked_out", "checked out")
	case StatusCancelled:
		return app.MakeWord("booking.status_cancelled", "cancelled")
	case StatusNoShow:
		return app.MakeWord("booking.status_no_show", "no show")
	}
	return app.Word{English: strings.ReplaceAll(status, "_", " ")}
}

// HoldsInventory reports whether a reservation in status takes rooms.
func HoldsInventory(status string) bool {
	return status == StatusTentative || status == StatusConfirmed || status == StatusCheckedIn
}

// holdLapsed reports whether r is a tentative hold that has lapsed at now
// on a desk whose hotel works on businessDate: its hold_until has passed,
// or its arrival date is before the business date (the night audit closed
// the day it should have arrived on). A lapsed hold takes no room from
// that moment. It is decided on every read and never written down: its
// stored status stays tentative, so that a confirmation made on another
// desk before the hold lapsed there is never overridden by a merge.
func holdLapsed(r Reservation, now time.Time, businessDate string) bool {
	if r.Status != StatusTentative {
		return false
	}
	return (!r.HoldUntil.IsZero() && !now.Before(r.HoldUntil)) || (businessDate != "" && r.CheckIn < businessDate)
}

// lapse decides, in one transaction, which holds have lapsed at now: it
// reads the business date of each hotel once.
type lapse struct {
	tx    *store.Tx
	now   time.Time
	dates map[string]string
}

func newLapse(tx *store.Tx, now time.Time) *lapse {
	return &lapse{tx: tx, now: now, dates: map[string]string{}}
}

// of reports whether r is a lapsed hold (see holdLapsed).
func (l *lapse) of(r Reservation) bool {
	if r.Status != StatusTentative {
		return false
	}
	d, ok := l.dates[r.HotelID]
	if !ok {
		if h, err := property.Hotels.GetShared(l.tx, r.HotelID); err == nil {
			d = h.BusinessDate
		}
		l.dates[r.HotelID] = d
	}
	return holdLapsed(r, l.now, d)
}

// counts reports whether r takes its rooms: its status holds inventory and
// it is not a lapsed hold.
func (l *lapse) counts(r Reservation) bool {
	return HoldsInventory(r.Status) && !l.of(r)
}

// shown returns r as readers see it: a lapsed hold says so (HoldLapsed),
// its stored status unchanged.
func (l *lapse) shown(r Reservation) Reservation {
	r.HoldLapsed = l.of(r)
	return r
}

// lapsedHolds returns the holds of hotel lapsed at now whose stay leaves
// after the business date, by id (see lapsedHoldsFrom).
func lapsedHolds(tx *store.Tx, hotelID string, now time.Time) (map[string]Reservation, error) {
	return lapsedHoldsFrom(tx, hotelID, "", now)
}

// lapsedHoldsFrom returns the holds of hotel lapsed at now whose stay
// leaves after from (the business date when from is "" or later), by id:
// the holds that the counted indexes still hold on a night from on, and
// that every reader leaves out. It reads the hold index, which holds the
// tentative reservations by hotel and departure, from that departure on.
func lapsedHoldsFrom(tx *store.Tx, hotelID, from string, now time.Time) (map[string]Reservation, error) {
	h, err := property.Hotels.GetShared(tx, hotelID)
	if err != nil && store.ErrorCode(err) != store.ENOTFOUND {
		return nil, err
	}
	if from == "" || (h.BusinessDate != "" && from > h.BusinessDate) {
		from = h.BusinessDate
	}
	return lapsedHoldsAt(tx, hotelID, from, h.BusinessDate, now)
}

// lapsedHoldsAt returns the holds of hotel whose stay leaves after from
// that have lapsed at now on businessDate, by id.
func lapsedHoldsAt(tx *store.Tx, hotelID, from, businessDate string, now time.Time) (map[string]Reservation, error) {
	var out map[string]Reservation
	err := tx.Scan(KindReservation, IndexReservationHold, hotelID+app.KeySep+from, hotelID+app.KeySep+"\x7f", func(_, id string) error {
		r, err := Reservations.Get(tx, id)
		if err != nil {
			return err
		}
		if r.HotelID == hotelID && r.CheckOut > from && holdLapsed(r, now, businessDate) {
			if out == nil {
				out = map[string]Reservation{}
			}
			out[id] = r
		}
		return nil
	})
	return out, err
}

// Source is where a booking came from.
type Source struct {
	Channel string `json:"channel" enum:",walk_in,phone,email,website,ota"` // walk_in, phone, email, website or ota
	OTA     string `json:"ota,omitempty"`                                   // the OTA's name for channel ota
}

// NightPrice is the price of one night as booked.
type NightPrice struct {
	Date  string `json:"date"`
	Price int64  `json:"price"` // the agreed price
	// Adjusted marks a price set by hand or discounted (price.go); such a
	// night keeps the rate plan's price beside it in RatePrice. A night
	// without a mark is at the rate's price.
	RatePrice int64  `json:"rate_price,omitempty"`
	Adjusted  string `json:"adjusted,omitempty" enum:",override,comp,discount"`
}

// RoomMove records one assignment of a room: which, from which night, when,
// by whom and why.
type RoomMove struct {
	RoomID string    `json:"room_id"`
	From   string    `json:"from"` // the first night in this room
	At     time.Time `json:"at"`
	By     string    `json:"by"`
	Reason string    `json:"reason,omitempty"`
	// ReasonKey names a reason the system gave (the UI shows it in the
	// reader's language): "booking.moved_with_reservation" when the stay
	// itself changed. Reason holds its English.
	ReasonKey string `json:"reason_key,omitempty" enum:"booking.moved_with_reservation"`
}

// Cancellation records a cancellation and its fee.
type Cancellation struct {
	At     time.Time `json:"at"`
	Fee    int64     `json:"fee"`
	Reason string    `json:"reason,omitempty"`
}

var Reservations = store.NewCollection[Reservation](KindReservation)

// reservationGroups are the fields of a reservation that merge as one
// register each (store.Kind.Groups): the stay (its dates, room type, room,
// plan, occupancy and the nightly prices and total that follow from them),
// and its status with the times and details that go with each status. Two
// desks that change one of them while apart get one desk's change whole,
// never a stay whose departure comes from one desk and arrival from the
// other. Fees and the price history only grow, as sets.
var reservationGroups = [][]string{
	{"room_type_id", "room_id", "rate_plan_id", "check_in", "check_out", "adults", "children",
		"nights", "total", "room_history", "discount_percent", "policy", "block_id"},
	{"status", "hold_until", "cancellation", "checked_in_at", "checked_out_at"},
}

func reservationKind() store.Kind {
	// Every index of a reservation decodes it once, together.
	res := func(d store.Doc) Reservation {
		return d.Memo(func() any {
			var r Reservation
			_ = app.UnmarshalDoc(d, &r)
			return r
		}).(Reservation)
	}
	return store.Kind{Name: KindReservation, Groups: reservationGroups, Sets: []string{"fees", "price_history"}, Indexes: []store.Index{
		// hotel, night, room type: one entry per night a reservation holds a
		// room of the type (availability, oversell conflicts). Counted:
		// availability reads how many rooms are held, not by whom.
		{Name: IndexReservationNight, Counted: true, Keys: func(d store.Doc) []string {
			r := res(d)
			if !HoldsInventory(r.Status) {
				return nil
			}
			var keys []string
			for _, n := range app.Nights(r.CheckIn, r.CheckOut) {
				keys = append(keys, r.HotelID+app.KeySep+n+app.KeySep+r.RoomTypeID)
			}
			return keys
		}},
		// hotel, night, room: one entry per night an assigned reservation
		// holds a room, the room of that night (double-booking checks, the
		// tape chart's conflicts).
		{Name: IndexReservationRoomNight, Version: 1, Keys: func(d store.Doc) []string {
			r := res(d)
			if !HoldsInventory(r.Status) || r.RoomID == "" {
				return nil
			}
			var keys []string
			for _, n := range app.Nights(r.CheckIn, r.CheckOut) {
				keys = append(keys, r.HotelID+app.KeySep+n+app.KeySep+r.RoomOn(n))
			}
			return keys
		}},
		// hotel, "x", rule: reservations whose merged state breaks a rule;
		// hotel, "i", arrival: guests in house (integrity.go).
		{Name: IndexReservationState, Version: 2, Keys: func(d store.Doc) []string { return stateKeys(res(d)) }},
		// hotel, arrival date: arrivals, lists by date.
		{Name: IndexReservationArrival, Keys: func(d store.Doc) []string {
			r := res(d)
			return []string{r.HotelID + app.KeySep + r.CheckIn}
		}},
		// hotel, departure date.
		{Name: IndexReservationDeparture, Keys: func(d store.Doc) []string {
			r := res(d)
			return []string{r.HotelID + app.KeySep + r.CheckOut}
		}},
		{Name: IndexReservationCode, Keys: func(d store.Doc) []string { return []string{app.StringField(d, "code")} }},
		{Name: IndexReservationGuest, Keys: func(d store.Doc) []string {
			if g := app.StringField(d, "guest_id"); g != "" {
				return []string{g}
			}
			return nil
		}},
		// Words of the guest's name and the phone's digits, and words of
		// the company's and agent's names, for search.
		{Name: IndexReservationSearch, Version: 3, Keys: func(d store.Doc) []string {
			r := res(d)
			name := r.GuestName
			if r.CompanyName != "" || r.AgentName != "" {
				name += " " + r.CompanyName + " " + r.AgentName
			}
			return app.SearchWords(name, r.GuestPhone)
		}},
		// The ids of the company and the agent the reservation names.
		{Name: IndexReservationProfile, Keys: func(d store.Doc) []string { return profileKeys(res(d)) }},
		// The tape chart reads everything it shows from this index: hotel,
		// night, the room of that night ("" when unassigned), id, then the
		// block's details.
		{Name: IndexReservationTape, Version: 2, Keys: func(d store.Doc) []string {
			r := res(d)
			if !HoldsInventory(r.Status) && r.Status != StatusCheckedOut {
				return nil
			}
			tail := app.KeySep + r.ID + app.KeySep + r.Status + app.KeySep + r.CheckIn + app.KeySep + r.CheckOut + app.KeySep + r.RoomTypeID + app.KeySep + r.Code + app.KeySep + app.Clean(r.GuestName)
			var keys []string
			for _, n := range app.Nights(r.CheckIn, r.CheckOut) {
				keys = append(keys, r.HotelID+app.KeySep+n+app.KeySep+r.RoomOn(n)+tail)
			}
			return keys
		}},
		// group: the reservations of a group (group.go).
		{Name: IndexReservationGroup, Keys: func(d store.Doc) []string {
			if g := res(d).GroupID; g != "" {
				return []string{g}
			}
			return nil
		}},
		// block, night: one entry per night a reservation picked up from a
		// block holds a room (block.go counts the pick-up).
		{Name: IndexReservationBlockNight, Counted: true, Keys: func(d store.Doc) []string {
			r := res(d)
			if r.BlockID == "" || !HoldsInventory(r.Status) {
				return nil
			}
			var keys []string
			for _, n := range app.Nights(r.CheckIn, r.CheckOut) {
				keys = append(keys, r.BlockID+app.KeySep+n)
			}
			return keys
		}},
		// hotel, departure: the tentative holds, lapsed or not (a lapse is
		// decided on read and never written: see holdLapsed).
		{Name: IndexReservationHold, Version: 1, Keys: func(d store.Doc) []string {
			r := res(d)
			if r.Status != StatusTentative {
				return nil
			}
			return []string{r.HotelID + app.KeySep + r.CheckOut}
		}},
	}}
}

// KindReservation is the kind of Reservation documents, and IndexReservation… name its indexes.
const (
	KindReservation            = "reservation"
	IndexReservationNight      = "night"
	IndexReservationRoomNight  = "room_night"
	IndexReservationArrival    = "arrival"
	IndexReservationDeparture  = "departure"
	IndexReservationCode       = "code"
	IndexReservationGuest      = "guest"
	IndexReservationSearch     = "search"
	IndexReservationTape       = "tape"
	IndexReservationHold       = "hold"
	IndexReservationProfile    = "profile"
	IndexReservationGroup      = "group"
	IndexReservationBlockNight = "block_night"
)
