package booking

import (
	"cmp"
	"context"
	"errors"
	"innkeep/app"
	"innkeep/app/property"
	"innkeep/store"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Group is a party booked under one name and one contact: the rooms of one
// or several bookings (BookingInput.Group creates it, BookingInput.GroupID
// adds rooms to it) and the blocks held for it. Its reservations carry its
// id (Reservation.GroupID).
type Group struct {
	ID        string       `json:"id"`
	HotelID   string       `json:"hotel_id"`
	Name      string       `json:"name"`
	Contact   GroupContact `json:"contact"`
	Codes     []string     `json:"codes"` // the confirmation codes of its bookings
	Notes     string       `json:"notes"`
	CreatedAt time.Time    `json:"created_at"`
	UpdatedAt time.Time    `json:"updated_at"`
}

// GroupContact is who speaks for a group.
type GroupContact struct {
	Name  string `json:"name"`
	Phone string `json:"phone"`
	Email string `json:"email"`
}

// GroupInput names a new group.
type GroupInput struct {
	Name    string       `json:"name"`
	Contact GroupContact `json:"contact"`
	Notes   string       `json:"notes"`
}

// GroupPatch changes a group; nil fields stay.
type GroupPatch struct {
	Name    *string       `json:"name"`
	Contact *GroupContact `json:"contact"`
	Notes   *string       `json:"notes"`
}

// GroupSummary is a group in a hotel's list: its rooms, dates and how many
// rooms are in each status.
type GroupSummary struct {
	Group    Group        `json:"group"`
	Rooms    int          `json:"rooms"`     // reservations that are not cancelled
	CheckIn  string       `json:"check_in"`  // the first arrival
	CheckOut string       `json:"check_out"` // the last departure
	Statuses StatusCounts `json:"statuses"`
}

// StatusCounts counts reservations by status.
type StatusCounts struct {
	Tentative  int `json:"tentative"`
	Confirmed  int `json:"confirmed"`
	CheckedIn  int `json:"checked_in"`
	CheckedOut int `json:"checked_out"`
	Cancelled  int `json:"cancelled"`
	NoShow     int `json:"no_show"`
}

func (c *StatusCounts) add(status string) {
	switch status {
	case StatusTentative:
		c.Tentative++
	case StatusConfirmed:
		c.Confirmed++
	case StatusCheckedIn:
		c.CheckedIn++
	case StatusCheckedOut:
		c.CheckedOut++
	case StatusCancelled:
		c.Cancelled++
	case StatusNoShow:
		c.NoShow++
	}
}

// GroupDetail is a group with its reservations and blocks.
type GroupDetail struct {
	GroupSummary
	Reservations []Reservation `json:"reservations"`
	Blocks       []Block       `json:"blocks"`
}

// Groups is the store's collection of groups.
var Groups = store.NewCollection[Group](KindGroup)

// KindGroup is the kind of Group documents, and IndexGroup… name its indexes.
const (
	KindGroup       = "group"
	IndexGroupHotel = "hotel"
)

func groupKind() store.Kind {
	return store.Kind{Name: KindGroup, Indexes: []store.Index{
		{Name: IndexGroupHotel, Keys: func(d store.Doc) []string { return []string{app.StringField(d, "hotel_id")} }},
	}}
}

// Kinds returns the kinds of documents this slice owns (reservations,
// groups, blocks), with their indexes.
func Kinds() []store.Kind {
	return []store.Kind{reservationKind(), groupKind(), blockKind(), nightAuditKind()}
}

// checkGroupInput validates a new group's name and contact.
func (in *GroupInput) check() error {
	in.Name, in.Notes = strings.TrimSpace(in.Name), strings.TrimSpace(in.Notes)
	in.Contact = GroupContact{Name: strings.TrimSpace(in.Contact.Name), Phone: strings.TrimSpace(in.Contact.Phone), Email: strings.TrimSpace(in.Contact.Email)}
	if in.Name == "" || utf8.RuneCountInString(in.Name) > 100 {
		return app.E(app.EINVALID, "booking.group_name", "a group needs a name of at most 100 characters")
	}
	if utf8.RuneCountInString(in.Contact.Name) > 100 || utf8.RuneCountInString(in.Contact.Phone) > 40 || utf8.RuneCountInString(in.Contact.Email) > 200 || utf8.RuneCountInString(in.Notes) > 2000 {
		return app.E(app.EINVALID, "booking.group_contact", "the contact's name is at most 100 characters, the phone 40, the email 200, the notes 2000")
	}
	if in.Contact.Email != "" && !strings.Contains(in.Contact.Email, "@") {
		return app.E(app.EINVALID, "booking.group_email", "\"{email}\" is not an email address", "email", in.Contact.Email)
	}
	return nil
}

// validateGroup checks a booking's group fields (BookingInput.validate).
func (in *BookingInput) validateGroup() error {
	if in.Group != nil && in.GroupID != "" {
		return app.E(app.EINVALID, "booking.group_twice", "give a new group (group) or an existing one (group_id), not both")
	}
	if in.Group != nil {
		return in.Group.check()
	}
	return nil
}

// withBlockGroup returns in joined to the group of the blocks its rooms
// are picked up from (groupOf gives a block's group, "" for none): a
// booking from a group's block is a booking of that group, recorded on it
// as one naming group_id is. A booking naming another group, or a new
// one, or picking from blocks of two groups, is EINVALID.
func (in BookingInput) withBlockGroup(groupOf func(blockID string) string) (BookingInput, error) {
	for _, rq := range in.Rooms {
		g := groupOf(rq.BlockID)
		if g == "" || g == in.GroupID {
			continue
		}
		if in.GroupID != "" || in.Group != nil {
			return in, app.E(app.EINVALID, "booking.group_not_blocks", "the rooms of block \"{block}\" are held for another group: book them in that group", "block", rq.BlockID)
		}
		in.GroupID = g
	}
	return in, nil
}

// groupForBooking creates the booking's new group, or adds the booking
// (code) to its existing one, and returns the group's id ("" for none).
func (s *Service) groupForBooking(tx *store.Tx, a app.Actor, h property.Hotel, in BookingInput, code string, now time.Time) (string, error) {
	switch {
	case in.Group != nil:
		g := Group{ID: app.NewID(now), HotelID: h.ID, Name: in.Group.Name, Contact: in.Group.Contact, Notes: in.Group.Notes,
			Codes: []string{code}, CreatedAt: now, UpdatedAt: now}
		if err := Groups.Create(tx, g.ID, g); err != nil {
			return "", err
		}
		return g.ID, s.Audit.Record(tx, a, "group.create", "group", g.ID, nil, g)
	case in.GroupID != "":
		before, err := Groups.Get(tx, in.GroupID)
		if err != nil || before.HotelID != h.ID {
			return "", app.E(app.EINVALID, "booking.group_not_of_hotel", "group \"{id}\" is not a group of this hotel", "id", in.GroupID)
		}
		g := before
		g.Codes = append(slices.Clone(before.Codes), code)
		g.UpdatedAt = now
		if err := Groups.Put(tx, g.ID, g); err != nil {
			return "", err
		}
		return g.ID, s.Audit.Record(tx, a, "group.update", "group", g.ID, before, g)
	}
	return "", nil
}

// groupInScope returns group id when its hotel is in the actor's scope.
func groupInScope(tx *store.Tx, a app.Actor, id string) (Group, error) {
	g, err := Groups.Get(tx, id)
	if err != nil || !a.Hotels.Includes(g.HotelID) {
		return Group{}, app.E(app.ENOTFOUND, "booking.group_not_found", "group \"{id}\" not found", "id", id)
	}
	return g, nil
}

// groupReservations returns the reservations of group id, by code, room
// type and id.
func groupReservations(tx *store.Tx, id string, now time.Time) ([]Reservation, error) {
	out := []Reservation{}
	err := Reservations.Scan(tx, IndexReservationGroup, id, id+"\x00", func(key, _ string, r Reservation) error {
		if key == id {
			out = append(out, newLapse(tx, now).shown(r))
		}
		return nil
	})
	slices.SortFunc(out, func(x, y Reservation) int {
		if c := strings.Compare(x.Code, y.Code); c != 0 {
			return c
		}
		return strings.Compare(x.ID, y.ID)
	})
	return out, err
}

func summarize(g Group, rs []Reservation) GroupSummary {
	sum := GroupSummary{Group: g}
	for _, r := range rs {
		sum.Statuses.add(r.Status)
		if r.Status == StatusCancelled || r.HoldLapsed {
			continue
		}
		sum.Rooms++
		if sum.CheckIn == "" || r.CheckIn < sum.CheckIn {
			sum.CheckIn = r.CheckIn
		}
		sum.CheckOut = max(sum.CheckOut, r.CheckOut)
	}
	return sum
}

// ListGroups returns the groups of a hotel with their rooms, dates and
// statuses, the latest arrivals first (groups with no room last).
func (s *Service) ListGroups(ctx context.Context, a app.Actor, hotelID string) ([]GroupSummary, error) {
	if err := a.Require(app.Perm("reservations", "view")); err != nil {
		return nil, err
	}
	out := []GroupSummary{}
	err := s.DB.View(func(tx *store.Tx) error {
		if _, err := s.property.HotelInScope(tx, a, hotelID); err != nil {
			return err
		}
		return Groups.Scan(tx, IndexGroupHotel, hotelID, hotelID+"\x00", func(key, _ string, g Group) error {
			if key != hotelID {
				return nil
			}
			rs, err := groupReservations(tx, g.ID, s.Now())
			if err != nil {
				return err
			}
			out = append(out, summarize(g, rs))
			return nil
		})
	})
	slices.SortFunc(out, func(x, y GroupSummary) int {
		if c := strings.Compare(y.CheckIn, x.CheckIn); c != 0 {
			return c
		}
		return strings.Compare(x.Group.Name, y.Group.Name)
	})
	return out, err
}

// GetGroup returns group id with its reservations and blocks.
func (s *Service) GetGroup(ctx context.Context, a app.Actor, id string) (GroupDetail, error) {
	if err := a.Require(app.Perm("reservations", "view")); err != nil {
		return GroupDetail{}, err
	}
	var out GroupDetail
	err := s.DB.View(func(tx *store.Tx) error {
		var err error
		out, err = s.groupDetail(tx, a, id)
		return err
	})
	return out, err
}

func (s *Service) groupDetail(tx *store.Tx, a app.Actor, id string) (GroupDetail, error) {
	g, err := groupInScope(tx, a, id)
	if err != nil {
		return GroupDetail{}, err
	}
	h, err := property.Hotels.Get(tx, g.HotelID)
	if err != nil {
		return GroupDetail{}, err
	}
	rs, err := groupReservations(tx, g.ID, s.Now())
	if err != nil {
		return GroupDetail{}, err
	}
	d := GroupDetail{GroupSummary: summarize(g, rs), Reservations: rs, Blocks: []Block{}}
	var blocks []Block
	if err := Blocks.Scan(tx, IndexBlockGroup, g.ID, g.ID+"\x00", func(key, _ string, b Block) error {
		if key == g.ID {
			blocks = append(blocks, b)
		}
		return nil
	}); err != nil {
		return d, err
	}
	for _, b := range blocks {
		b, err := s.shownBlock(tx, h, b)
		if err != nil {
			return d, err
		}
		d.Blocks = append(d.Blocks, b)
	}
	return d, nil
}

// UpdateGroup changes a group's name, contact or notes.
func (s *Service) UpdateGroup(ctx context.Context, a app.Actor, id string, p GroupPatch) (Group, error) {
	if err := a.Require(app.Perm("reservations", "update")); err != nil {
		return Group{}, err
	}
	var out Group
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		before, err := groupInScope(tx, a, id)
		if err != nil {
			return err
		}
		in := GroupInput{Name: before.Name, Contact: before.Contact, Notes: before.Notes}
		if p.Name != nil {
			in.Name = *p.Name
		}
		if p.Contact != nil {
			in.Contact = *p.Contact
		}
		if p.Notes != nil {
			in.Notes = *p.Notes
		}
		if err := in.check(); err != nil {
			return err
		}
		g := before
		g.Name, g.Contact, g.Notes, g.UpdatedAt = in.Name, in.Contact, in.Notes, s.Now()
		if err := Groups.Put(tx, id, g); err != nil {
			return err
		}
		out = g
		return s.Audit.Record(tx, a, "group.update", "group", id, before, g)
	})
	return out, err
}

