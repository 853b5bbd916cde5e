package booking

import (
	"context"
	"innkeep/app"
	"innkeep/app/property"
	"innkeep/store"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits of a block.
const (
	MaxBlockRooms = 500 // rooms per night one block may hold
)

// Block is a group block (an allotment): Rooms rooms of one room type held
// out of public sale on each night from CheckIn to CheckOut until the
// release date. Bookings pick rooms up from it (RoomRequest.BlockID); a
// picked-up room is an ordinary reservation, and the block holds the rest.
// Whether a block is released is decided on read from the hotel's business
// date (after ReleaseDate: released) or ReleasedAt (released by hand), so
// the unpicked rooms return to sale without a write.
type Block struct {
	ID          string    `json:"id"`
	HotelID     string    `json:"hotel_id"`
	GroupID     string    `json:"group_id,omitempty"`
	Name        string    `json:"name"`
	RoomTypeID  string    `json:"room_type_id"`
	RatePlanID  string    `json:"rate_plan_id"`
	CheckIn     string    `json:"check_in"`     // the first night
	CheckOut    string    `json:"check_out"`    // the morning after the last night
	Rooms       int       `json:"rooms"`        // rooms held per night
	ReleaseDate string    `json:"release_date"` // the last business date the block holds its rooms
	ReleasedAt  time.Time `json:"released_at,omitzero"`
	Notes       string    `json:"notes"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`

	// Derived on read, never stored.
	Released bool         `json:"released"`         // it holds no room any more
	PickedUp int          `json:"picked_up"`        // rooms picked up on its fullest night
	Nights   []BlockNight `json:"nights,omitempty"` // per night: held, picked up
}

// BlockNight is one night of a block.
type BlockNight struct {
	Date     string `json:"date"`
	Rooms    int    `json:"rooms"`     // the block's rooms
	PickedUp int    `json:"picked_up"` // booked from the block
	Held     int    `json:"held"`      // still held out of sale (0 once released)
}

// BlockInput creates a block.
type BlockInput struct {
	GroupID     string `json:"group_id"`
	Name        string `json:"name"`
	RoomTypeID  string `json:"room_type_id"`
	RatePlanID  string `json:"rate_plan_id"`
	CheckIn     string `json:"check_in"`
	CheckOut    string `json:"check_out"`
	Rooms       int    `json:"rooms"`
	ReleaseDate string `json:"release_date"`
	Notes       string `json:"notes"`
}

// BlockPatch changes a block; nil fields stay.
type BlockPatch struct {
	Name        *string `json:"name"`
	CheckIn     *string `json:"check_in"`
	CheckOut    *string `json:"check_out"`
	Rooms       *int    `json:"rooms"`
	ReleaseDate *string `json:"release_date"`
	Notes       *string `json:"notes"`
}

// Blocks is the store's collection of blocks.
var Blocks = store.NewCollection[Block](KindBlock)

// KindBlock is the kind of Block documents, and IndexBlock… name its indexes.
const (
	KindBlock       = "block"
	IndexBlockHotel = "hotel" // hotel, check-out: the blocks that reach a night
	IndexBlockGroup = "group"
)

func blockKind() store.Kind {
	return store.Kind{Name: KindBlock, Indexes: []store.Index{
		{Name: IndexBlockHotel, Keys: func(d store.Doc) []string {
			return []string{app.StringField(d, "hotel_id") + app.KeySep + app.StringField(d, "check_out")}
		}},
		{Name: IndexBlockGroup, Keys: func(d store.Doc) []string {
			if g := app.StringField(d, "group_id"); g != "" {
				return []string{g}
			}
			return nil
		}},
	}}
}

// released reports whether b holds no rooms any more on the business date
// today: released by hand, or today is after its release date.
func (b Block) released(today string) bool {
	return !b.ReleasedAt.IsZero() || today > b.ReleaseDate
}

// blockState is a block as read for one question: its pick-ups per night.
type blockState struct {
	Block
	active bool
	picked map[string]int // night -> rooms picked up
}

// held returns how many rooms b still holds out of sale on night.
func (b *blockState) held(night string) int {
	if !b.active || night < b.CheckIn || night >= b.CheckOut {
		return 0
	}
	return max(0, b.Rooms-b.picked[night])
}

// blockRead says what to leave out when reading blocks: lapsed holds
// (picked up, but holding nothing), a reservation being changed, a block
// being changed.
type blockRead struct {
	lapsed      map[string]Reservation
	except      Reservation
	exceptBlock string
}

// loadBlocks returns the blocks of hotel that reach a night from ≤ night <
// to, with their pick-ups: one index range for the blocks (they are few)
// and one counted range per block. Released ones have active false.
func loadBlocks(tx *store.Tx, h property.Hotel, today, from, to string, rd blockRead) ([]*blockState, error) {
	var out []*blockState
	err := Blocks.Scan(tx, IndexBlockHotel, h.ID+app.KeySep+app.NextDate(from), h.ID+app.KeySep+"\x7f", func(_, id string, b Block) error {
		if b.CheckIn >= to || id == rd.exceptBlock {
			return nil
		}
		out = append(out, &blockState{Block: b, active: !b.released(today), picked: map[string]int{}})
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, b := range out {
		if err := tx.Counts(KindReservation, IndexReservationBlockNight, b.ID+app.KeySep+b.CheckIn, b.ID+app.KeySep+b.CheckOut, func(key string, n int) error {
			if _, night, ok := strings.Cut(key, app.KeySep); ok {
				b.picked[night] += n
			}
			return nil
		}); err != nil {
			return nil, err
		}
		drop := func(r Reservation) {
			if r.BlockID != b.ID || !HoldsInventory(r.Status) {
				return
			}
			for _, n := range app.Nights(r.CheckIn, r.CheckOut) {
				if b.picked[n] > 0 {
					b.picked[n]--
				}
			}
		}
		for _, r := range rd.lapsed {
			if r.ID != rd.except.ID {
				drop(r)
			}
		}
		drop(rd.except)
	}
	return out, nil
}

// blockSet is the blocks read for one booking or change.
type blockSet []*blockState

func (bs blockSet) find(id string) *blockState {
	for _, b := range bs {
		if b.ID == id {
			return b
		}
	}
	return nil
}

// holdBlocks reads the blocks of h over nights and adds the rooms they
// still hold to o, so that open (public sale) leaves them out.
func (s *Service) holdBlocks(tx *store.Tx, h property.Hotel, o *occupancy, nights []string, rd blockRead) (blockSet, error) {
	if len(nights) == 0 {
		return nil, nil
	}
	first, last := slices.Min(nights), slices.Max(nights)
	bs, err := loadBlocks(tx, h, s.property.BusinessDate(h), first, app.NextDate(last), rd)
	if err != nil {
		return nil, err
	}
	if o.blocked == nil {
		o.blocked = map[string]map[string]int{}
	}
	for _, b := range bs {
		for _, n := range nights {
			if held := b.held(n); held > 0 {
				if o.blocked[n] == nil {
					o.blocked[n] = map[string]int{}
				}
				o.blocked[n][b.RoomTypeID] += held
			}
		}
	}
	return bs, nil
}

// pick takes one room of type t for stay st from block id: the block must
// be this hotel's, not released, of the type, cover the nights and have a
// room left on each. The room leaves the block's hold (o.blocked); the
// caller counts it as held.
func (bs blockSet) pick(o *occupancy, id string, t property.RoomType, st stay) error {
	b := bs.find(id)
	if b == nil {
		return app.E(app.EINVALID, "booking.block_not_found", "block \"{id}\" is not a block of this hotel for these nights", "id", id)
	}
	if err := b.fits(t, st); err != nil {
		return err
	}
	for _, n := range st.nights {
		if b.held(n) < 1 {
			return errBlockFull(b.Block, n)
		}
	}
	// A block holds rooms; it cannot make them. When rooms went out of
	// order or were capped after the block was made, the block may hold
	// more than the hotel has: a pick-up still needs a room no booking
	// has.
	for _, n := range st.nights {
		if o.unbooked(t.ID, n) < 1 {
			return errNoRoomFree(t, n)
		}
	}
	for _, n := range st.nights {
		b.picked[n]++
		if m := o.blocked[n]; m != nil && m[t.ID] > 0 {
			m[t.ID]--
		}
	}
	return nil
}

// fits checks that a stay of type t may come from b.
func (b *blockState) fits(t property.RoomType, st stay) error {
	if !b.active {
		return app.E(app.ECONFLICT, "booking.block_released", "the block {block} is released: book from public availability", "block", b.Name)
	}
	if b.RoomTypeID != t.ID {
		return app.E(app.EINVALID, "booking.block_other_type", "the block {block} holds another room type than {room_type}", "block", b.Name, "room_type", t.Name)
	}
	if st.checkIn < b.CheckIn || st.checkOut > b.CheckOut {
		return app.E(app.EINVALID, "booking.block_outside", "the block {block} holds the nights from {check_in} to {check_out}; the stay is outside them", "block", b.Name, "check_in", b.CheckIn, "check_out", b.CheckOut)
	}
	return nil
}

func errBlockFull(b Block, night string) error {
	return app.E(app.ECONFLICT, "booking.block_full", "the block {block} has no room left on {night}", "block", b.Name, "night", night)
}

// group returns the group of block id, "" when none.
func (bs blockSet) group(id string) string {
	if b := bs.find(id); b != nil {
		return b.GroupID
	}
	return ""
}

// roomsForChange checks that changed reservation r (before, the stored one)
// has a room of type t on nights: from its block while it still fits the
// block, else from public sale (a reservation that leaves a block it no
// longer fits is an ordinary booking from then on). occ has before's own
// nights taken off already.
func (s *Service) roomsForChange(tx *store.Tx, h property.Hotel, occ *occupancy, lapsed map[string]Reservation, before Reservation, r *Reservation, t property.RoomType, st stay) error {
	bs, err := s.holdBlocks(tx, h, occ, st.nights, blockRead{lapsed: lapsed, except: before})
	if err != nil {
		return err
	}
	// Nights the reservation already holds in this type sell nothing new:
	// they are not checked again, so that a change of the requests or the
	// room stays possible when blocks hold more than is free.
	kept := map[string]bool{}
	if newLapse(tx, s.Now()).counts(before) && before.RoomTypeID == t.ID {
		for _, n := range app.Nights(before.CheckIn, before.CheckOut) {
			kept[n] = true
		}
	}
	if r.BlockID != "" {
		if b := bs.find(r.BlockID); b != nil && b.active && b.fits(t, st) == nil && b.covers(occ, t, st.nights, kept) {
			return nil
		}
		if b, err := Blocks.Get(tx, r.BlockID); err == nil && !b.released(s.property.BusinessDate(h)) {
			r.BlockID = "" // it leaves a block it no longer fits, or that has no room left for it
		}
	}
	if before.BlockID != "" && r.BlockID == "" {
		// The nights it held were the block's, which holds them again:
		// as a public stay they are all sold anew.
		clear(kept)
	}
	for _, n := range st.nights {
		if !kept[n] && occ.open(t.ID, n) < 1 {
			return errNoRoomFree(t, n)
		}
	}
	return nil
}

// covers reports whether b has a room left for a stay of type t on each
// of nights it does not already hold (kept), and the hotel a room no
// booking has.
func (b *blockState) covers(o *occupancy, t property.RoomType, nights []string, kept map[string]bool) bool {
	for _, n := range nights {
		if !kept[n] && (b.held(n) < 1 || o.unbooked(t.ID, n) < 1) {
			return false
		}
	}
	return true
}

// blockInScope returns block id when its hotel is in the actor's scope.
func blockInScope(tx *store.Tx, a app.Actor, id string) (Block, error) {
	b, err := Blocks.Get(tx, id)
	if err != nil || !a.Hotels.Includes(b.HotelID) {
		return Block{}, app.E(app.ENOTFOUND, "booking.block_not_found_id", "block \"{id}\" not found", "id", id)
	}
	return b, nil
}

// blockWithHotel returns block id, when its hotel is in a's scope, with
// that hotel.
func blockWithHotel(tx *store.Tx, a app.Actor, id string) (Block, property.Hotel, error) {
	b, err := blockInScope(tx, a, id)
	if err != nil {
		return Block{}, property.Hotel{}, err
	}
	h, err := property.Hotels.Get(tx, b.HotelID)
	return b, h, err
}

// shownBlock returns b with what is derived on read: released, and per
// night the rooms picked up and held.
func (s *Service) shownBlock(tx *store.Tx, h property.Hotel, b Block) (Block, error) {
	lapsed, err := lapsedHolds(tx, h.ID, s.Now())
	if err != nil {
		return b, err
	}
	bs, err := loadBlocks(tx, h, s.property.BusinessDate(h), b.CheckIn, b.CheckOut, blockRead{lapsed: lapsed})
	if err != nil {
		return b, err
	}
	st := blockSet(bs).find(b.ID)
	b.Released, b.PickedUp, b.Nights = st == nil || !st.active, 0, []BlockNight{}
	for _, n := range app.Nights(b.CheckIn, b.CheckOut) {
		bn := BlockNight{Date: n, Rooms: b.Rooms}
		if st != nil {
			bn.PickedUp, bn.Held = st.picked[n], st.held(n)
		}
		b.PickedUp = max(b.PickedUp, bn.PickedUp)
		b.Nights = append(b.Nights, bn)
	}
	return b, nil
}

// ListBlocks returns the blocks of a hotel that end on or after its
// business date (with past: every block), by first night.
func (s *Service) ListBlocks(ctx context.Context, a app.Actor, hotelID string, past bool) ([]Block, error) {
	if err := a.Require(app.Perm("reservations", "view")); err != nil {
		return nil, err
	}
	out := []Block{}
	err := s.DB.View(func(tx *store.Tx) error {
		h, err := s.property.HotelInScope(tx, a, hotelID)
		if err != nil {
			return err
		}
		from := h.ID + app.KeySep
		if !past {
			from += app.NextDate(s.property.BusinessDate(h))
		}
		var list []Block
		if err := Blocks.Scan(tx, IndexBlockHotel, from, h.ID+app.KeySep+"\x7f", func(_, _ string, b Block) error {
			list = append(list, b)
			return nil
		}); err != nil {
			return err
		}
		for _, b := range list {
			b, err := s.shownBlock(tx, h, b)
			if err != nil {
				return err
			}
			out = append(out, b)
		}
		return nil
	})
	slices.SortFunc(out, func(x, y Block) int {
		if c := strings.Compare(x.CheckIn, y.CheckIn); c != 0 {
			return c
		}
		return strings.Compare(x.ID, y.ID)
	})
	return out, err
}

// GetBlock returns block id with its pick-up per night.
func (s *Service) GetBlock(ctx context.Context, a app.Actor, id string) (Block, error) {
	if err := a.Require(app.Perm("reservations", "view")); err != nil {
		return Block{}, err
	}
	var out Block
	err := s.DB.View(func(tx *store.Tx) error {
		b, h, err := blockWithHotel(tx, a, id)
		if err != nil {
			return err
		}
		out, err = s.shownBlock(tx, h, b)
		return err
	})
	return out, err
}

// CreateBlock holds in.Rooms rooms of a type on each night of the block
// until its release date. It is ECONFLICT, naming the night, when the type
// has fewer rooms free for sale on a night.
func (s *Service) CreateBlock(ctx context.Context, a app.Actor, hotelID string, in BlockInput) (Block, error) {
	if err := a.Require(app.Perm("reservations", "create")); err != nil {
		return Block{}, err
	}
	var out Block
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		h, err := s.property.HotelInScope(tx, a, hotelID)
		if err != nil {
			return err
		}
		now := s.Now()
		b := Block{ID: app.NewID(now), HotelID: h.ID, GroupID: in.GroupID, Name: strings.TrimSpace(in.Name), RoomTypeID: in.RoomTypeID, RatePlanID: in.RatePlanID,
			CheckIn: in.CheckIn, CheckOut: in.CheckOut, Rooms: in.Rooms, ReleaseDate: in.ReleaseDate, Notes: strings.TrimSpace(in.Notes), CreatedAt: now, UpdatedAt: now}
		if b.GroupID != "" {
			g, err := Groups.Get(tx, b.GroupID)
			if err != nil || g.HotelID != h.ID {
				return app.E(app.EINVALID, "booking.group_not_of_hotel", "group \"{id}\" is not a group of this hotel", "id", b.GroupID)
			}
			if b.Name == "" {
				b.Name = g.Name
			}
		}
		if err := s.checkBlock(tx, h, b, nil, true); err != nil {
			return err
		}
		if err := Blocks.Create(tx, b.ID, b); err != nil {
			return err
		}
		if err := s.Audit.Record(tx, a, "block.create", "block", b.ID, nil, b); err != nil {
			return err
		}
		out, err = s.shownBlock(tx, h, b)
		return err
	})
	return out, err
}

// checkBlock validates block b (new, or changed from before) and that the
// rooms it must hold are free for sale: on each night, the rooms still to
// hold (its rooms less those picked up) against the rooms open for sale
// with this block left out. It also refuses fewer rooms than are picked
// up on a night, and nights that leave picked-up rooms outside.
func (s *Service) checkBlock(tx *store.Tx, h property.Hotel, b Block, before *Block, create bool) error {
	if b.Name == "" || utf8.RuneCountInString(b.Name) > 100 || utf8.RuneCountInString(b.Notes) > 2000 {
		return app.E(app.EINVALID, "booking.block_name", "a block needs a name of at most 100 characters (notes at most 2000)")
	}
	if b.Rooms < 1 || b.Rooms > MaxBlockRooms {
		return app.E(app.EINVALID, "booking.block_rooms", "a block holds 1 to {max} rooms a night", "max", MaxBlockRooms)
	}
	today := s.property.BusinessDate(h)
	notBefore, horizon := today, h
	if before != nil && before.CheckIn == b.CheckIn {
		notBefore, horizon = "", property.Hotel{}
	}
	st, err := parseStayIn(b.CheckIn, b.CheckOut, notBefore, horizon)
	if err != nil {
		return err
	}
	if _, err := time.Parse(time.DateOnly, b.ReleaseDate); err != nil {
		return app.E(app.EINVALID, "booking.release_date", "release_date \"{date}\" must be a date (YYYY-MM-DD) on or before the first night {check_in}", "date", b.ReleaseDate, "check_in", b.CheckIn)
	}
	if b.ReleaseDate > b.CheckIn {
		return app.E(app.EINVALID, "booking.release_date", "release_date \"{date}\" must be a date (YYYY-MM-DD) on or before the first night {check_in}", "date", b.ReleaseDate, "check_in", b.CheckIn)
	}
	t, _, err := typeAndPlan(tx, h.ID, b.RoomTypeID, b.RatePlanID)
	if err != nil {
		return err
	}
	if b.released(today) {
		if create {
			return app.E(app.EINVALID, "booking.release_date_past", "release_date {date} is before the business date {business_date}", "date", b.ReleaseDate, "business_date", today)
		}
		return nil // a released block holds nothing: no room to check
	}
	// Picked-up rooms: never fewer rooms than they, never outside the nights.
	if before != nil {
		lapsed, err := lapsedHolds(tx, h.ID, s.Now()) // a lapsed hold has picked up nothing
		if err != nil {
			return err
		}
		mine, err := loadBlocks(tx, h, today, min(before.CheckIn, b.CheckIn), max(before.CheckOut, b.CheckOut), blockRead{lapsed: lapsed})
		if err != nil {
			return err
		}
		if st := blockSet(mine).find(b.ID); st != nil {
			for _, n := range app.Nights(min(before.CheckIn, b.CheckIn), max(before.CheckOut, b.CheckOut)) {
				p := st.picked[n]
				if p > 0 && (n < b.CheckIn || n >= b.CheckOut) {
					return app.E(app.ECONFLICT, "booking.block_picked_outside", "{picked} rooms are picked up from the block on {night}, outside its new nights", "picked", p, "night", n)
				}
				if p > b.Rooms {
					return app.E(app.ECONFLICT, "booking.block_below_pickup", "{picked} rooms are picked up from the block on {night}: it cannot hold fewer", "picked", p, "night", n)
				}
			}
		}
	}
	occ, err := loadOccupancy(tx, h.ID, []string{t.ID}, st.nights)
	if err != nil {
		return err
	}
	lapsed, err := lapsedHolds(tx, h.ID, s.Now())
	if err != nil {
		return err
	}
	occ.forget(lapsed)
	if _, err := s.holdBlocks(tx, h, occ, st.nights, blockRead{lapsed: lapsed, exceptBlock: b.ID}); err != nil {
		return err
	}
	mine, err := loadBlocks(tx, h, "", b.CheckIn, b.CheckOut, blockRead{lapsed: lapsed})
	if err != nil {
		return err
	}
	picked := map[string]int{}
	if st := blockSet(mine).find(b.ID); st != nil {
		picked = st.picked
	}
	for _, n := range st.nights {
		need := b.Rooms - picked[n]
		if free := occ.open(t.ID, n); need > free {
			return app.E(app.ECONFLICT, "booking.block_no_rooms", "{room_type} has {free} rooms free on {night}; the block needs {need}", "room_type", t.Name, "free", max(free, 0), "night", n, "need", need)
		}
	}
	return nil
}

// UpdateBlock shrinks, extends or renames a block. Holding more rooms or
// nights needs them free for sale; it never holds fewer rooms than are
// picked up on a night, nor leaves picked-up nights outside.
func (s *Service) UpdateBlock(ctx context.Context, a app.Actor, id string, p BlockPatch) (Block, error) {
	if err := a.Require(app.Perm("reservations", "update")); err != nil {
		return Block{}, err
	}
	var out Block
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		before, h, err := blockWithHotel(tx, a, id)
		if err != nil {
			return err
		}
		b := before
		set := func(dst *string, v *string) {
			if v != nil {
				*dst = strings.TrimSpace(*v)
			}
		}
		set(&b.Name, p.Name)
		set(&b.CheckIn, p.CheckIn)
		set(&b.CheckOut, p.CheckOut)
		set(&b.ReleaseDate, p.ReleaseDate)
		set(&b.Notes, p.Notes)
		if p.Rooms != nil {
			b.Rooms = *p.Rooms
		}
		if err := s.checkBlock(tx, h, b, &before, false); err != nil {
			return err
		}
		b.UpdatedAt = s.Now()
		if err := Blocks.Put(tx, id, b); err != nil {
			return err
		}
		if err := s.Audit.Record(tx, a, "block.update", "block", id, before, b); err != nil {
			return err
		}
		out, err = s.shownBlock(tx, h, b)
		return err
	})
	return out, err
}

