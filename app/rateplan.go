package app

import (
	"time"

	"innkeep/store"
)

// RatePlan prices one room type: a base nightly rate, weekend and seasonal
// rates, occupancy charges and stay restrictions. Per-date changes live in
// the rate calendar (RateDay).
type RatePlan struct {
	ID             string    `json:"id"`
	HotelID        string    `json:"hotel_id"`
	RoomTypeID     string    `json:"room_type_id"`
	Code           string    `json:"code"`
	Name           string    `json:"name"`
	BaseRate       int64     `json:"base_rate"`    // minor units per night
	WeekendRate    int64     `json:"weekend_rate"` // 0: same as BaseRate
	WeekendDays    []int     `json:"weekend_days"` // 0 = Sunday … 6 = Saturday; nights priced as weekend
	IncludedAdults int       `json:"included_adults"`
	ExtraAdult     int64     `json:"extra_adult"` // per adult above IncludedAdults, per night
	ExtraChild     int64     `json:"extra_child"` // per child, per night
	MinStay        int       `json:"min_stay"`    // 0: none
	MaxStay        int       `json:"max_stay"`    // 0: none
	Seasons        []Season  `json:"seasons"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
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
	ratePlans     = store.NewCollection[RatePlan]("rate_plan")
	rateDays      = store.NewCollection[RateDay]("rate_day")
	inventoryDays = store.NewCollection[InventoryDay]("inventory_day")
)

func ratePlanKind() store.Kind {
	return store.Kind{Name: "rate_plan", Indexes: []store.Index{
		{Name: "hotel_type", Keys: func(d store.Doc) []string {
			return []string{stringField(d, "hotel_id") + "\x1f" + stringField(d, "room_type_id")}
		}},
	}}
}

func rateDayKind() store.Kind {
	return store.Kind{Name: "rate_day", Indexes: []store.Index{
		// plan id 0x1f date: a plan's calendar over a range of dates.
		{Name: "plan_date", Keys: func(d store.Doc) []string {
			return []string{stringField(d, "rate_plan_id") + "\x1f" + stringField(d, "date")}
		}},
	}}
}

func inventoryDayKind() store.Kind {
	return store.Kind{Name: "inventory_day", Indexes: []store.Index{
		{Name: "type_date", Keys: func(d store.Doc) []string {
			return []string{stringField(d, "room_type_id") + "\x1f" + stringField(d, "date")}
		}},
	}}
}

// rateDayID and inventoryDayID name the calendar documents.
func rateDayID(planID, date string) string      { return planID + "/" + date }
func inventoryDayID(typeID, date string) string { return typeID + "/" + date }
