package booking

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"innkeep/app"
	"innkeep/app/guest"
	"innkeep/app/property"
	"innkeep/store"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Booking limits.
const (
	MaxRoomsPerBooking = 20
	DefaultHoldMinutes = 30
	MaxHoldMinutes     = 24 * 60
)

// Channels a booking may come from.
var Channels = []string{"walk_in", "phone", "email", "website", "ota"}

// BookingInput books one or several rooms for one stay.
type BookingInput struct {
	HotelID         string        `json:"hotel_id"`
	Rooms           []RoomRequest `json:"rooms"`
	CheckIn         string        `json:"check_in"`
	CheckOut        string        `json:"check_out"`
	Guest           BookingGuest  `json:"guest"`
	SpecialRequests string        `json:"special_requests"`
	Source          Source        `json:"source"`
	Status          string        `json:"status"`       // confirmed (default) or tentative
	HoldMinutes     int           `json:"hold_minutes"` // for tentative holds; default 30
	WalkIn          bool          `json:"walk_in"`      // book from today's business date and check in at once

	// The company and the travel agent the booking is for (app/company):
	// profiles of the hotel, not archived; "" for none. Every reservation
	// of the booking names them.
	CompanyID string `json:"company_id,omitempty"`
	AgentID   string `json:"agent_id,omitempty"`
	// Groups (group.go): a new group the rooms are booked under, or an
	// existing one they join.
	Group   *GroupInput `json:"group,omitempty"`
	GroupID string      `json:"group_id,omitempty"`
}

// RoomRequest is one room of a booking.
type RoomRequest struct {
	RoomTypeID string `json:"room_type_id"`
	RatePlanID string `json:"rate_plan_id"`
	Adults     int    `json:"adults"`
	Children   int    `json:"children"`
	RoomID     string `json:"room_id"`            // optional: assign this room now
	BlockID    string `json:"block_id,omitempty"` // optional: pick the room up from this block (block.go)
	// Price changes the agreed price of this room as it is booked
	// (pricing.approve; see PriceInput).
	Price *PriceInput `json:"price,omitempty"`
}

// BookingGuest names an existing guest by id, or describes a new one.
type BookingGuest struct {
	ID string `json:"id"`
	guest.GuestInput
}

// BookingResult is a confirmed or held booking.
type BookingResult struct {
	Code         string        `json:"code"`
	Reservations []Reservation `json:"reservations"`
	// Tax is the tax of every room together (each reservation has its own).
	Tax *TaxBreakdown `json:"tax,omitempty"`
}

// idempotencySpace keeps, per desk, the answers to creating requests by
// their Idempotency-Key.
const idempotencySpace = "idempotency"

type idempotent struct {
	Request string          `json:"request"` // hash of the request
	Result  json.RawMessage `json:"result"`
}

