package booking

import (
	"context"
	"innkeep/app"
	"innkeep/app/property"
	"innkeep/store"
	"slices"
	"strings"
	"time"
)

// Limits of a stay.
const (
	MaxNights      = 90 // the longest stay one booking may hold
	MaxGuestsPerRm = 20
)

// Reasons a room type or rate plan is not bookable.
const (
	ReasonSoldOut           = "sold_out"
	ReasonCapacity          = "capacity"
	ReasonMinStay           = "min_stay"
	ReasonMaxStay           = "max_stay"
	ReasonClosedToArrival   = "closed_to_arrival"
	ReasonClosedToDeparture = "closed_to_departure"
	ReasonStopSell          = "stop_sell"
)

// AvailabilityQuery asks what can be sold for a stay.
type AvailabilityQuery struct {
	CheckIn, CheckOut string
	Adults, Children  int
	RoomType          string // "" for every type
	Block             string // a block to book from: its type shows the rooms the block has left (block.go)
}

// Availability answers an AvailabilityQuery.
type Availability struct {
	CheckIn   string             `json:"check_in"`
	CheckOut  string             `json:"check_out"`
	Nights    int                `json:"nights"`
	Currency  string             `json:"currency"`
	RoomTypes []TypeAvailability `json:"room_types"`
}

// TypeAvailability is one room type's answer.
type TypeAvailability struct {
	RoomType  property.RoomType  `json:"room_type"`
	Available int                `json:"available"`
	Bookable  bool               `json:"bookable"`
	Reasons   []string           `json:"reasons"`
	RatePlans []PlanAvailability `json:"rate_plans"`
}

// PlanAvailability is one rate plan's price and restrictions for the stay.
type PlanAvailability struct {
	RatePlanID string       `json:"rate_plan_id"`
	Name       string       `json:"name"`
	Bookable   bool         `json:"bookable"`
	Reasons    []string     `json:"reasons"`
	Nights     []NightPrice `json:"nights"`
	Total      int64        `json:"total"`
	// Tax is the tax in Total under the hotel's setting (availability
	// answers only).
	Tax TaxBreakdown `json:"tax,omitzero"`
}

// stay is a validated range of nights.
type stay struct {
	checkIn, checkOut string
	nights            []string
}

// parseStay validates a stay: real dates, check-out after check-in, at
// most MaxNights, and (when notBefore is set) not starting before it.
func parseStay(checkIn, checkOut, notBefore string) (stay, error) {
	return parseStayIn(checkIn, checkOut, notBefore, property.Hotel{})
}

// parseStayIn validates a stay as parseStay does, and when h is set (a
// hotel with a business date), that it arrives no later than the hotel's
// booking horizon allows (EINVALID booking.check_in_beyond_horizon).
func parseStayIn(checkIn, checkOut, notBefore string, h property.Hotel) (stay, error) {
	in, err := time.Parse(time.DateOnly, checkIn)
	if err != nil {
		return stay{}, app.E(app.EINVALID, "booking.check_in_not_date", "check_in \"{date}\" is not a date (YYYY-MM-DD)", "date", checkIn)
	}
	out, err := time.Parse(time.DateOnly, checkOut)
	if err != nil {
		return stay{}, app.E(app.EINVALID, "booking.check_out_not_date", "check_out \"{date}\" is not a date (YYYY-MM-DD)", "date", checkOut)
	}
	if !out.After(in) {
		return stay{}, app.E(app.EINVALID, "booking.check_out_not_after_check_in", "check_out ({check_out}) must be after check_in ({check_in}): a stay has at least one night", "check_out", checkOut, "check_in", checkIn)
	}
	if out.Sub(in) > MaxNights*24*time.Hour {
		return stay{}, app.E(app.EINVALID, "booking.stay_too_long", "a stay may have at most {max} nights", "max", MaxNights)
	}
	if notBefore != "" && checkIn < notBefore {
		return stay{}, app.E(app.EINVALID, "booking.check_in_in_past", "check_in {check_in} is in the past (the hotel's business date is {business_date})", "check_in", checkIn, "business_date", notBefore)
	}
	if last := h.LastArrival(); last != "" && checkIn > last {
		return stay{}, app.E(app.EINVALID, "booking.check_in_beyond_horizon", "check_in {check_in} is too far ahead: {hotel} takes arrivals up to {last}, {days} days after its business date",
			"check_in", checkIn, "hotel", h.Name, "last", last, "days", h.Horizon())
	}
	return stay{checkIn: checkIn, checkOut: checkOut, nights: app.Nights(checkIn, checkOut)}, nil
}