// GroupCheckInInput checks in the selected rooms of a group.
type GroupCheckInInput struct {
	ReservationIDs []string `json:"reservation_ids"` // empty: every room still to arrive
	OverrideReason string   `json:"override_reason"` // lets rooms that are not clean be used
}

// GroupCancelInput cancels the selected rooms of a group.
type GroupCancelInput struct {
	ReservationIDs []string `json:"reservation_ids"` // empty: every tentative or confirmed room
	Reason         string   `json:"reason"`
	ExpectedFee    *int64   `json:"expected_fee"` // the previewed total; a different total now is ECONFLICT
}

// GroupMoveInput shifts the stays of the selected rooms of a group.
type GroupMoveInput struct {
	ReservationIDs []string `json:"reservation_ids"` // empty: every tentative or confirmed room
	Days           int      `json:"days"`            // nights later (negative: earlier)
	// ExpectedFee is the previewed sum of the rooms' change fees; a
	// different sum now is ECONFLICT. Without it, a move must be free.
	ExpectedFee *int64 `json:"expected_fee,omitempty"`
}

// GroupResult is what a group action did (or, previewed, would do).
type GroupResult struct {
	Reservations []Reservation `json:"reservations"`      // the rooms acted on, after
	Fee          int64         `json:"fee"`               // cancel: the sum of the rooms' fees; move: of their change fees
	Fees         []GroupFee    `json:"fees,omitempty"`    // cancel: each room's fee
	Difference   int64         `json:"difference"`        // move: new totals - old totals
	Changes      []Modified    `json:"changes,omitempty"` // move: each room's change per night
	Currency     string        `json:"currency"`
}

