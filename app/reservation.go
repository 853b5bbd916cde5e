package app

import (
	"strings"
	"time"

	"innkeep/store"
)

// Reservation is one room of a booking for a range of nights. A booking
// of several rooms is several reservations sharing a confirmation code.
type Reservation struct {
	ID              string        `json:"id"`
	HotelID         string        `json:"hotel_id"`
	Code            string        `json:"code"` // the confirmation code, shared by the rooms of a booking
	Status          string        `json:"status"`
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
	CreatedAt       time.Time     `json:"created_at"`
	UpdatedAt       time.Time     `json:"updated_at"`
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

// holdsInventory reports whether a reservation in status takes rooms.
func holdsInventory(status string) bool {
	return status == StatusTentative || status == StatusConfirmed || status == StatusCheckedIn
}

// Source is where a booking came from.
type Source struct {
	Channel string `json:"channel"`       // walk_in, phone, email, website or ota
	OTA     string `json:"ota,omitempty"` // the OTA's name for channel ota
}

// NightPrice is the price of one night as booked.
type NightPrice struct {
	Date  string `json:"date"`
	Price int64  `json:"price"`
}

// RoomMove records one assignment of a room: which, from which night, when,
// by whom and why.
type RoomMove struct {
	RoomID string    `json:"room_id"`
	From   string    `json:"from"` // the first night in this room
	At     time.Time `json:"at"`
	By     string    `json:"by"`
	Reason string    `json:"reason,omitempty"`
}

// Cancellation records a cancellation and its fee.
type Cancellation struct {
	At     time.Time `json:"at"`
	Fee    int64     `json:"fee"`
	Reason string    `json:"reason,omitempty"`
}

var reservations = store.NewCollection[Reservation]("reservation")

// sep joins the parts of index keys.
const sep = "\x1f"

func reservationKind() store.Kind {
	// Every index of a reservation decodes it once, together.
	res := func(d store.Doc) Reservation {
		return d.Memo(func() any {
			var r Reservation
			_ = unmarshalDoc(d, &r)
			return r
		}).(Reservation)
	}
	return store.Kind{Name: "reservation", Indexes: []store.Index{
		// hotel, night, room type: one entry per night a reservation holds a
		// room of the type (availability, oversell conflicts). Counted:
		// availability reads how many rooms are held, not by whom.
		{Name: "night", Counted: true, Keys: func(d store.Doc) []string {
			r := res(d)
			if !holdsInventory(r.Status) {
				return nil
			}
			var keys []string
			for _, n := range nightsOf(r.CheckIn, r.CheckOut) {
				keys = append(keys, r.HotelID+sep+n+sep+r.RoomTypeID)
			}
			return keys
		}},
		// hotel, night, room: one entry per night an assigned reservation
		// holds its room (double-booking checks, the tape chart).
		{Name: "room_night", Keys: func(d store.Doc) []string {
			r := res(d)
			if !holdsInventory(r.Status) || r.RoomID == "" {
				return nil
			}
			var keys []string
			for _, n := range nightsOf(r.CheckIn, r.CheckOut) {
				keys = append(keys, r.HotelID+sep+n+sep+r.RoomID)
			}
			return keys
		}},
		// hotel, arrival date: arrivals, lists by date.
		{Name: "arrival", Keys: func(d store.Doc) []string {
			r := res(d)
			return []string{r.HotelID + sep + r.CheckIn}
		}},
		// hotel, departure date.
		{Name: "departure", Keys: func(d store.Doc) []string {
			r := res(d)
			return []string{r.HotelID + sep + r.CheckOut}
		}},
		{Name: "code", Keys: func(d store.Doc) []string { return []string{stringField(d, "code")} }},
		{Name: "guest", Keys: func(d store.Doc) []string {
			if g := stringField(d, "guest_id"); g != "" {
				return []string{g}
			}
			return nil
		}},
		// Words of the guest's name and the phone's digits, for search.
		{Name: "search", Version: 1, Keys: func(d store.Doc) []string {
			r := res(d)
			return searchWords(r.GuestName, r.GuestPhone)
		}},
		// The tape chart reads everything it shows from this index: hotel,
		// night, room ("" when unassigned), id, then the block's details.
		{Name: "tape", Version: 1, Keys: func(d store.Doc) []string {
			r := res(d)
			if !holdsInventory(r.Status) && r.Status != StatusCheckedOut {
				return nil
			}
			tail := sep + r.ID + sep + r.Status + sep + r.CheckIn + sep + r.CheckOut + sep + r.RoomTypeID + sep + r.Code + sep + clean(r.GuestName)
			var keys []string
			for _, n := range nightsOf(r.CheckIn, r.CheckOut) {
				keys = append(keys, r.HotelID+sep+n+sep+r.RoomID+tail)
			}
			return keys
		}},
		{Name: "hold", Keys: func(d store.Doc) []string {
			r := res(d)
			if r.Status != StatusTentative || r.HoldUntil.IsZero() {
				return nil
			}
			return []string{r.HoldUntil.UTC().Format(time.RFC3339)}
		}},
	}}
}

// clean removes the bytes that separate index key parts.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r == 0 || r == 0x1f {
			return ' '
		}
		return r
	}, s)
}

// nightsOf returns the nights from ≤ date < to, as YYYY-MM-DD. It returns
// nil for malformed or empty ranges.
func nightsOf(from, to string) []string {
	f, err1 := time.Parse(time.DateOnly, from)
	t, err2 := time.Parse(time.DateOnly, to)
	if err1 != nil || err2 != nil || !f.Before(t) || t.Sub(f) > 400*24*time.Hour {
		return nil
	}
	var out []string
	for d := f; d.Before(t); d = d.AddDate(0, 0, 1) {
		out = append(out, d.Format(time.DateOnly))
	}
	return out
}

// searchWords returns the index words of a name and a phone number: each
// word of the name in lower case, and the phone's digits.
func searchWords(name, phone string) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range strings.Fields(foldKey(name)) {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	var digits strings.Builder
	for _, c := range phone {
		if c >= '0' && c <= '9' {
			digits.WriteRune(c)
		}
	}
	// Every tail of four digits or more, so that a search by the last
	// digits, or without the country code, finds the number.
	ds := digits.String()
	for i := 0; i+4 <= len(ds); i++ {
		if !seen[ds[i:]] {
			seen[ds[i:]] = true
			out = append(out, ds[i:])
		}
	}
	return out
}

// queryWords returns the words to look up for a search query: the digits
// alone when the query looks like a phone number, else its words.
func queryWords(q string) []string {
	digits, other := 0, false
	var b strings.Builder
	for _, c := range q {
		switch {
		case c >= '0' && c <= '9':
			digits++
			b.WriteRune(c)
		case strings.ContainsRune("+-() ", c):
		default:
			other = true
		}
	}
	if !other && digits >= 4 {
		return []string{b.String()}
	}
	return strings.Fields(foldKey(q))
}