// checkGuests validates the party size.
func checkGuests(adults, children int) error {
	if adults < 1 {
		return app.E(app.EINVALID, "booking.no_adult", "a room needs at least one adult")
	}
	if adults > MaxGuestsPerRm || children < 0 || children > MaxGuestsPerRm {
		return app.E(app.EINVALID, "booking.party_size", "adults must be 1 to {max_adults} and children 0 to {max_children}", "max_adults", MaxGuestsPerRm, "max_children", MaxGuestsPerRm)
	}
	return nil
}

// occupancy counts, for one hotel and a set of nights, the sellable rooms
// and the rooms held, per room type and night. It reads the counts of
// counted indexes (one read per night and type), never documents or index
// entries, so its cost does not grow with the number of reservations.
type occupancy struct {
	rooms map[string]int            // room type -> rooms of the type
	ooo   map[string]map[string]int // night -> room type -> rooms out of order
	held  map[string]map[string]int // night -> room type -> rooms held
	caps  map[string]map[string]int // room type -> night -> cap
	// blocked: night -> room type -> rooms blocks still hold out of sale
	// (see holdBlocks); nil until they are read.
	blocked map[string]map[string]int
}

// unbooked returns the rooms of type t for sale on night that no booking
// holds, blocks or not.
func (o *occupancy) unbooked(t, night string) int {
	return o.sellable(t, night) - o.held[night][t]
}

// open returns how many rooms of type t are for public sale on night:
// sellable, less held, less held by blocks.

func (o *occupancy) open(t, night string) int {
	return o.sellable(t, night) - o.held[night][t] - o.blocked[night][t]
}

func loadOccupancy(tx *store.Tx, hotelID string, types []string, nights []string) (*occupancy, error) {
	o := &occupancy{rooms: map[string]int{}, ooo: map[string]map[string]int{}, held: map[string]map[string]int{}, caps: map[string]map[string]int{}}
	if err := tx.CountsPrefix(property.KindRoom, property.IndexRoomHotelType, hotelID+app.KeySep, func(key string, n int) error {
		o.rooms[key[len(hotelID)+1:]] = n
		return nil
	}); err != nil {
		return nil, err
	}
	if len(nights) == 0 {
		return o, nil
	}
	first, last := nights[0], nights[0]
	for _, night := range nights {
		o.held[night] = map[string]int{}
		o.ooo[night] = map[string]int{}
		first, last = min(first, night), max(last, night)
	}
	caps, err := property.LoadHotelInventoryCaps(tx, hotelID, first, app.NextDate(last))
	if err != nil {
		return nil, err
	}
	for _, t := range types {
		o.caps[t] = caps[t]
	}
	// Keys are hotel, night, room type; one range covers every night.
	from, to := hotelID+app.KeySep+first, hotelID+app.KeySep+app.NextDate(last)
	count := func(into map[string]map[string]int) func(key string, n int) error {
		return func(key string, n int) error {
			night, typ, ok := strings.Cut(key[len(hotelID)+1:], app.KeySep)
			if m := into[night]; ok && m != nil {
				m[typ] += n
			}
			return nil
		}
	}
	if err := tx.Counts(KindReservation, IndexReservationNight, from, to, count(o.held)); err != nil {
		return nil, err
	}
	if err := tx.Counts(property.KindRoom, property.IndexRoomOooNight, from, to, count(o.ooo)); err != nil {
		return nil, err
	}
	return o, nil
}