// GroupFee is one room's cancellation fee.
type GroupFee struct {
	ReservationID string `json:"reservation_id"`
	Code          string `json:"code"`
	Fee           int64  `json:"fee"`
}

// errGroupRoom says which room of a group err is about.
func errGroupRoom(tx *store.Tx, r Reservation, err error) error {
	label := r.Code
	if t, e := property.RoomTypes.Get(tx, r.RoomTypeID); e == nil {
		label += " " + t.Name
	}
	if r.RoomID != "" {
		if rm, e := property.Rooms.Get(tx, r.RoomID); e == nil {
			label += " " + rm.Number
		}
	}
	if r.GuestName != "" {
		label += " (" + r.GuestName + ")"
	}
	code := app.ErrorCode(err)
	return app.E(code, "booking.group_room", "{room}: {error}", "room", label, "error", err)
}

// groupSelection returns the group and the reservations an action is on:
// those named (each must be of the group), or, when none is named, those
// of the group in one of statuses. None at all is ECONFLICT.
func (s *Service) groupSelection(tx *store.Tx, a app.Actor, id string, ids []string, statuses ...string) (Group, property.Hotel, []Reservation, error) {
	g, err := groupInScope(tx, a, id)
	if err != nil {
		return g, property.Hotel{}, nil, err
	}
	h, err := property.Hotels.Get(tx, g.HotelID)
	if err != nil {
		return g, h, nil, err
	}
	all, err := groupReservations(tx, g.ID, s.Now())
	if err != nil {
		return g, h, nil, err
	}
	var out []Reservation
	if len(ids) == 0 {
		for _, r := range all {
			if slices.Contains(statuses, r.Status) && !r.HoldLapsed {
				out = append(out, r)
			}
		}
	} else {
		for _, rid := range ids {
			i := slices.IndexFunc(all, func(r Reservation) bool { return r.ID == rid })
			if i < 0 {
				return g, h, nil, app.E(app.EINVALID, "booking.not_in_group", "reservation \"{id}\" is not a room of the group {group}", "id", rid, "group", g.Name)
			}
			if !slices.ContainsFunc(out, func(r Reservation) bool { return r.ID == rid }) {
				out = append(out, all[i])
			}
		}
	}
	if len(out) == 0 {
		return g, h, nil, errGroupNothing(g)
	}
	return g, h, out, nil
}

