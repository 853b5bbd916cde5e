package property

import (
	"cmp"
	"context"
	"innkeep/app"
	"innkeep/store"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// RatePlan prices one room type: a base nightly rate, weekend and seasonal
// rates, occupancy charges and stay restrictions. Per-date changes live in
// the rate calendar (RateDay).
type RatePlan struct {
	ID             string   `json:"id"`
	HotelID        string   `json:"hotel_id"`
	RoomTypeID     string   `json:"room_type_id"`
	Code           string   `json:"code"`
	Name           string   `json:"name"`
	BaseRate       int64    `json:"base_rate"`    // minor units per night
	WeekendRate    int64    `json:"weekend_rate"` // 0: same as BaseRate
	WeekendDays    []int    `json:"weekend_days"` // 0 = Sunday … 6 = Saturday; nights priced as weekend
	IncludedAdults int      `json:"included_adults"`
	ExtraAdult     int64    `json:"extra_adult"` // per adult above IncludedAdults, per night
	ExtraChild     int64    `json:"extra_child"` // per child, per night
	MinStay        int      `json:"min_stay"`    // 0: none
	MaxStay        int      `json:"max_stay"`    // 0: none
	Seasons        []Season `json:"seasons"`
	// Policy is the plan's own cancellation, no-show and change policy;
	// nil: the hotel's (HotelPolicy).
	Policy    *Policy   `json:"policy,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Season overrides a plan's rates on the nights From ≤ date < To.
type Season struct {
	Name        string `json:"name"`
	From        string `json:"from"`
	To          string `json:"to"`
	Rate        int64  `json:"rate"`
	WeekendRate int64  `json:"weekend_rate"` // 0: same as Rate
}

// RateDay is the rate calendar of one plan on one date: what differs from
// the plan that day. Its id is plan id + "/" + date.
type RateDay struct {
	RatePlanID        string `json:"rate_plan_id"`
	HotelID           string `json:"hotel_id"`
	RoomTypeID        string `json:"room_type_id"`
	Date              string `json:"date"`
	Rate              *int64 `json:"rate"` // nil: the plan's price
	MinStay           *int   `json:"min_stay"`
	MaxStay           *int   `json:"max_stay"`
	ClosedToArrival   bool   `json:"closed_to_arrival"`
	ClosedToDeparture bool   `json:"closed_to_departure"`
	StopSell          bool   `json:"stop_sell"`
}

// InventoryDay caps how many rooms of a type are sold on one date. Its id is
// room type id + "/" + date.
type InventoryDay struct {
	HotelID    string `json:"hotel_id"`
	RoomTypeID string `json:"room_type_id"`
	Date       string `json:"date"`
	Cap        *int   `json:"cap"` // nil: no cap
}

var (
	RatePlans     = store.NewCollection[RatePlan](KindRatePlan)
	RateDays      = store.NewCollection[RateDay](KindRateDay)
	inventoryDays = store.NewCollection[InventoryDay](KindInventoryDay)
)

func ratePlanKind() store.Kind {
	return store.Kind{Name: KindRatePlan, Indexes: []store.Index{
		{Name: IndexRatePlanHotelType, Keys: func(d store.Doc) []string {
			return []string{app.StringField(d, "hotel_id") + "\x1f" + app.StringField(d, "room_type_id")}
		}},
	}}
}

func rateDayKind() store.Kind {
	return store.Kind{Name: KindRateDay, Indexes: []store.Index{
		// plan id 0x1f date: a plan's calendar over a range of dates.
		{Name: IndexRateDayPlanDate, Keys: func(d store.Doc) []string {
			return []string{app.StringField(d, "rate_plan_id") + "\x1f" + app.StringField(d, "date")}
		}},
		// hotel id 0x1f date 0x1f plan id: every plan's calendar over a
		// range of dates in one scan (availability).
		{Name: IndexRateDayHotelDate, Keys: func(d store.Doc) []string {
			return []string{app.StringField(d, "hotel_id") + "\x1f" + app.StringField(d, "date") + "\x1f" + app.StringField(d, "rate_plan_id")}
		}},
	}}
}

func inventoryDayKind() store.Kind {
	return store.Kind{Name: KindInventoryDay, Indexes: []store.Index{
		{Name: IndexInventoryDayTypeDate, Keys: func(d store.Doc) []string {
			return []string{app.StringField(d, "room_type_id") + "\x1f" + app.StringField(d, "date")}
		}},
		// hotel id 0x1f date 0x1f room type id: every type's caps over a
		// range of dates in one scan (availability).
		{Name: IndexInventoryDayHotelDate, Keys: func(d store.Doc) []string {
			return []string{app.StringField(d, "hotel_id") + "\x1f" + app.StringField(d, "date") + "\x1f" + app.StringField(d, "room_type_id")}
		}},
	}}
}

// RateDayID and inventoryDayID name the calendar documents.
func RateDayID(planID, date string) string { return planID + "/" + date }

func inventoryDayID(typeID, date string) string { return typeID + "/" + date }

// Bounds of rate plans and the rate calendar.
const (
	MaxRate         = 1_000_000_000 // minor units, for any rate or charge
	MaxStayLimit    = 365           // the largest min or max stay
	MaxCalendarDays = 366           // the longest range the calendar reads or changes at once
	MaxInventoryCap = 10000
	maxSeasons      = 100
)

// RatePlanInput creates a rate plan. WeekendDays nil means Friday and
// Saturday nights; IncludedAdults 0 means 2, or the room type's maximum
// when that is lower.
type RatePlanInput struct {
	RoomTypeID     string   `json:"room_type_id"`
	Code           string   `json:"code"`
	Name           string   `json:"name"`
	BaseRate       int64    `json:"base_rate"`
	WeekendRate    int64    `json:"weekend_rate"`
	WeekendDays    []int    `json:"weekend_days"`
	IncludedAdults int      `json:"included_adults"`
	ExtraAdult     int64    `json:"extra_adult"`
	ExtraChild     int64    `json:"extra_child"`
	MinStay        int      `json:"min_stay"`
	MaxStay        int      `json:"max_stay"`
	Seasons        []Season `json:"seasons"`
	Policy         *Policy  `json:"policy,omitempty"` // nil: the hotel's
}

// RatePlanPatch changes some fields of a rate plan; nil fields stay. A
// plan keeps its room type.
type RatePlanPatch struct {
	Code           *string   `json:"code"`
	Name           *string   `json:"name"`
	BaseRate       *int64    `json:"base_rate"`
	WeekendRate    *int64    `json:"weekend_rate"`
	WeekendDays    *[]int    `json:"weekend_days"`
	IncludedAdults *int      `json:"included_adults"`
	ExtraAdult     *int64    `json:"extra_adult"`
	ExtraChild     *int64    `json:"extra_child"`
	MinStay        *int      `json:"min_stay"`
	MaxStay        *int      `json:"max_stay"`
	Seasons        *[]Season `json:"seasons"`
	// Policy gives the plan a policy of its own; UseHotelPolicy drops it,
	// so that the plan takes the hotel's.
	Policy         *Policy `json:"policy"`
	UseHotelPolicy bool    `json:"use_hotel_policy,omitempty"`
}

// RatePlanFilter narrows ListRatePlans. Zero fields do not filter.
type RatePlanFilter struct {
	RoomTypeID string
}

// validate normalizes p for its room type rt and returns EINVALID naming
// the first field that is wrong.
func (p *RatePlan) validate(rt RoomType) error {
	code, err := normalizeCode(app.MakeWord("kind.rate_plan", "rate plan"), p.Code)
	if err != nil {
		return err
	}
	p.Code = code
	p.Name = strings.TrimSpace(p.Name)
	if p.Name == "" || utf8.RuneCountInString(p.Name) > 100 {
		return app.E(app.EINVALID, "property.rate_plan_name_length", "the rate plan name must be 1 to 100 characters")
	}
	if err := app.CheckName(app.MakeWord("property.field_rate_plan_name", "rate plan name"), p.Name); err != nil {
		return err
	}
	for _, m := range []struct {
		field app.Word
		v     int64
	}{
		{app.MakeWord("property.field_base_rate", "base rate"), p.BaseRate},
		{app.MakeWord("property.field_weekend_rate", "weekend rate"), p.WeekendRate},
		{app.MakeWord("property.field_extra_adult", "extra adult charge"), p.ExtraAdult},
		{app.MakeWord("property.field_extra_child", "extra child charge"), p.ExtraChild},
	} {
		if err := checkMoney(m.field, m.v); err != nil {
			return err
		}
	}
	if p.WeekendDays, err = normalizeWeekdays(app.MakeWord("property.field_weekend_days", "weekend days"), p.WeekendDays); err != nil {
		return err
	}
	if p.IncludedAdults < 1 || p.IncludedAdults > rt.MaxAdults {
		return app.E(app.EINVALID, "property.included_adults_invalid", "a plan of room type {code} includes 1 to {max} adults (its maximum), not {adults}",
			"code", rt.Code, "max", rt.MaxAdults, "adults", p.IncludedAdults)
	}
	if err := checkStayLimits(p.MinStay, p.MaxStay); err != nil {
		return err
	}
	if len(p.Seasons) > maxSeasons {
		return app.E(app.EINVALID, "property.too_many_seasons", "a plan has at most {max} seasons", "max", maxSeasons)
	}
	if p.Seasons == nil {
		p.Seasons = []Season{}
	}
	for i := range p.Seasons {
		s := &p.Seasons[i]
		s.Name = strings.TrimSpace(s.Name)
		if s.Name == "" || utf8.RuneCountInString(s.Name) > 100 {
			return app.E(app.EINVALID, "property.season_name_length", "season {number}: the name must be 1 to 100 characters", "number", i+1)
		}
		if err := app.CheckName(app.MakeWord("property.field_season_name", "season name"), s.Name); err != nil {
			return err
		}
		if _, err := app.CalendarRange(s.From, s.To, 0); err != nil {
			return app.E(app.EINVALID, "property.season_invalid", "season \"{season}\": {reason}", "season", s.Name, "reason", err)
		}
		if !validMoney(s.Rate) {
			return app.E(app.EINVALID, "property.season_rate_invalid", "the season \"{season}\" rate must be 0 to {max} (minor units), not {value}",
				"season", s.Name, "max", MaxRate, "value", s.Rate)
		}
		if !validMoney(s.WeekendRate) {
			return app.E(app.EINVALID, "property.season_weekend_rate_invalid", "the season \"{season}\" weekend rate must be 0 to {max} (minor units), not {value}",
				"season", s.Name, "max", MaxRate, "value", s.WeekendRate)
		}
	}
	sorted := slices.Clone(p.Seasons)
	slices.SortFunc(sorted, func(a, b Season) int { return strings.Compare(a.From, b.From) })
	for i := 1; i < len(sorted); i++ {
		if sorted[i].From < sorted[i-1].To {
			return app.E(app.EINVALID, "property.seasons_overlap", "the seasons \"{first}\" and \"{second}\" overlap; a night belongs to at most one season",
				"first", sorted[i-1].Name, "second", sorted[i].Name)
		}
	}
	if p.Policy != nil {
		return p.Policy.Validate()
	}
	return nil
}

// validMoney reports whether v is 0 to MaxRate.
func validMoney(v int64) bool { return v >= 0 && v <= MaxRate }

// checkMoney returns EINVALID, naming field, unless v is 0 to MaxRate.
func checkMoney(field app.Word, v int64) error {
	if !validMoney(v) {
		return app.E(app.EINVALID, "property.amount_invalid", "the {field} must be 0 to {max} (minor units), not {value}", "field", field, "max", MaxRate, "value", v)
	}
	return nil
}

// checkStayLimits returns EINVALID unless min and max are 0 to
// MaxStayLimit and max, when set, is at least min.
func checkStayLimits(minStay, maxStay int) error {
	if minStay < 0 || minStay > MaxStayLimit {
		return app.E(app.EINVALID, "property.min_stay_invalid", "the minimum stay must be 0 (none) to {max} nights, not {nights}", "max", MaxStayLimit, "nights", minStay)
	}
	if maxStay < 0 || maxStay > MaxStayLimit {
		return app.E(app.EINVALID, "property.max_stay_invalid", "the maximum stay must be 0 (none) to {max} nights, not {nights}", "max", MaxStayLimit, "nights", maxStay)
	}
	if minStay > 0 && maxStay > 0 && maxStay < minStay {
		return app.E(app.EINVALID, "property.max_stay_below_min_stay", "the maximum stay ({max}) is shorter than the minimum stay ({min})", "max", maxStay, "min", minStay)
	}
	return nil
}

// normalizeWeekdays sorts days (0 = Sunday … 6 = Saturday) and returns
// EINVALID, naming the field, for a day out of range or named twice.
func normalizeWeekdays(field app.Word, days []int) ([]int, error) {
	out := slices.Clone(days)
	if out == nil {
		out = []int{}
	}
	slices.Sort(out)
	for i, d := range out {
		if d < 0 || d > 6 {
			return nil, app.E(app.EINVALID, "property.weekday_invalid", "{field} are 0 (Sunday) to 6 (Saturday), not {day}", "field", field, "day", d)
		}
		if i > 0 && out[i-1] == d {
			return nil, app.E(app.EINVALID, "property.weekday_repeated", "{field} name {day} twice", "field", field, "day", d)
		}
	}
	return out, nil
}

// isWeekday reports whether date (YYYY-MM-DD) falls on one of days
// (0 = Sunday … 6 = Saturday).
func isWeekday(date string, days []int) bool {
	t, err := time.Parse(time.DateOnly, date)
	return err == nil && slices.Contains(days, int(t.Weekday()))
}

// NightPrice returns the price of the night of date under plan for adults
// and children, in minor units: the rate calendar's rate for that date
// when day sets one, else the rate of the season that holds the date
// (its weekend rate on the plan's weekend days, when set), else the plan's
// (its weekend rate on weekend days, when set); plus ExtraAdult for each
// adult above IncludedAdults and ExtraChild for each child. day may be nil.
func NightPrice(plan RatePlan, day *RateDay, date string, adults, children int) int64 {
	weekend := isWeekday(date, plan.WeekendDays)
	var rate int64
	switch season, ok := seasonOf(plan, date); {
	case day != nil && day.Rate != nil:
		rate = *day.Rate
	case ok:
		rate = season.Rate
		if weekend && season.WeekendRate > 0 {
			rate = season.WeekendRate
		}
	default:
		rate = plan.BaseRate
		if weekend && plan.WeekendRate > 0 {
			rate = plan.WeekendRate
		}
	}
	if extra := adults - plan.IncludedAdults; extra > 0 {
		rate += int64(extra) * plan.ExtraAdult
	}
	if children > 0 {
		rate += int64(children) * plan.ExtraChild
	}
	return rate
}

// seasonOf returns the season of plan that holds the night of date.
func seasonOf(plan RatePlan, date string) (Season, bool) {
	for _, s := range plan.Seasons {
		if s.From <= date && date < s.To {
			return s, true
		}
	}
	return Season{}, false
}

// LoadRateDays returns the rate calendar of plan planID on the dates
// from ≤ date < to, by date. Dates without changes are absent. The days
// are shared with other readers: replace their pointers, never write
// through them.
func LoadRateDays(tx *store.Tx, planID string, from, to string) (map[string]RateDay, error) {
	out := map[string]RateDay{}
	err := RateDays.ScanShared(tx, IndexRateDayPlanDate, planID+app.KeySep+from, planID+app.KeySep+to, func(_, _ string, d RateDay) error {
		out[d.Date] = d
		return nil
	})
	return out, err
}

// LoadInventoryCaps returns the inventory caps of room type typeID on the
// dates from ≤ date < to, by date. Dates without a cap are absent.
func LoadInventoryCaps(tx *store.Tx, typeID, from, to string) (map[string]int, error) {
	out := map[string]int{}
	err := inventoryDays.ScanShared(tx, IndexInventoryDayTypeDate, typeID+app.KeySep+from, typeID+app.KeySep+to, func(_, _ string, d InventoryDay) error {
		if d.Cap != nil {
			out[d.Date] = *d.Cap
		}
		return nil
	})
	return out, err
}

// LoadHotelRateDays returns the rate calendars of every plan of hotel on
// the dates from ≤ date < to, by plan id then date, from one index range.
// The days are shared with other readers (see loadRateDays).
func LoadHotelRateDays(tx *store.Tx, hotelID, from, to string) (map[string]map[string]RateDay, error) {
	out := map[string]map[string]RateDay{}
	err := RateDays.ScanShared(tx, IndexRateDayHotelDate, hotelID+app.KeySep+from, hotelID+app.KeySep+to, func(_, _ string, d RateDay) error {
		if out[d.RatePlanID] == nil {
			out[d.RatePlanID] = map[string]RateDay{}
		}
		out[d.RatePlanID][d.Date] = d
		return nil
	})
	return out, err
}

// LoadHotelInventoryCaps returns the inventory caps of every room type of
// hotel on the dates from ≤ date < to, by room type then date, from one
// index range.
func LoadHotelInventoryCaps(tx *store.Tx, hotelID, from, to string) (map[string]map[string]int, error) {
	out := map[string]map[string]int{}
	err := inventoryDays.ScanShared(tx, IndexInventoryDayHotelDate, hotelID+app.KeySep+from, hotelID+app.KeySep+to, func(_, _ string, d InventoryDay) error {
		if d.Cap == nil {
			return nil
		}
		if out[d.RoomTypeID] == nil {
			out[d.RoomTypeID] = map[string]int{}
		}
		out[d.RoomTypeID][d.Date] = *d.Cap
		return nil
	})
	return out, err
}

// ratePlanInScope returns plan id when its hotel is in the actor's scope;
// other plans answer ENOTFOUND, as if they did not exist.
func ratePlanInScope(tx *store.Tx, a app.Actor, id string) (RatePlan, error) {
	p, err := RatePlans.Get(tx, id)
	if err != nil {
		return RatePlan{}, app.NotFound(err, "rate_plan", id)
	}
	if !a.Hotels.Includes(p.HotelID) {
		return RatePlan{}, app.NotFoundError("rate_plan", id)
	}
	return p, nil
}

// hotelRatePlans returns the rate plans of a hotel (of one room type when
// typeID is set), by code.
func hotelRatePlans(tx *store.Tx, hotelID, typeID string) ([]RatePlan, error) {
	prefix := hotelID + app.KeySep
	if typeID != "" {
		prefix += typeID
	}
	out := []RatePlan{}
	err := tx.ScanPrefix(KindRatePlan, IndexRatePlanHotelType, prefix, func(key, id string) error {
		if typeID != "" && key != prefix {
			return nil
		}
		p, err := RatePlans.Get(tx, id)
		if err != nil {
			return err
		}
		out = append(out, p)
		return nil
	})
	slices.SortFunc(out, func(a, b RatePlan) int {
		return cmp.Or(strings.Compare(a.Code, b.Code), strings.Compare(a.ID, b.ID))
	})
	return out, err
}

// checkPlanCode returns ECONFLICT when another plan of the hotel has code.
func checkPlanCode(tx *store.Tx, hotelID, code, self string) error {
	plans, err := hotelRatePlans(tx, hotelID, "")
	if err != nil {
		return err
	}
	for _, p := range plans {
		if p.ID != self && strings.EqualFold(p.Code, code) {
			return app.E(app.ECONFLICT, "property.rate_plan_code_taken", "the rate plan code {code} is taken in this hotel", "code", code)
		}
	}
	return nil
}

// ListRatePlans returns the rate plans of hotel hotelID that f keeps, by
// code. A hotel outside the actor's scope answers ENOTFOUND.
func (s *Service) ListRatePlans(ctx context.Context, a app.Actor, hotelID string, f RatePlanFilter) ([]RatePlan, error) {
	if err := a.Require(app.Perm("rates", "view")); err != nil {
		return nil, err
	}
	var out []RatePlan
	err := s.DB.View(func(tx *store.Tx) error {
		if _, err := s.HotelInScope(tx, a, hotelID); err != nil {
			return err
		}
		var err error
		out, err = hotelRatePlans(tx, hotelID, f.RoomTypeID)
		return err
	})
	return out, err
}

// GetRatePlan returns rate plan id.
func (s *Service) GetRatePlan(ctx context.Context, a app.Actor, id string) (RatePlan, error) {
	if err := a.Require(app.Perm("rates", "view")); err != nil {
		return RatePlan{}, err
	}
	var p RatePlan
	err := s.DB.View(func(tx *store.Tx) error {
		var err error
		p, err = ratePlanInScope(tx, a, id)
		return err
	})
	return p, err
}

// CreateRatePlan creates a rate plan of hotel hotelID for one of its room
// types. It returns EINVALID for bad input or a room type of another
// hotel, and ECONFLICT when the code is taken in the hotel.
func (s *Service) CreateRatePlan(ctx context.Context, a app.Actor, hotelID string, in RatePlanInput) (RatePlan, error) {
	if err := a.Require(app.Perm("rates", "create")); err != nil {
		return RatePlan{}, err
	}
	var p RatePlan
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		if _, err := s.HotelInScope(tx, a, hotelID); err != nil {
			return err
		}
		rt, err := RoomTypes.Get(tx, in.RoomTypeID)
		if err != nil || rt.HotelID != hotelID {
			return noRoomType(in.RoomTypeID)
		}
		now := s.Now()
		p = RatePlan{ID: app.NewID(now), HotelID: hotelID, RoomTypeID: rt.ID, Code: in.Code, Name: in.Name,
			BaseRate: in.BaseRate, WeekendRate: in.WeekendRate, WeekendDays: in.WeekendDays,
			IncludedAdults: in.IncludedAdults, ExtraAdult: in.ExtraAdult, ExtraChild: in.ExtraChild,
			MinStay: in.MinStay, MaxStay: in.MaxStay, Seasons: slices.Clone(in.Seasons), Policy: in.Policy.clone(), CreatedAt: now, UpdatedAt: now}
		if p.WeekendDays == nil {
			p.WeekendDays = []int{5, 6}
		}
		if p.IncludedAdults == 0 {
			p.IncludedAdults = min(2, max(rt.MaxAdults, 1))
		}
		if err := p.validate(rt); err != nil {
			return err
		}
		if err := checkPlanCode(tx, hotelID, p.Code, ""); err != nil {
			return err
		}
		if err := RatePlans.Create(tx, p.ID, p); err != nil {
			return err
		}
		return s.Audit.Record(tx, a, "rate_plan.create", "rate_plan", p.ID, nil, p)
	})
	return p, err
}

// UpdateRatePlan changes the fields of rate plan id that patch sets.
func (s *Service) UpdateRatePlan(ctx context.Context, a app.Actor, id string, patch RatePlanPatch) (RatePlan, error) {
	if err := a.Require(app.Perm("rates", "update")); err != nil {
		return RatePlan{}, err
	}
	var p RatePlan
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		before, err := ratePlanInScope(tx, a, id)
		if err != nil {
			return err
		}
		rt, err := RoomTypes.Get(tx, before.RoomTypeID)
		if err != nil {
			return app.NotFound(err, "room_type", before.RoomTypeID)
		}
		p = before
		p.WeekendDays = slices.Clone(before.WeekendDays)
		p.Seasons = slices.Clone(before.Seasons)
		app.SetIf(&p.Code, patch.Code)
		app.SetIf(&p.Name, patch.Name)
		app.SetIf(&p.BaseRate, patch.BaseRate)
		app.SetIf(&p.WeekendRate, patch.WeekendRate)
		if patch.WeekendDays != nil {
			p.WeekendDays = slices.Clone(*patch.WeekendDays)
		}
		app.SetIf(&p.IncludedAdults, patch.IncludedAdults)
		app.SetIf(&p.ExtraAdult, patch.ExtraAdult)
		app.SetIf(&p.ExtraChild, patch.ExtraChild)
		app.SetIf(&p.MinStay, patch.MinStay)
		app.SetIf(&p.MaxStay, patch.MaxStay)
		if patch.Seasons != nil {
			p.Seasons = slices.Clone(*patch.Seasons)
		}
		p.Policy = before.Policy.clone()
		if patch.Policy != nil {
			p.Policy = patch.Policy.clone()
		}
		if patch.UseHotelPolicy {
			if patch.Policy != nil {
				return app.E(app.EINVALID, "property.policy_both", "give the plan a policy or let it use the hotel's, not both")
			}
			p.Policy = nil
		}
		if err := p.validate(rt); err != nil {
			return err
		}
		if err := checkPlanCode(tx, p.HotelID, p.Code, id); err != nil {
			return err
		}
		p.UpdatedAt = s.Now()
		if err := RatePlans.Put(tx, id, p); err != nil {
			return err
		}
		return s.Audit.Record(tx, a, "rate_plan.update", "rate_plan", id, before, p)
	})
	return p, err
}

// DeleteRatePlan deletes rate plan id and its rate calendar. It returns
// ECONFLICT, naming the reservation, while a current or future reservation
// is priced by the plan.
func (s *Service) DeleteRatePlan(ctx context.Context, a app.Actor, id string) error {
	if err := a.Require(app.Perm("rates", "delete")); err != nil {
		return err
	}
	return s.DB.Update(a.String(), func(tx *store.Tx) error {
		p, err := ratePlanInScope(tx, a, id)
		if err != nil {
			return err
		}
		if code, ok, err := s.bookings.Using(tx, p.HotelID, Use{RatePlanID: id}); err != nil {
			return err
		} else if ok {
			return app.E(app.ECONFLICT, "property.rate_plan_in_use", "reservation {code} uses rate plan {plan}; move it to another plan or cancel it first", "code", code, "plan", p.Code)
		}
		var days []string
		if err := tx.ScanPrefix(KindRateDay, IndexRateDayPlanDate, id+app.KeySep, func(_, dayID string) error {
			days = append(days, dayID)
			return nil
		}); err != nil {
			return err
		}
		for _, dayID := range days {
			if err := RateDays.Delete(tx, dayID); err != nil {
				return err
			}
		}
		if err := RatePlans.Delete(tx, id); err != nil {
			return err
		}
		return s.Audit.Record(tx, a, "rate_plan.delete", "rate_plan", id, p, nil)
	})
}

// RateCalendar is what the rate calendar shows for a range of dates: each
// plan's price and restrictions, and each room type's inventory cap.
type RateCalendar struct {
	From      string              `json:"from"`
	To        string              `json:"to"`
	RatePlans []RatePlanCalendar  `json:"rate_plans"`
	Inventory []InventoryCalendar `json:"inventory"`
}

// RatePlanCalendar is one plan's calendar.
type RatePlanCalendar struct {
	RatePlanID string        `json:"rate_plan_id"`
	Days       []CalendarDay `json:"days"`
}

// CalendarDay is a plan's price (for its included adults, no children) and
// the restrictions in force on one date.
type CalendarDay struct {
	Date              string `json:"date"`
	Price             int64  `json:"price"`
	MinStay           int    `json:"min_stay"` // 0: none
	MaxStay           int    `json:"max_stay"` // 0: none
	ClosedToArrival   bool   `json:"closed_to_arrival"`
	ClosedToDeparture bool   `json:"closed_to_departure"`
	StopSell          bool   `json:"stop_sell"`
}

// InventoryCalendar is one room type's inventory caps.
type InventoryCalendar struct {
	RoomTypeID string   `json:"room_type_id"`
	Days       []CapDay `json:"days"`
}

// CapDay is the inventory cap of one date; nil is no cap.
type CapDay struct {
	Date string `json:"date"`
	Cap  *int   `json:"cap"`
}

// DefaultCalendarDays is the range the rate calendar shows when the
// caller names no end.
const DefaultCalendarDays = 14

// RateCalendar returns the rate calendar of hotel hotelID on the dates
// from ≤ date < to (at most MaxCalendarDays): every plan of the hotel, or
// only plan planID with its room type's inventory. An empty from is the
// hotel's business date; an empty to is DefaultCalendarDays after from.
func (s *Service) RateCalendar(ctx context.Context, a app.Actor, hotelID, from, to, planID string) (RateCalendar, error) {
	if err := a.Require(app.Perm("rates", "view")); err != nil {
		return RateCalendar{}, err
	}
	var cal RateCalendar
	err := s.DB.View(func(tx *store.Tx) error {
		h, err := s.HotelInScope(tx, a, hotelID)
		if err != nil {
			return err
		}
		if from == "" {
			from = s.BusinessDate(h)
		}
		if to == "" {
			if f, err := time.Parse(time.DateOnly, from); err == nil {
				to = f.AddDate(0, 0, DefaultCalendarDays).Format(time.DateOnly)
			}
		}
		dates, err := app.CalendarRange(from, to, MaxCalendarDays)
		if err != nil {
			return err
		}
		cal = RateCalendar{From: from, To: to, RatePlans: []RatePlanCalendar{}, Inventory: []InventoryCalendar{}}
		var plans []RatePlan
		var typeIDs []string
		if planID != "" {
			p, err := ratePlanInScope(tx, a, planID)
			if err != nil || p.HotelID != hotelID {
				return app.E(app.ENOTFOUND, "property.hotel_has_no_rate_plan", "the hotel has no rate plan \"{id}\"", "id", planID)
			}
			plans, typeIDs = []RatePlan{p}, []string{p.RoomTypeID}
		} else {
			if plans, err = hotelRatePlans(tx, hotelID, ""); err != nil {
				return err
			}
			types, err := roomTypesOf(tx, hotelID)
			if err != nil {
				return err
			}
			for _, t := range types {
				typeIDs = append(typeIDs, t.ID)
			}
		}
		for _, p := range plans {
			days, err := LoadRateDays(tx, p.ID, from, to)
			if err != nil {
				return err
			}
			pc := RatePlanCalendar{RatePlanID: p.ID, Days: make([]CalendarDay, 0, len(dates))}
			for _, date := range dates {
				cd := CalendarDay{Date: date, MinStay: p.MinStay, MaxStay: p.MaxStay}
				var day *RateDay
				if d, ok := days[date]; ok {
					day = &d
					if d.MinStay != nil {
						cd.MinStay = *d.MinStay
					}
					if d.MaxStay != nil {
						cd.MaxStay = *d.MaxStay
					}
					cd.ClosedToArrival, cd.ClosedToDeparture, cd.StopSell = d.ClosedToArrival, d.ClosedToDeparture, d.StopSell
				}
				cd.Price = NightPrice(p, day, date, p.IncludedAdults, 0)
				pc.Days = append(pc.Days, cd)
			}
			cal.RatePlans = append(cal.RatePlans, pc)
		}
		for _, id := range typeIDs {
			caps, err := LoadInventoryCaps(tx, id, from, to)
			if err != nil {
				return err
			}
			ic := InventoryCalendar{RoomTypeID: id, Days: make([]CapDay, 0, len(dates))}
			for _, date := range dates {
				cd := CapDay{Date: date}
				if c, ok := caps[date]; ok {
					cd.Cap = &c
				}
				ic.Days = append(ic.Days, cd)
			}
			cal.Inventory = append(cal.Inventory, ic)
		}
		return nil
	})
	return cal, err
}

// BusinessDate returns the hotel's business date, or its local date today
// for a hotel made before hotels had one.
func (s *Service) BusinessDate(h Hotel) string {
	if h.BusinessDate != "" {
		return h.BusinessDate
	}
	return h.LocalDate(s.Now())
}

// Fields of a rate calendar day that RateCalendarChange.Clear may name.
var rateDayFields = []string{"rate", "min_stay", "max_stay", "closed_to_arrival", "closed_to_departure", "stop_sell"}

// RateCalendarChange sets or clears values of a plan's rate calendar on
// the dates from ≤ date < to that fall on Weekdays (every day when empty).
type RateCalendarChange struct {
	RatePlanID string     `json:"rate_plan_id"`
	From       string     `json:"from"`
	To         string     `json:"to"`
	Weekdays   []int      `json:"weekdays"` // 0 = Sunday … 6 = Saturday
	Set        RateDaySet `json:"set"`
	Clear      []string   `json:"clear"` // names of rateDayFields: back to the plan's
}

// RateDaySet are the values a RateCalendarChange sets; nil fields stay.
type RateDaySet struct {
	Rate              *int64 `json:"rate"`
	MinStay           *int   `json:"min_stay"`
	MaxStay           *int   `json:"max_stay"`
	ClosedToArrival   *bool  `json:"closed_to_arrival"`
	ClosedToDeparture *bool  `json:"closed_to_departure"`
	StopSell          *bool  `json:"stop_sell"`
}

// names returns the names of the fields s sets.
func (s RateDaySet) names() []string {
	var out []string
	for i, set := range []bool{s.Rate != nil, s.MinStay != nil, s.MaxStay != nil, s.ClosedToArrival != nil, s.ClosedToDeparture != nil, s.StopSell != nil} {
		if set {
			out = append(out, rateDayFields[i])
		}
	}
	return out
}

// CalendarChangeResult says what a change of the rate calendar or the
// inventory did: the dates it matched.
type CalendarChangeResult struct {
	From  string   `json:"from"`
	To    string   `json:"to"`
	Dates []string `json:"dates"`
}

// SetRateCalendar applies c to the rate calendar of a plan of hotel
// hotelID in one transaction, audited as one entry. It returns EINVALID
// (changing nothing) for bad input: a range over MaxCalendarDays, a value
// out of bounds, a field both set and cleared, nothing to do, or a day whose
// maximum stay would fall below its minimum.
func (s *Service) SetRateCalendar(ctx context.Context, a app.Actor, hotelID string, c RateCalendarChange) (CalendarChangeResult, error) {
	if err := a.Require(app.Perm("rates", "update")); err != nil {
		return CalendarChangeResult{}, err
	}
	var res CalendarChangeResult
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		if _, err := s.HotelInScope(tx, a, hotelID); err != nil {
			return err
		}
		p, err := ratePlanInScope(tx, a, c.RatePlanID)
		if err != nil || p.HotelID != hotelID {
			return app.E(app.EINVALID, "property.hotel_has_no_rate_plan", "the hotel has no rate plan \"{id}\"", "id", c.RatePlanID)
		}
		dates, err := calendarDates(c.From, c.To, c.Weekdays)
		if err != nil {
			return err
		}
		if err := c.validate(); err != nil {
			return err
		}
		days, err := LoadRateDays(tx, p.ID, c.From, c.To)
		if err != nil {
			return err
		}
		for _, date := range dates {
			d, had := days[date]
			if !had {
				d = RateDay{RatePlanID: p.ID, HotelID: p.HotelID, RoomTypeID: p.RoomTypeID, Date: date}
			}
			c.apply(&d)
			minStay, maxStay := p.MinStay, p.MaxStay
			if d.MinStay != nil {
				minStay = *d.MinStay
			}
			if d.MaxStay != nil {
				maxStay = *d.MaxStay
			}
			if minStay > 0 && maxStay > 0 && maxStay < minStay {
				return app.E(app.EINVALID, "property.day_max_stay_below_min_stay", "on {date} the maximum stay ({max}) would be shorter than the minimum stay ({min})",
					"date", date, "max", maxStay, "min", minStay)
			}
			id := RateDayID(p.ID, date)
			switch {
			case d.empty() && had:
				err = RateDays.Delete(tx, id)
			case d.empty():
			default:
				err = RateDays.Put(tx, id, d)
			}
			if err != nil {
				return err
			}
		}
		res = CalendarChangeResult{From: c.From, To: c.To, Dates: dates}
		weekdays := c.Weekdays
		if weekdays == nil {
			weekdays = []int{}
		}
		return s.Audit.Record(tx, a, "rate_calendar.update", "rate_plan", p.ID, nil, map[string]any{
			"from": c.From, "to": c.To, "weekdays": weekdays, "set": c.Set, "clear": c.Clear, "dates": len(dates)})
	})
	return res, err
}

// validate checks the values of c.
func (c *RateCalendarChange) validate() error {
	for _, name := range c.Clear {
		if !slices.Contains(rateDayFields, name) {
			return app.E(app.EINVALID, "property.clear_field_unknown", "clear names \"{name}\"; it may name {fields}", "name", name, "fields", strings.Join(rateDayFields, ", "))
		}
	}
	set := c.Set.names()
	for _, name := range set {
		if slices.Contains(c.Clear, name) {
			return app.E(app.EINVALID, "property.set_and_cleared", "{name} is both set and cleared", "name", name)
		}
	}
	if len(set) == 0 && len(c.Clear) == 0 {
		return app.E(app.EINVALID, "property.calendar_change_empty", "the change sets and clears nothing")
	}
	if c.Set.Rate != nil {
		if err := checkMoney(app.MakeWord("property.field_rate", "rate"), *c.Set.Rate); err != nil {
			return err
		}
	}
	minStay, maxStay := 0, 0
	if c.Set.MinStay != nil {
		minStay = *c.Set.MinStay
	}
	if c.Set.MaxStay != nil {
		maxStay = *c.Set.MaxStay
	}
	return checkStayLimits(minStay, maxStay)
}

// apply sets and clears the values of c on d.
func (c *RateCalendarChange) apply(d *RateDay) {
	for _, name := range c.Clear {
		switch name {
		case "rate":
			d.Rate = nil
		case "min_stay":
			d.MinStay = nil
		case "max_stay":
			d.MaxStay = nil
		case "closed_to_arrival":
			d.ClosedToArrival = false
		case "closed_to_departure":
			d.ClosedToDeparture = false
		case "stop_sell":
			d.StopSell = false
		}
	}
	if v := c.Set.Rate; v != nil {
		d.Rate = new(*v)
	}
	if v := c.Set.MinStay; v != nil {
		d.MinStay = new(*v)
	}
	if v := c.Set.MaxStay; v != nil {
		d.MaxStay = new(*v)
	}
	app.SetIf(&d.ClosedToArrival, c.Set.ClosedToArrival)
	app.SetIf(&d.ClosedToDeparture, c.Set.ClosedToDeparture)
	app.SetIf(&d.StopSell, c.Set.StopSell)
}

// empty reports whether d changes nothing of its plan.
func (d RateDay) empty() bool {
	return d.Rate == nil && d.MinStay == nil && d.MaxStay == nil && !d.ClosedToArrival && !d.ClosedToDeparture && !d.StopSell
}

// calendarDates returns the dates from ≤ date < to that fall on weekdays
// (every date when weekdays is empty), for a range of at most
// MaxCalendarDays.
func calendarDates(from, to string, weekdays []int) ([]string, error) {
	all, err := app.CalendarRange(from, to, MaxCalendarDays)
	if err != nil {
		return nil, err
	}
	days, err := normalizeWeekdays(app.MakeWord("property.field_weekdays", "weekdays"), weekdays)
	if err != nil {
		return nil, err
	}
	if len(days) == 0 {
		return all, nil
	}
	out := []string{}
	for _, d := range all {
		if isWeekday(d, days) {
			out = append(out, d)
		}
	}
	if len(out) == 0 {
		return nil, app.E(app.EINVALID, "property.no_date_on_weekdays", "no date from {from} to {to} falls on the weekdays {weekdays}", "from", from, "to", to, "weekdays", days)
	}
	return out, nil
}

// InventoryChange caps how many rooms of a type are sold on the dates
// from ≤ date < to; a nil Cap lifts the cap.
type InventoryChange struct {
	RoomTypeID string `json:"room_type_id"`
	From       string `json:"from"`
	To         string `json:"to"`
	Cap        *int   `json:"cap"`
}

// SetInventory applies c to the inventory of a room type of hotel hotelID
// in one transaction, audited as one entry. It returns EINVALID (changing
// nothing) for a room type of another hotel, a range over MaxCalendarDays
// or a cap outside 0–MaxInventoryCap.
func (s *Service) SetInventory(ctx context.Context, a app.Actor, hotelID string, c InventoryChange) (CalendarChangeResult, error) {
	if err := a.Require(app.Perm("rates", "update")); err != nil {
		return CalendarChangeResult{}, err
	}
	var res CalendarChangeResult
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		if _, err := s.HotelInScope(tx, a, hotelID); err != nil {
			return err
		}
		rt, err := RoomTypes.Get(tx, c.RoomTypeID)
		if err != nil || rt.HotelID != hotelID {
			return noRoomType(c.RoomTypeID)
		}
		dates, err := app.CalendarRange(c.From, c.To, MaxCalendarDays)
		if err != nil {
			return err
		}
		if c.Cap != nil && (*c.Cap < 0 || *c.Cap > MaxInventoryCap) {
			return app.E(app.EINVALID, "property.inventory_cap_invalid", "the cap must be 0 to {max} rooms, or null to lift it, not {cap}", "max", MaxInventoryCap, "cap", *c.Cap)
		}
		for _, date := range dates {
			id := inventoryDayID(rt.ID, date)
			if c.Cap == nil {
				if err := inventoryDays.Delete(tx, id); err != nil && app.ErrorCode(err) != app.ENOTFOUND {
					return err
				}
				continue
			}
			d := InventoryDay{HotelID: hotelID, RoomTypeID: rt.ID, Date: date, Cap: new(*c.Cap)}
			if err := inventoryDays.Put(tx, id, d); err != nil {
				return err
			}
		}
		res = CalendarChangeResult{From: c.From, To: c.To, Dates: dates}
		return s.Audit.Record(tx, a, "inventory.update", "room_type", rt.ID, nil, map[string]any{
			"from": c.From, "to": c.To, "cap": c.Cap, "dates": len(dates)})
	})
	return res, err
}

// KindRatePlan is the kind of RatePlan documents, and IndexRatePlan… name its indexes.
const (
	KindRatePlan           = "rate_plan"
	IndexRatePlanHotelType = "hotel_type"
)

// KindRateDay is the kind of RateDay documents, and IndexRateDay… name its indexes.
const (
	KindRateDay           = "rate_day"
	IndexRateDayPlanDate  = "plan_date"
	IndexRateDayHotelDate = "hotel_date"
)

// KindInventoryDay is the kind of InventoryDay documents, and IndexInventoryDay… name its indexes.
const (
	KindInventoryDay           = "inventory_day"
	IndexInventoryDayTypeDate  = "type_date"
	IndexInventoryDayHotelDate = "hotel_date"
)