// ReleaseBlock releases a block now: the rooms it still holds return to
// sale; its picked-up reservations stay.
func (s *Service) ReleaseBlock(ctx context.Context, a app.Actor, id string) (Block, error) {
	if err := a.Require(app.Perm("reservations", "update")); err != nil {
		return Block{}, err
	}
	var out Block
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		before, h, err := blockWithHotel(tx, a, id)
		if err != nil {
			return err
		}
		b := before
		if b.ReleasedAt.IsZero() {
			b.ReleasedAt, b.UpdatedAt = s.Now(), s.Now()
			if err := Blocks.Put(tx, id, b); err != nil {
				return err
			}
			if err := s.Audit.Record(tx, a, "block.release", "block", id, before, b); err != nil {
				return err
			}
		}
		out, err = s.shownBlock(tx, h, b)
		return err
	})
	return out, err
}

// DeleteBlock deletes a block nobody has booked from; one with picked-up
// reservations is ECONFLICT naming one (release it instead).
func (s *Service) DeleteBlock(ctx context.Context, a app.Actor, id string) error {
	if err := a.Require(app.Perm("reservations", "update")); err != nil {
		return err
	}
	return s.DB.Update(a.String(), func(tx *store.Tx) error {
		b, err := blockInScope(tx, a, id)
		if err != nil {
			return err
		}
		code := ""
		if err := tx.ScanPrefix(KindReservation, IndexReservationBlockNight, b.ID+app.KeySep, func(_, rid string) error {
			if code == "" {
				r, err := Reservations.Get(tx, rid)
				if err != nil {
					return err
				}
				code = r.Code
			}
			return nil
		}); err != nil {
			return err
		}
		if code != "" {
			return app.E(app.ECONFLICT, "booking.block_in_use", "booking {code} was picked up from this block; release the block instead", "code", code)
		}
		if err := Blocks.Delete(tx, id); err != nil {
			return err
		}
		return s.Audit.Record(tx, a, "block.delete", "block", id, b, nil)
	})
}