func errGroupNothing(g Group) error {
	return app.E(app.ECONFLICT, "booking.group_nothing", "no room of the group {group} can take this action", "group", g.Name)
}

// CheckInGroup checks in the selected rooms of a group (when none is
// selected, every room still to arrive whose arrival is the business date)
// in one transaction, each as
// CheckInReservation does (a room assigned where none is). When one room
// cannot check in, none does, and the error names it.
func (s *Service) CheckInGroup(ctx context.Context, a app.Actor, id string, in GroupCheckInInput) (GroupResult, error) {
	if err := a.Require(app.Perm("reservations", "update")); err != nil {
		return GroupResult{}, err
	}
	if utf8.RuneCountInString(in.OverrideReason) > 500 {
		return GroupResult{}, app.E(app.EINVALID, "booking.override_reason_too_long", "the override reason is at most 500 characters")
	}
	var out GroupResult
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		g, h, rs, err := s.groupSelection(tx, a, id, in.ReservationIDs, StatusConfirmed, StatusTentative)
		if err != nil {
			return err
		}
		if len(in.ReservationIDs) == 0 {
			// Rooms arriving on a later day wait for their day.
			rs = slices.DeleteFunc(rs, func(r Reservation) bool { return r.CheckIn != h.BusinessDate })
			if len(rs) == 0 {
				return errGroupNothing(g)
			}
		}
		out = GroupResult{Reservations: []Reservation{}, Currency: h.Currency}
		for _, r := range rs {
			done, err := s.checkIn(tx, a, h, r, "", strings.TrimSpace(in.OverrideReason))
			if err != nil {
				return errGroupRoom(tx, r, err)
			}
			out.Reservations = append(out.Reservations, done)
		}
		return nil
	})
	return out, err
}

