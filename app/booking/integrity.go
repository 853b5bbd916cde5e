package booking

import (
	"sort"
	"strings"

	"innkeep/app"
	"innkeep/store"
)

// A reservation's own rules hold after every local write: the service
// checks them. Its stay (dates, room, prices) and its status are each one
// register that merges whole (reservationGroups), so no merge can mix two
// desks' stays; but two desks apart can still change the stay on one and
// the status on the other — one checks the guest in while the other moves
// the stay to next week — and the merged reservation then breaks a rule
// that neither desk broke. Such a reservation is never dropped or hidden:
// it is listed among the conflicts (Conflicts.Broken) on every desk, from
// the same converged state, until staff fix it with an ordinary change.

// Reasons a merged reservation breaks its rules.
const (
	BrokenDates      = "dates"  // the stay does not end after it starts
	BrokenNights     = "nights" // the nightly prices are not the stay's nights
	BrokenTotal      = "total"  // the total is not the sum of the nights
	BrokenNoRoom     = "in_house_no_room"
	BrokenNotArrived = "in_house_before_arrival" // in house, but the stay starts after the business date
	BrokenNoShowFee  = "stayed_with_no_show_fee" // in house or checked out, with a no-show fee standing
	BrokenArrived    = "arrived_not_in_house"    // a desk checked the guest in; the status says otherwise
)

// BrokenReservation is a reservation whose merged state breaks one of its
// rules.
type BrokenReservation struct {
	ReservationID string `json:"reservation_id"`
	Code          string `json:"code"`
	GuestName     string `json:"guest_name"`
	Status        string `json:"status"`
	CheckIn       string `json:"check_in"`
	CheckOut      string `json:"check_out"`
	Reason        string `json:"reason" enum:"dates,nights,total,in_house_no_room,in_house_before_arrival,stayed_with_no_show_fee,arrived_not_in_house"`
}

// IndexReservationState lists, per hotel, reservations whose own state
// breaks a rule ("x" keys) and the in-house ones by arrival date ("i"
// keys), so that the conflicts list finds both without reading every
// reservation.
const IndexReservationState = "state"

// stateKeys are the IndexReservationState keys of r.
func stateKeys(r Reservation) []string {
	var keys []string
	for _, p := range ownProblems(r) {
		keys = append(keys, r.HotelID+app.KeySep+"x"+app.KeySep+p)
	}
	if r.Status == StatusCheckedIn {
		keys = append(keys, r.HotelID+app.KeySep+"i"+app.KeySep+r.CheckIn)
	}
	return keys
}

// ownProblems returns the rules r's own fields break: for a reservation
// that holds rooms, its stay and its status; for one whose guest came, a
// no-show fee still standing (one desk's night audit charged it while
// another desk checked the guest in); for one whose guest a desk checked
// in, a status that says otherwise.
func ownProblems(r Reservation) []string {
	var out []string
	came := r.Status == StatusCheckedIn || r.Status == StatusCheckedOut
	if came && lastFee(r, FeeNoShow) != nil {
		out = append(out, BrokenNoShowFee)
	}
	if !came && !r.ArrivedAt.IsZero() {
		// A desk checked the guest in while another, cut off, cancelled
		// the stay or made it a no-show, and that write came later: the
		// guest may be in a room the hotel now sells.
		out = append(out, BrokenArrived)
	}
	if !HoldsInventory(r.Status) {
		return out
	}
	nights := app.Nights(r.CheckIn, r.CheckOut)
	if len(nights) == 0 {
		out = append(out, BrokenDates)
	} else {
		ok := len(r.Nights) == len(nights)
		var sum int64
		for i, n := range r.Nights {
			if ok && n.Date != nights[i] {
				ok = false
			}
			sum += n.Price
		}
		if !ok {
			out = append(out, BrokenNights)
		} else if sum != r.Total {
			out = append(out, BrokenTotal)
		}
	}
	if r.Status == StatusCheckedIn && r.RoomID == "" {
		out = append(out, BrokenNoRoom)
	}
	return out
}

// brokenReservations returns the reservations of hotel whose merged state
// breaks a rule, given the hotel's business date: their own fields (see
// ownProblems) or a guest in house whose stay starts after the business
// date. Sorted by reason, then reservation id.
func brokenReservations(tx *store.Tx, hotelID, businessDate string) ([]BrokenReservation, error) {
	out := []BrokenReservation{}
	add := func(id, reason string) error {
		r, err := Reservations.Get(tx, id)
		if err != nil {
			return err
		}
		out = append(out, BrokenReservation{ReservationID: id, Code: r.Code, GuestName: r.GuestName, Status: r.Status,
			CheckIn: r.CheckIn, CheckOut: r.CheckOut, Reason: reason})
		return nil
	}
	own := hotelID + app.KeySep + "x" + app.KeySep
	if err := tx.ScanPrefix(KindReservation, IndexReservationState, own, func(key, id string) error {
		return add(id, strings.TrimPrefix(key, own))
	}); err != nil {
		return nil, err
	}
	// In house with an arrival after the business date ("\x01": past the
	// business date's own entries, whose key is followed by 0x00 and id).
	in := hotelID + app.KeySep + "i" + app.KeySep
	if err := tx.Scan(KindReservation, IndexReservationState, in+businessDate+"\x01", in+"\xff", func(_, id string) error {
		return add(id, BrokenNotArrived)
	}); err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Reason != out[j].Reason {
			return out[i].Reason < out[j].Reason
		}
		return out[i].ReservationID < out[j].ReservationID
	})
	return out, nil
}