// Book books the rooms of in for one stay, in one transaction: the
// capacity check and the write cannot be separated, so from one desk a
// room is never sold twice. It returns ECONFLICT naming the night when a
// room type is sold out or a rate plan's restriction forbids the stay, and
// EINVALID for malformed input; in both cases nothing changes. With a
// non-empty idempotencyKey, a retry of the same request returns the first
// result, and another request with the same key is ECONFLICT.
func (s *Service) Book(ctx context.Context, a app.Actor, in BookingInput, idempotencyKey string) (BookingResult, error) {
	if err := a.Require(app.Perm("reservations", "create")); err != nil {
		return BookingResult{}, err
	}
	if err := in.validate(); err != nil {
		return BookingResult{}, err
	}
	for _, rq := range in.Rooms {
		if rq.Price != nil {
			if err := a.Require(app.Perm("pricing", "approve")); err != nil {
				return BookingResult{}, err
			}
		}
	}
	var res BookingResult
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		reqHash, done, err := replay(tx, a, idempotencyKey, in, &res)
		if err != nil || done {
			return err
		}
		h, err := s.property.HotelInScope(tx, a, in.HotelID)
		if err != nil {
			return err
		}
		if in.WalkIn {
			if in.CheckIn == "" {
				in.CheckIn = h.BusinessDate
			}
			if in.CheckIn != h.BusinessDate {
				return app.E(app.EINVALID, "booking.walk_in_not_today", "a walk-in arrives today: check_in must be the business date {business_date}", "business_date", h.BusinessDate)
			}
		}
		st, err := parseStayIn(in.CheckIn, in.CheckOut, h.BusinessDate, h)
		if err != nil {
			return err
		}
		now := s.Now()
		type line struct {
			req  RoomRequest
			typ  property.RoomType
			plan property.RatePlan
			q    PlanAvailability
		}
		lines := make([]line, len(in.Rooms))
		var typeIDs []string
		for i, rq := range in.Rooms {
			t, p, err := typeAndPlan(tx, h.ID, rq.RoomTypeID, rq.RatePlanID)
			if err != nil {
				return err
			}
			if rq.Adults > t.MaxAdults || rq.Children > t.MaxChildren {
				return errRoom(app.EINVALID, i+1, errOverCapacity(t))
			}
			q, err := quote(tx, p, st, rq.Adults, rq.Children)
			if err != nil {
				return err
			}
			if !q.Bookable {
				return errRoom(app.ECONFLICT, i+1, errPlanRefuses(p, q.Reasons))
			}
			lines[i] = line{req: rq, typ: t, plan: p, q: q}
			if !slices.Contains(typeIDs, t.ID) {
				typeIDs = append(typeIDs, t.ID)
			}
		}
		occ, err := loadOccupancy(tx, h.ID, typeIDs, st.nights)
		if err != nil {
			return err
		}
		lapsed, err := lapsedHolds(tx, h.ID, now) // they hold nothing (see holdLapsed)
		if err != nil {
			return err
		}
		occ.forget(lapsed)
		blocks, err := s.holdBlocks(tx, h, occ, st.nights, blockRead{lapsed: lapsed})
		if err != nil {
			return err
		}
		for i, l := range lines {
			if l.req.BlockID != "" {
				if err := blocks.pick(occ, l.req.BlockID, l.typ, st); err != nil {
					return errRoom(app.ErrorCode(err), i+1, err)
				}
			}
			for _, night := range st.nights {
				if l.req.BlockID == "" && occ.open(l.typ.ID, night) < 1 {
					return errNoRoomFree(l.typ, night)
				}
			}
			for _, night := range st.nights {
				occ.held[night][l.typ.ID]++ // the next room of this booking counts this one
			}
			if l.req.RoomID != "" {
				if _, err := roomForStay(tx, h.ID, l.req.RoomID, l.typ.ID, st.nights, "", s.Now()); err != nil {
					return fmt.Errorf("room %d: %w", i+1, err)
				}
				for j := 0; j < i; j++ {
					if lines[j].req.RoomID == l.req.RoomID {
						return app.E(app.EINVALID, "booking.same_room_twice", "room {first} and room {second} of the booking are the same room", "first", j+1, "second", i+1)
					}
				}
			}
		}
		profiles, err := loadBookingProfiles(tx, a, h.ID, in.CompanyID, in.AgentID)
		if err != nil {
			return err
		}
		g, err := s.guests.GuestForBooking(tx, a, h.ID, in.Guest.GuestInput, in.Guest.ID)
		if err != nil {
			return err
		}
		code, err := newConfirmationCode(tx)
		if err != nil {
			return err
		}
		grouped, err := in.withBlockGroup(blocks.group)
		if err != nil {
			return err
		}
		groupID, err := s.groupForBooking(tx, a, h, grouped, code, now)
		if err != nil {
			return err
		}
		status := in.Status
		if status == "" || in.WalkIn {
			status = StatusConfirmed
		}
		res = BookingResult{Code: code, Reservations: []Reservation{}, Tax: &TaxBreakdown{RateBP: h.Tax.RateBP, Included: h.Tax.Included}}
		for i, l := range lines {
			r := Reservation{
				ID: app.NewID(now), HotelID: h.ID, Code: code, Status: status, RoomTypeID: l.typ.ID, RatePlanID: l.plan.ID,
				CheckIn: st.checkIn, CheckOut: st.checkOut, Adults: l.req.Adults, Children: l.req.Children,
				GuestID: g.ID, GuestName: g.Name, GuestPhone: g.Phone, SpecialRequests: strings.TrimSpace(in.SpecialRequests),
				Source: in.Source, Nights: l.q.Nights, Total: l.q.Total, Currency: h.Currency,
				RoomHistory: []RoomMove{}, CreatedAt: now, UpdatedAt: now,
				Policy:  agreedPolicy(h, l.plan),
				GroupID: groupID, BlockID: l.req.BlockID,
			}
			profiles.apply(&r)
			if status == StatusTentative {
				mins := in.HoldMinutes
				if mins == 0 {
					mins = DefaultHoldMinutes
				}
				r.HoldUntil = now.Add(time.Duration(mins) * time.Minute)
			}
			if l.req.RoomID != "" {
				r.RoomID = l.req.RoomID
				r.RoomHistory = append(r.RoomHistory, RoomMove{RoomID: r.RoomID, From: st.checkIn, At: now, By: a.Username})
			}
			if l.req.Price != nil {
				if err := priceAtBooking(a, &r, l.req.Price, now); err != nil {
					return errRoom(app.ErrorCode(err), i+1, err)
				}
			}
			if err := Reservations.Create(tx, r.ID, r); err != nil {
				return err
			}
			if err := s.Audit.Record(tx, a, "reservation.create", "reservation", r.ID, nil, r); err != nil {
				return err
			}
			if l.req.Price != nil {
				if err := s.Audit.Record(tx, a, "reservation.price", "reservation", r.ID, nil, r.PriceHistory[0]); err != nil {
					return err
				}
			}
			if in.WalkIn {
				if r, err = s.checkIn(tx, a, h, r, "", ""); err != nil {
					return err
				}
			}
			tax := TaxOf(h.Tax, r.Nights)
			r.Tax = &tax
			res.Tax.add(tax)
			res.Reservations = append(res.Reservations, r)
		}
		return remember(tx, a, idempotencyKey, reqHash, res)
	})
	if err != nil {
		return BookingResult{}, err
	}
	return res, nil
}