// groupCancel cancels the selected rooms within tx, each as
// CancelReservation does, and returns them with the sum of their fees.
func (s *Service) groupCancel(tx *store.Tx, a app.Actor, id string, in GroupCancelInput, write bool) (GroupResult, error) {
	_, h, rs, err := s.groupSelection(tx, a, id, in.ReservationIDs, StatusConfirmed, StatusTentative)
	if err != nil {
		return GroupResult{}, err
	}
	now := s.Now()
	out := GroupResult{Reservations: []Reservation{}, Fees: []GroupFee{}, Currency: h.Currency}
	for _, r := range rs {
		before := r
		r.HoldLapsed = false
		q, err := cancel(tx, h, &r, now, a.Username, in.Reason)
		if err != nil {
			return out, errGroupRoom(tx, before, err)
		}
		out.Fee += q.Fee
		out.Fees = append(out.Fees, GroupFee{ReservationID: r.ID, Code: r.Code, Fee: q.Fee})
		r.UpdatedAt = now
		if write {
			if err := Reservations.Put(tx, r.ID, r); err != nil {
				return out, err
			}
			if err := s.Audit.Record(tx, a, "reservation.cancel", "reservation", r.ID, before, r); err != nil {
				return out, err
			}
		}
		out.Reservations = append(out.Reservations, r)
	}
	if in.ExpectedFee != nil && *in.ExpectedFee != out.Fee {
		return out, app.E(app.ECONFLICT, "booking.cancellation_fee_changed", "the cancellation fee is now {fee}, not {expected}; preview it again", "fee", out.Fee, "expected", *in.ExpectedFee)
	}
	return out, nil
}

// QuoteGroupCancel previews cancelling the selected rooms of a group: each
// room's fee and their sum. It changes nothing.
func (s *Service) QuoteGroupCancel(ctx context.Context, a app.Actor, id string, in GroupCancelInput) (GroupResult, error) {
	if err := a.Require(app.Perm("reservations", "view")); err != nil {
		return GroupResult{}, err
	}
	in.ExpectedFee = nil
	var out GroupResult
	err := s.DB.View(func(tx *store.Tx) error {
		var err error
		out, err = s.groupCancel(tx, a, id, in, false)
		return err
	})
	return out, err
}

// CancelGroup cancels the selected rooms of a group (every tentative or
// confirmed one when none is selected) in one transaction; the fee is the
// sum of each room's fee under the hotel's policy, and a different sum
// than expected_fee is ECONFLICT. When one room cannot be cancelled, none
// is, and the error names it.
func (s *Service) CancelGroup(ctx context.Context, a app.Actor, id string, in GroupCancelInput) (GroupResult, error) {
	if err := a.Require(app.Perm("reservations", "update")); err != nil {
		return GroupResult{}, err
	}
	if utf8.RuneCountInString(in.Reason) > 500 {
		return GroupResult{}, app.E(app.EINVALID, "booking.reason_too_long", "the reason is at most 500 characters")
	}
	var out GroupResult
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		var err error
		out, err = s.groupCancel(tx, a, id, in, true)
		return err
	})
	return out, err
}

