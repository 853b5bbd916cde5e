package booking

import (
	"bytes"
	"context"
	"innkeep/app"
	"innkeep/app/property"
	"innkeep/store"
	"slices"
	"strings"
	"time"
)

// MaxTapeChartDays bounds the dates of one tape chart.
const MaxTapeChartDays = 62

// TapeChart is rooms × dates: who holds each room on each night.
type TapeChart struct {
	From       string         `json:"from"`
	To         string         `json:"to"`
	Dates      []string       `json:"dates"`
	Rooms      []TapeRoom     `json:"rooms"`
	Unassigned []TapeBlock    `json:"unassigned"`
	Conflicts  []RoomConflict `json:"conflicts"`
	RoomTypes  []TapeRoomType `json:"room_types"`
	// Allotments: per block, the rooms it still holds out of sale on the
	// chart's nights (block.go).
	Allotments []TapeAllotment `json:"allotments"`
}

// TapeRoom is one row of the chart.
type TapeRoom struct {
	ID           string                `json:"id"`
	Number       string                `json:"number"`
	Floor        int                   `json:"floor"`
	RoomTypeID   string                `json:"room_type_id"`
	Housekeeping string                `json:"housekeeping" enum:"clean,dirty,inspected"`
	Blocks       []TapeBlock           `json:"blocks"`
	OutOfOrder   []property.OutOfOrder `json:"out_of_order"`
}

// TapeRoomType names a room type for the chart's legend.
type TapeRoomType struct {
	ID   string `json:"id"`
	Code string `json:"code"`
	Name string `json:"name"`
}

// TapeBlock is one reservation's nights in the chart's range.
type TapeBlock struct {
	ReservationID string `json:"reservation_id"`
	Code          string `json:"code"`
	GuestName     string `json:"guest_name"`
	Status        string `json:"status" enum:"tentative,confirmed,checked_in,checked_out,cancelled,no_show"`
	RoomTypeID    string `json:"room_type_id,omitempty"`
	CheckIn       string `json:"check_in"`
	CheckOut      string `json:"check_out"`
	From          string `json:"from"` // first night shown
	To            string `json:"to"`   // the morning after the last night shown
	Conflict      bool   `json:"conflict"`
}