// forget takes the nights of lapsed holds out of the rooms held: the
// counted index still has them until a write cancels the holds.
func (o *occupancy) forget(lapsed map[string]Reservation) {
	for _, r := range lapsed {
		for _, night := range app.Nights(r.CheckIn, r.CheckOut) {
			if m := o.held[night]; m != nil && m[r.RoomTypeID] > 0 {
				m[r.RoomTypeID]--
			}
		}
	}
}

// sellable returns how many rooms of type t may be sold on night: rooms
// not out of order, capped by the inventory cap.
func (o *occupancy) sellable(t, night string) int {
	n := o.rooms[t] - o.ooo[night][t]
	if c, ok := o.caps[t][night]; ok && c < n {
		n = c
	}
	if n < 0 {
		n = 0
	}
	return n
}

// free returns the least, over nights, of sellable minus held rooms of t.
func (o *occupancy) free(t string, nights []string) int {
	least := -1
	for _, night := range nights {
		f := o.open(t, night)
		if least < 0 || f < least {
			least = f
		}
	}
	if least < 0 {
		least = 0
	}
	return least
}

// hotelRoomTypes returns the room types of a hotel by code.
// The values are shared with other readers (see store.Collection.GetShared):
// read them only.
func hotelRoomTypes(tx *store.Tx, hotelID string) ([]property.RoomType, error) {
	var out []property.RoomType
	err := tx.Scan(property.KindRoomType, property.IndexRoomTypeHotelCode, hotelID+app.KeySep, hotelID+app.KeySep+"\x7f", func(_, id string) error {
		rt, err := property.RoomTypes.GetShared(tx, id)
		if err != nil {
			return err
		}
		out = append(out, rt)
		return nil
	})
	return out, err
}

// hotelPlansByType returns the rate plans of a hotel by room type, each
// type's in code order. The plans are shared with other readers: read them
// only.
func hotelPlansByType(tx *store.Tx, hotelID string) (map[string][]property.RatePlan, error) {
	out := map[string][]property.RatePlan{}
	err := tx.ScanPrefix(property.KindRatePlan, property.IndexRatePlanHotelType, hotelID+app.KeySep, func(key, id string) error {
		p, err := property.RatePlans.GetShared(tx, id) // read only
		if err != nil {
			return err
		}
		out[p.RoomTypeID] = append(out[p.RoomTypeID], p)
		return nil
	})
	for _, plans := range out {
		slices.SortFunc(plans, func(a, b property.RatePlan) int { return strings.Compare(a.Code, b.Code) })
	}
	return out, err
}

// quote prices a stay under plan and lists the plan's restrictions that
// forbid it.
func quote(tx *store.Tx, plan property.RatePlan, st stay, adults, children int) (PlanAvailability, error) {
	// Through the check-out date: its closed-to-departure counts too.
	days, err := property.LoadRateDays(tx, plan.ID, st.checkIn, app.NextDate(st.checkOut))
	if err != nil {
		return PlanAvailability{RatePlanID: plan.ID, Name: plan.Name, Reasons: []string{}}, err
	}
	return quoteDays(plan, days, st, adults, children), nil
}

// quoteDays is quote with the plan's rate calendar from check-in through
// check-out already read.
func quoteDays(plan property.RatePlan, days map[string]property.RateDay, st stay, adults, children int) PlanAvailability {
	pa := PlanAvailability{RatePlanID: plan.ID, Name: plan.Name, Reasons: []string{}}
	n := len(st.nights)
	minStay, maxStay := plan.MinStay, plan.MaxStay
	if d, ok := days[st.checkIn]; ok {
		if d.MinStay != nil {
			minStay = *d.MinStay
		}
		if d.MaxStay != nil {
			maxStay = *d.MaxStay
		}
		if d.ClosedToArrival {
			pa.Reasons = append(pa.Reasons, ReasonClosedToArrival)
		}
	}
	if minStay > 0 && n < minStay {
		pa.Reasons = append(pa.Reasons, ReasonMinStay)
	}
	if maxStay > 0 && n > maxStay {
		pa.Reasons = append(pa.Reasons, ReasonMaxStay)
	}
	if d, ok := days[st.checkOut]; ok && d.ClosedToDeparture {
		pa.Reasons = append(pa.Reasons, ReasonClosedToDeparture)
	}
	stopSell := false
	for _, night := range st.nights {
		var day *property.RateDay
		if d, ok := days[night]; ok {
			day = &d
			stopSell = stopSell || d.StopSell
		}
		price := property.NightPrice(plan, day, night, adults, children)
		pa.Nights = append(pa.Nights, NightPrice{Date: night, Price: price})
		pa.Total += price
	}
	if stopSell {
		pa.Reasons = append(pa.Reasons, ReasonStopSell)
	}
	pa.Bookable = len(pa.Reasons) == 0
	return pa
}