// validate checks what can be checked without the store.
func (in *BookingInput) validate() error {
	if len(in.Rooms) == 0 || len(in.Rooms) > MaxRoomsPerBooking {
		return app.E(app.EINVALID, "booking.room_count", "a booking has 1 to {max} rooms", "max", MaxRoomsPerBooking)
	}
	for i, rq := range in.Rooms {
		if rq.RoomTypeID == "" || rq.RatePlanID == "" {
			return app.E(app.EINVALID, "booking.room_needs_type_and_plan", "room {room} needs a room_type_id and a rate_plan_id", "room", i+1)
		}
		if err := checkGuests(rq.Adults, rq.Children); err != nil {
			return errRoom(app.EINVALID, i+1, err)
		}
		if rq.Price != nil {
			if err := rq.Price.validate(); err != nil {
				return errRoom(app.EINVALID, i+1, err)
			}
		}
	}
	switch in.Status {
	case "", StatusConfirmed:
	case StatusTentative:
		if in.WalkIn {
			return app.E(app.EINVALID, "booking.walk_in_tentative", "a walk-in cannot be a tentative hold")
		}
	default:
		return app.E(app.EINVALID, "booking.status_not_bookable", "status must be confirmed or tentative")
	}
	if in.HoldMinutes < 0 || in.HoldMinutes > MaxHoldMinutes {
		return app.E(app.EINVALID, "booking.hold_minutes", "hold_minutes must be 0 to {max}", "max", MaxHoldMinutes)
	}
	if in.Source.Channel == "" {
		in.Source.Channel = "phone"
		if in.WalkIn {
			in.Source.Channel = "walk_in"
		}
	}
	if !slices.Contains(Channels, in.Source.Channel) {
		return app.E(app.EINVALID, "booking.unknown_channel", "source channel \"{channel}\" is not one of {channels}", "channel", in.Source.Channel, "channels", strings.Join(Channels, ", "))
	}
	if in.Source.Channel == "ota" && strings.TrimSpace(in.Source.OTA) == "" {
		return app.E(app.EINVALID, "booking.ota_needs_name", "an OTA booking needs the OTA's name (source.ota)")
	}
	if utf8.RuneCountInString(in.Source.OTA) > 60 || utf8.RuneCountInString(in.SpecialRequests) > 2000 {
		return app.E(app.EINVALID, "booking.text_too_long", "source.ota is at most 60 and special_requests at most 2000 characters")
	}
	if in.Guest.ID == "" && strings.TrimSpace(in.Guest.Name) == "" {
		return app.E(app.EINVALID, "booking.needs_guest", "a booking needs a guest: an existing guest's id or a new guest's name")
	}
	return in.validateGroup()
}

// typeAndPlan loads a room type and one of its rate plans, both of hotel.
func typeAndPlan(tx *store.Tx, hotelID, typeID, planID string) (property.RoomType, property.RatePlan, error) {
	t, err := property.RoomTypes.Get(tx, typeID)
	if err != nil || t.HotelID != hotelID {
		return property.RoomType{}, property.RatePlan{}, app.E(app.EINVALID, "booking.room_type_not_of_hotel", "room type \"{id}\" is not a room type of this hotel", "id", typeID)
	}
	p, err := property.RatePlans.Get(tx, planID)
	if err != nil || p.HotelID != hotelID || p.RoomTypeID != typeID {
		return property.RoomType{}, property.RatePlan{}, app.E(app.EINVALID, "booking.rate_plan_not_of_room_type", "rate plan \"{id}\" is not a rate plan of the room type {room_type}", "id", planID, "room_type", t.Name)
	}
	return t, p, nil
}