// TapeChartOf returns the chart of hotel for the nights from ≤ date < to
// (at most MaxTapeChartDays). It reads the reservations from one index
// (no document is decoded for them) and the rooms of the hotel.
func (s *Service) TapeChartOf(ctx context.Context, a app.Actor, hotelID, from, to string) (TapeChart, error) {
	if err := a.Require(app.Perm("reservations", "view")); err != nil {
		return TapeChart{}, err
	}
	st, err := parseStay(from, to, "")
	if err != nil {
		return TapeChart{}, app.E(app.EINVALID, "booking.chart_range", "the chart's range: {error}", "error", err)
	}
	if len(st.nights) > MaxTapeChartDays {
		return TapeChart{}, app.E(app.EINVALID, "booking.chart_too_long", "a tape chart shows at most {max} days", "max", MaxTapeChartDays)
	}
	var tc TapeChart
	err = s.DB.View(func(tx *store.Tx) error {
		h, err := s.property.HotelInScope(tx, a, hotelID)
		if err != nil {
			return err
		}
		tc = TapeChart{From: from, To: to, Dates: st.nights, Rooms: []TapeRoom{}, Unassigned: []TapeBlock{}, Conflicts: []RoomConflict{}, RoomTypes: []TapeRoomType{}}
		types, err := hotelRoomTypes(tx, hotelID)
		if err != nil {
			return err
		}
		for _, t := range types {
			tc.RoomTypes = append(tc.RoomTypes, TapeRoomType{ID: t.ID, Code: t.Code, Name: t.Name})
		}
		row := map[string]int{}
		err = property.Rooms.ScanShared(tx, property.IndexRoomHotelNumber, hotelID+app.KeySep, hotelID+app.KeySep+"\x7f", func(_, id string, rm property.Room) error {
			row[id] = len(tc.Rooms)
			var ooo []property.OutOfOrder
			for _, o := range rm.OutOfOrder {
				if o.From < to && o.To > from {
					ooo = append(ooo, o)
				}
			}
			if ooo == nil {
				ooo = []property.OutOfOrder{}
			}
			tc.Rooms = append(tc.Rooms, TapeRoom{ID: id, Number: rm.Number, Floor: rm.Floor, RoomTypeID: rm.RoomTypeID,
				Housekeeping: rm.Housekeeping, Blocks: []TapeBlock{}, OutOfOrder: ooo})
			return nil
		})
		if err != nil {
			return err
		}

		// One pass over the index, without copying what it does not keep:
		// a reservation's first night in range, and every night it spends
		// in another room than the night before, starts a block; each later
		// night in the same room lengthens it.
		day := make(map[string]int, len(st.nights))
		for i, n := range st.nights {
			day[n] = i
		}
		// Sized for a full house of two-night stays; they grow past it.
		estimate := len(tc.Rooms)*len(st.nights)/2 + 16
		blocks := make([]TapeBlock, 0, estimate)
		rowOf := make([]int32, 0, estimate)         // block -> its room's row, or -1
		roomOf := make([]string, 0, estimate)       // block -> its room ("" when unassigned)
		blockOf := make(map[string]int32, estimate) // reservation id -> its latest block
		hotelPrefix := len(hotelID) + 1
		lapsed, err := lapsedHoldsFrom(tx, hotelID, from, s.Now())
		if err != nil {
			return err
		}
		err = tx.ScanBytes(KindReservation, IndexReservationTape, hotelID+app.KeySep+from, hotelID+app.KeySep+to, func(key, _ []byte) error {
			// hotel, night, room, id, status, check-in, check-out, type, code,
			// guest: field i is key[start[i]:start[i+1]-1].
			var start [11]int
			start[1], start[10] = hotelPrefix, len(key)+1
			for i := 2; i < 10; i++ {
				j := bytes.IndexByte(key[start[i-1]:], app.KeySep[0])
				if j < 0 {
					return nil
				}
				start[i] = start[i-1] + j + 1
			}
			field := func(i int) []byte { return key[start[i] : start[i+1]-1] }
			date, room, id := field(1), field(2), field(3)
			if _, ok := lapsed[string(id)]; ok {
				return nil // a lapsed hold holds nothing (see holdLapsed)
			}
			i, ok := day[string(date)]
			if !ok {
				return nil
			}
			next := to
			if i+1 < len(st.nights) {
				next = st.nights[i+1]
			}
			if bi, seen := blockOf[string(id)]; seen && roomOf[bi] == string(room) && blocks[bi].To == string(date) {
				blocks[bi].To = next
				return nil
			}
			ks := string(key) // one copy; the block's strings share it
			f := func(i int) string { return ks[start[i] : start[i+1]-1] }
			b := TapeBlock{ReservationID: f(3), Status: f(4), CheckIn: f(5), CheckOut: f(6), RoomTypeID: f(7), Code: f(8), GuestName: f(9),
				From: f(1), To: next}
			r, ok := row[string(room)]
			if !ok || len(room) == 0 {
				r = -1 // unassigned, or a room no longer in the hotel
			}
			blockOf[b.ReservationID] = int32(len(blocks))
			blocks = append(blocks, b)
			rowOf = append(rowOf, int32(r))
			roomOf = append(roomOf, f(2))
			return nil
		})
		if err != nil {
			return err
		}
		// The conflicts are the conflicts route's, computed by the same
		// function; a block is flagged when one of its nights is in one.
		if tc.Conflicts, err = roomConflicts(tx, hotelID, from, to, lapsed); err != nil {
			return err
		}
		if tc.Allotments, err = s.chartBlocks(tx, h, from, to, lapsed); err != nil {
			return err
		}
		inConflict := map[[3]string]bool{} // reservation, room, night
		for _, c := range tc.Conflicts {
			for _, id := range c.Reservations {
				inConflict[[3]string{id, c.RoomID, c.Date}] = true
			}
		}
		if len(inConflict) > 0 {
			for i := range blocks {
				b := &blocks[i]
				for _, n := range app.Nights(b.From, b.To) {
					if inConflict[[3]string{b.ReservationID, roomOf[i], n}] {
						b.Conflict = true
						break
					}
				}
			}
		}
		// Each row's blocks, in scan order, share one array.
		next := make([]int, len(tc.Rooms)+1) // row -> where its next block goes
		for _, r := range rowOf {
			if r >= 0 {
				next[r+1]++
			}
		}
		for r := 1; r <= len(tc.Rooms); r++ {
			next[r] += next[r-1]
		}
		placed := make([]TapeBlock, next[len(tc.Rooms)])
		for r := range tc.Rooms {
			tc.Rooms[r].Blocks = placed[next[r]:next[r+1]:next[r+1]]
		}
		for i := range blocks {
			b := &blocks[i]
			if r := rowOf[i]; r >= 0 {
				placed[next[r]] = *b
				placed[next[r]].RoomTypeID = "" // the row says it
				next[r]++
			} else {
				tc.Unassigned = append(tc.Unassigned, *b)
			}
		}
		return nil
	})
	return tc, err
}