// Availability answers what the hotel can sell for a stay: per room type,
// the rooms free on every night, and per rate plan the nightly prices, the
// total and the restrictions in force. It needs reservations.view.
func (s *Service) Availability(ctx context.Context, a app.Actor, hotelID string, q AvailabilityQuery) (Availability, error) {
	if err := a.Require(app.Perm("reservations", "view")); err != nil {
		return Availability{}, err
	}
	if err := checkGuests(q.Adults, q.Children); err != nil {
		return Availability{}, err
	}
	var out Availability
	err := s.DB.View(func(tx *store.Tx) error {
		h, err := s.property.HotelInScope(tx, a, hotelID)
		if err != nil {
			return err
		}
		st, err := parseStayIn(q.CheckIn, q.CheckOut, h.BusinessDate, h)
		if err != nil {
			return err
		}
		types, err := hotelRoomTypes(tx, hotelID)
		if err != nil {
			return err
		}
		if q.RoomType != "" {
			types = slices.DeleteFunc(types, func(t property.RoomType) bool { return t.ID != q.RoomType })
			if len(types) == 0 {
				return app.E(app.ENOTFOUND, "booking.room_type_not_found", "room type \"{id}\" not found in this hotel", "id", q.RoomType)
			}
		}
		ids := make([]string, len(types))
		for i, t := range types {
			ids[i] = t.ID
		}
		occ, err := loadOccupancy(tx, hotelID, ids, st.nights)
		if err != nil {
			return err
		}
		lapsed, err := lapsedHolds(tx, hotelID, s.Now())
		if err != nil {
			return err
		}
		occ.forget(lapsed)
		blocks, err := s.holdBlocks(tx, h, occ, st.nights, blockRead{lapsed: lapsed})
		if err != nil {
			return err
		}
		plansOf, err := hotelPlansByType(tx, hotelID)
		if err != nil {
			return err
		}
		// Through the check-out date: its closed-to-departure counts too.
		days, err := property.LoadHotelRateDays(tx, hotelID, st.checkIn, app.NextDate(st.checkOut))
		if err != nil {
			return err
		}
		out = Availability{CheckIn: st.checkIn, CheckOut: st.checkOut, Nights: len(st.nights), Currency: h.Currency, RoomTypes: []TypeAvailability{}}
		for _, t := range types {
			ta := TypeAvailability{RoomType: t, Available: occ.free(t.ID, st.nights), Reasons: []string{}, RatePlans: []PlanAvailability{}}
			if q.Block != "" {
				ta.Available = blocks.left(occ, q.Block, t, st, ta.Available)
			}
			if ta.Available == 0 {
				ta.Reasons = append(ta.Reasons, ReasonSoldOut)
			}
			if q.Adults > t.MaxAdults || q.Children > t.MaxChildren {
				ta.Reasons = append(ta.Reasons, ReasonCapacity)
			}
			anyPlan := false
			for _, p := range plansOf[t.ID] {
				pa := quoteDays(p, days[p.ID], st, q.Adults, q.Children)
				pa.Tax = TaxOf(h.Tax, pa.Nights)
				anyPlan = anyPlan || pa.Bookable
				ta.RatePlans = append(ta.RatePlans, pa)
			}
			if !anyPlan && len(ta.Reasons) == 0 {
				// Every plan is restricted: say why, once per reason.
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
		return nil
	})
	return out, err
}