// errPreview ends a transaction that only previews a change: the store
// rolls it back.
var errPreview = errors.New("preview")

// groupMove shifts the selected stays by in.Days within tx, each through
// the rules of ModifyReservation (availability, blocks, kept prices).
func (s *Service) groupMove(tx *store.Tx, a app.Actor, id string, in GroupMoveInput) (GroupResult, error) {
	if in.Days == 0 || in.Days > 365 || in.Days < -365 {
		return GroupResult{}, app.E(app.EINVALID, "booking.move_days", "days must be 1 to 365 nights later or earlier (not 0)")
	}
	_, h, rs, err := s.groupSelection(tx, a, id, in.ReservationIDs, StatusConfirmed, StatusTentative)
	if err != nil {
		return GroupResult{}, err
	}
	// Move the stay furthest in the direction of the move first, so that
	// the group's rooms do not stand in each other's way.
	slices.SortStableFunc(rs, func(x, y Reservation) int {
		if in.Days > 0 {
			return strings.Compare(y.CheckIn, x.CheckIn)
		}
		return strings.Compare(x.CheckIn, y.CheckIn)
	})
	out := GroupResult{Reservations: []Reservation{}, Changes: []Modified{}, Currency: h.Currency}
	for _, r := range rs {
		checkIn, checkOut := shiftDate(r.CheckIn, in.Days), shiftDate(r.CheckOut, in.Days)
		before, after, nights, err := s.modify(tx, a, r.ID, ReservationPatch{CheckIn: &checkIn, CheckOut: &checkOut})
		if err != nil {
			return out, errGroupRoom(tx, r, err)
		}
		fee, err := s.chargeChange(tx, a, before, &after, nil)
		if err != nil {
			return out, errGroupRoom(tx, r, err)
		}
		if err := Reservations.Put(tx, r.ID, after); err != nil {
			return out, err
		}
		if err := s.Audit.Record(tx, a, "reservation.update", "reservation", r.ID, before, after); err != nil {
			return out, err
		}
		out.Reservations = append(out.Reservations, after)
		out.Changes = append(out.Changes, Modified{Reservation: after, Difference: after.Total - before.Total, Nights: nights, ChangeFee: fee})
		out.Difference += after.Total - before.Total
		out.Fee += fee.Fee
	}
	return out, nil
}

func shiftDate(d string, days int) string {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil {
		return d
	}
	return t.AddDate(0, 0, days).Format(time.DateOnly)
}

// QuoteGroupMove previews MoveGroup: it runs the move and rolls it back.
// Its Fee is the expected_fee MoveGroup needs.
func (s *Service) QuoteGroupMove(ctx context.Context, a app.Actor, id string, in GroupMoveInput) (GroupResult, error) {
	if err := a.Require(app.Perm("reservations", "update")); err != nil {
		return GroupResult{}, err
	}
	var out GroupResult
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		var err error
		if out, err = s.groupMove(tx, a, id, in); err != nil {
			return err
		}
		return errPreview
	})
	if errors.Is(err, errPreview) {
		err = nil
	}
	return out, err
}

// MoveGroup shifts the stays of the selected rooms of a group (every
// tentative or confirmed room when none is selected) by in.Days nights, in
// one transaction, each under the rules of ModifyReservation: the rooms
// must be free on the new nights and agreed prices of kept nights stay.
// When one room cannot move, none does, and the error names it. The sum
// of the rooms' change fees must be in.ExpectedFee (the preview's Fee;
// without it, 0), else ECONFLICT and nothing moves.
func (s *Service) MoveGroup(ctx context.Context, a app.Actor, id string, in GroupMoveInput) (GroupResult, error) {
	if err := a.Require(app.Perm("reservations", "update")); err != nil {
		return GroupResult{}, err
	}
	var out GroupResult
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		var err error
		if out, err = s.groupMove(tx, a, id, in); err != nil {
			return err
		}
		if expected := cmp.Or(in.ExpectedFee, new(int64)); *expected != out.Fee {
			return errChangeFeeChanged(out.Fee, *expected)
		}
		return nil
	})
	return out, err
}