// TapeAllotment is a block's rooms held out of sale on the chart's nights.
type TapeAllotment struct {
	BlockID    string       `json:"block_id"`
	Name       string       `json:"name"`
	GroupID    string       `json:"group_id,omitempty"`
	RoomTypeID string       `json:"room_type_id"`
	Nights     []BlockNight `json:"nights"` // the nights in range it holds rooms
}

// chartBlocks returns the blocks holding rooms on the nights from ≤ night
// < to, as the chart shows them.
func (s *Service) chartBlocks(tx *store.Tx, h property.Hotel, from, to string, lapsed map[string]Reservation) ([]TapeAllotment, error) {
	bs, err := loadBlocks(tx, h, s.property.BusinessDate(h), from, to, blockRead{lapsed: lapsed})
	if err != nil {
		return nil, err
	}
	out := []TapeAllotment{}
	for _, b := range bs {
		ta := TapeAllotment{BlockID: b.ID, Name: b.Name, GroupID: b.GroupID, RoomTypeID: b.RoomTypeID, Nights: []BlockNight{}}
		for _, n := range app.Nights(max(from, b.CheckIn), min(to, b.CheckOut)) {
			if held := b.held(n); held > 0 {
				ta.Nights = append(ta.Nights, BlockNight{Date: n, Rooms: b.Rooms, PickedUp: b.picked[n], Held: held})
			}
		}
		if len(ta.Nights) > 0 {
			out = append(out, ta)
		}
	}
	return out, nil
}