// roomForStay checks that room id of hotel, of room type typeID (when
// set), can hold a reservation on nights: it is in service and no other
// active reservation than except holds it.
func roomForStay(tx *store.Tx, hotelID, id, typeID string, nights []string, except string, now time.Time) (property.Room, error) {
	rm, err := property.Rooms.Get(tx, id)
	if err != nil || rm.HotelID != hotelID {
		return property.Room{}, app.E(app.EINVALID, "booking.room_not_of_hotel", "room \"{id}\" is not a room of this hotel", "id", id)
	}
	if typeID != "" && rm.RoomTypeID != typeID {
		return property.Room{}, app.E(app.EINVALID, "booking.room_of_other_type", "room {room} is not of the booked room type", "room", rm.Number)
	}
	for _, night := range nights {
		if !rm.Sellable(night) {
			return property.Room{}, app.E(app.ECONFLICT, "booking.room_out_of_order", "room {room} is out of order on {night}", "room", rm.Number, "night", night)
		}
		key := hotelID + app.KeySep + night + app.KeySep + id
		var other string
		if err := tx.ScanPrefix(KindReservation, IndexReservationRoomNight, key, func(k, rid string) error {
			if k != key || rid == except || other != "" {
				return nil
			}
			// A lapsed hold holds nothing, though the index keeps it
			// (see holdLapsed).
			if r, err := Reservations.Get(tx, rid); err == nil && newLapse(tx, now).of(r) {
				return nil
			}
			other = rid
			return nil
		}); err != nil {
			return property.Room{}, err
		}
		if other != "" {
			return property.Room{}, app.E(app.ECONFLICT, "booking.room_taken", "room {room} is taken on {night}", "room", rm.Number, "night", night)
		}
	}
	return rm, nil
}

// newConfirmationCode returns a code no reservation on this desk has: two
// characters from the desk's node id, so that desks working apart make
// different codes, and eight random ones, in two groups of five, e.g.
// 4KQ7M-2XD9T.
func newConfirmationCode(tx *store.Tx) (string, error) {
	sum := sha256.Sum256([]byte(tx.NodeID()))
	for try := 0; try < 10; try++ {
		var b [8]byte
		if _, err := rand.Read(b[:]); err != nil {
			return "", err
		}
		c := []byte{app.Crockford[sum[0]&31], app.Crockford[sum[1]&31]}
		for _, x := range b {
			c = append(c, app.Crockford[x&31])
		}
		code := string(c[:5]) + "-" + string(c[5:])
		taken := false
		if err := tx.ScanPrefix(KindReservation, IndexReservationCode, code, func(k, _ string) error {
			taken = taken || k == code
			return nil
		}); err != nil {
			return "", err
		}
		if !taken {
			return code, nil
		}
	}
	return "", app.Errorf(app.EINTERNAL, "cannot find a free confirmation code")
}

// replay looks up an earlier answer to the same idempotency key. It
// returns the hash of this request, and done when the earlier answer was
// copied into out.
func replay(tx *store.Tx, a app.Actor, key string, request any, out any) (string, bool, error) {
	if key == "" {
		return "", false, nil
	}
	if len(key) > 200 {
		return "", false, app.E(app.EINVALID, "booking.idempotency_key_too_long", "the Idempotency-Key is longer than 200 characters")
	}
	b, err := json.Marshal(request)
	if err != nil {
		return "", false, err
	}
	sum := sha256.Sum256(b)
	reqHash := fmt.Sprintf("%x", sum)
	var prev idempotent
	ok, err := app.GetLocal(tx, idempotencySpace, a.UserID+"\x1f"+key, &prev)
	if err != nil || !ok {
		return reqHash, false, err
	}
	if prev.Request != reqHash {
		return "", false, app.E(app.ECONFLICT, "booking.idempotency_key_reused", "this Idempotency-Key was used for another request")
	}
	return reqHash, true, json.Unmarshal(prev.Result, out)
}

// remember stores the answer to an idempotency key in the transaction of
// the work it answers.
func remember(tx *store.Tx, a app.Actor, key, reqHash string, result any) error {
	if key == "" {
		return nil
	}
	b, err := json.Marshal(result)
	if err != nil {
		return err
	}
	return app.PutLocal(tx, idempotencySpace, a.UserID+"\x1f"+key, idempotent{Request: reqHash, Result: b})
}

// ReasonHoldExpired is the cancellation reason that holds lapsed without
// being confirmed were written down with in stores made before a lapse was
// only decided on read (see holdLapsed); nothing writes it any more.
const ReasonHoldExpired = "hold expired"