// RoomConflict is a room held by more than one active reservation on one
// night.
type RoomConflict struct {
	RoomID       string   `json:"room_id"`
	Date         string   `json:"date"`
	Reservations []string `json:"reservations"`
}

// Oversold is a room type held by more reservations than it has sellable
// rooms on one night.
type Oversold struct {
	RoomTypeID string `json:"room_type_id"`
	Date       string `json:"date"`
	Sellable   int    `json:"sellable"`
	Held       int    `json:"held"`
	Blocked    int    `json:"blocked"` // rooms blocks still hold (block.go)
}

// Conflicts lists double bookings, the other rules a merge of desks' work
// broke (see RuleConflicts), and reservations whose merged state breaks
// their own rules (integrity.go).
type Conflicts struct {
	RoomNights []RoomConflict      `json:"room_nights"`
	Oversold   []Oversold          `json:"oversold"`
	Rules      []app.RuleConflict  `json:"rules"`
	Broken     []BrokenReservation `json:"broken"`
}

// ConflictsOf derives, from the stored state, the room-nights held by more
// than one active reservation and the room types sold above their sellable
// rooms, on the nights from ≤ date < to (default: the business date and the
// year after it), and the rules a merge broke (see RuleConflicts). Every
// desk computes the same list from the same state.
func (s *Service) ConflictsOf(ctx context.Context, a app.Actor, hotelID, from, to string) (Conflicts, error) {
	if err := a.Require(app.Perm("reservations", "view")); err != nil {
		return Conflicts{}, err
	}
	c := Conflicts{RoomNights: []RoomConflict{}, Oversold: []Oversold{}, Rules: []app.RuleConflict{}, Broken: []BrokenReservation{}}
	err := s.DB.View(func(tx *store.Tx) error {
		h, err := s.property.HotelInScope(tx, a, hotelID)
		if err != nil {
			return err
		}
		if c.Rules, err = s.ruleConflicts(tx, a, hotelID); err != nil {
			return err
		}
		if from == "" {
			from = h.BusinessDate
		}
		if to == "" {
			t, _ := time.Parse(time.DateOnly, from)
			to = t.AddDate(1, 0, 0).Format(time.DateOnly)
		}
		if _, err := parseStay(from, to, ""); err != nil && !hasKey(err, "booking.stay_too_long") {
			return app.E(app.EINVALID, "booking.range", "the range: {error}", "error", err)
		}
		lapsed, err := lapsedHoldsFrom(tx, hotelID, from, s.Now())
		if err != nil {
			return err
		}
		if c.RoomNights, err = roomConflicts(tx, hotelID, from, to, lapsed); err != nil {
			return err
		}
		type cell struct{ a, date string }
		held := map[cell]int{}
		var dates []string
		seenDate := map[string]bool{}
		typeSet := map[string]bool{}
		if err := tx.Scan(KindReservation, IndexReservationNight, hotelID+app.KeySep+from, hotelID+app.KeySep+to, func(key, id string) error {
			p := strings.Split(key, app.KeySep)
			if _, gone := lapsed[id]; len(p) == 3 && !gone {
				held[cell{p[2], p[1]}]++
				typeSet[p[2]] = true
				if !seenDate[p[1]] {
					seenDate[p[1]] = true
					dates = append(dates, p[1])
				}
			}
			return nil
		}); err != nil {
			return err
		}
		blocked, err := s.blockedCells(tx, h, from, to, lapsed)
		if err != nil {
			return err
		}
		for k := range blocked {
			typeSet[k[0]] = true
			if !seenDate[k[1]] {
				seenDate[k[1]] = true
				dates = append(dates, k[1])
			}
			if _, ok := held[cell{k[0], k[1]}]; !ok {
				held[cell{k[0], k[1]}] = 0
			}
		}
		var types []string
		for t := range typeSet {
			types = append(types, t)
		}
		occ, err := loadOccupancy(tx, hotelID, types, dates)
		if err != nil {
			return err
		}
		for k, n := range held {
			b := blocked[[2]string{k.a, k.date}]
			if sellable := occ.sellable(k.a, k.date); n+b > sellable {
				c.Oversold = append(c.Oversold, Oversold{RoomTypeID: k.a, Date: k.date, Sellable: sellable, Held: n, Blocked: b})
			}
		}
		sortOversold(c.Oversold)
		c.Broken, err = brokenReservations(tx, hotelID, h.BusinessDate)
		return err
	})
	return c, err
}