// blockedCells returns, per room type and night from ≤ night < to, the
// rooms blocks still hold (for the conflicts' oversold count).
func (s *Service) blockedCells(tx *store.Tx, h property.Hotel, from, to string, lapsed map[string]Reservation) (map[[2]string]int, error) {
	bs, err := loadBlocks(tx, h, s.property.BusinessDate(h), from, to, blockRead{lapsed: lapsed})
	if err != nil {
		return nil, err
	}
	out := map[[2]string]int{}
	for _, b := range bs {
		for _, n := range app.Nights(max(from, b.CheckIn), min(to, b.CheckOut)) {
			if held := b.held(n); held > 0 {
				out[[2]string{b.RoomTypeID, n}] += held
			}
		}
	}
	return out, nil
}

// left returns the rooms of type t a booking from block id may take for
// stay st: the block's rooms left on its fullest night (and no more than
// the rooms no booking has) when the stay fits the block, else public
// (what the public may book).
func (bs blockSet) left(o *occupancy, id string, t property.RoomType, st stay, public int) int {
	b := bs.find(id)
	if b == nil || b.fits(t, st) != nil {
		return public
	}
	least := -1
	for _, n := range st.nights {
		if h := min(b.held(n), o.unbooked(t.ID, n)); least < 0 || h < least {
			least = h
		}
	}
	return max(least, 0)
}