// roomConflicts returns the room-nights of hotel, on the nights from ≤ date
// < to, held by more than one active reservation (lapsed holds, given, are
// left out: see holdLapsed): each night in the room
// it is spent in (see Reservation.RoomOn). The tape chart and the
// conflicts route both read it, so they always agree.
func roomConflicts(tx *store.Tx, hotelID, from, to string, lapsed map[string]Reservation) ([]RoomConflict, error) {
	type cell struct{ room, date string }
	rooms := map[cell][]string{}
	if err := tx.Scan(KindReservation, IndexReservationRoomNight, hotelID+app.KeySep+from, hotelID+app.KeySep+to, func(key, id string) error {
		p := strings.Split(key, app.KeySep)
		if _, gone := lapsed[id]; len(p) == 3 && !gone {
			rooms[cell{p[2], p[1]}] = append(rooms[cell{p[2], p[1]}], id)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	out := []RoomConflict{}
	for k, ids := range rooms {
		if len(ids) > 1 {
			out = append(out, RoomConflict{RoomID: k.room, Date: k.date, Reservations: ids})
		}
	}
	sortConflicts(out)
	return out, nil
}

// RoomOn returns the room the reservation spends night in: the room of the
// latest room move (see RoomHistory) that starts on or before night, so
// that moving a guest in house leaves the nights already slept in the old
// room. A reservation with no room has none; one whose history does not
// end with its room (stored before the history was kept whole) spends
// every night in its room, as do nights before its first move.
func (r Reservation) RoomOn(night string) string {
	n := len(r.RoomHistory)
	if r.RoomID == "" || n == 0 || r.RoomHistory[n-1].RoomID != r.RoomID {
		return r.RoomID
	}
	for i := n - 1; i >= 0; i-- {
		if m := r.RoomHistory[i]; m.From <= night {
			return m.RoomID
		}
	}
	return r.RoomID
}

func sortConflicts(cs []RoomConflict) {
	slices.SortFunc(cs, func(x, y RoomConflict) int {
		if c := strings.Compare(x.Date, y.Date); c != 0 {
			return c
		}
		return strings.Compare(x.RoomID, y.RoomID)
	})
}

func sortOversold(os []Oversold) {
	slices.SortFunc(os, func(x, y Oversold) int {
		if c := strings.Compare(x.Date, y.Date); c != 0 {
			return c
		}
		return strings.Compare(x.RoomTypeID, y.RoomTypeID)
	})
}
