package property

import (
	"context"
	"innkeep/app"
	"innkeep/store"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Hotel is one property. Every hotel-bound record names its hotel, and a
// user's data scope is a set of hotels.
type Hotel struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	TimeZone string `json:"time_zone"` // IANA name, e.g. Asia/Shanghai
	Currency string `json:"currency"`  // ISO 4217 code, e.g. CNY

	Address      string             `json:"address"`
	StarRating   int                `json:"star_rating"` // 0 (unrated) to 5
	Phone        string             `json:"phone"`
	Email        string             `json:"email"`
	CheckInTime  string             `json:"check_in_time"`  // HH:MM, hotel time
	CheckOutTime string             `json:"check_out_time"` // HH:MM, hotel time
	Tax          Tax                `json:"tax"`
	Cancellation CancellationPolicy `json:"cancellation"` // the default policy
	// BookingHorizonDays is how far ahead the hotel takes bookings: a
	// stay may arrive at most this many days after the business date
	// (1 to MaxBookingHorizonDays). 0, in hotels stored before the
	// setting, means DefaultBookingHorizonDays.
	BookingHorizonDays int `json:"booking_horizon_days"`
	// BusinessDate is the date the front desk works on (YYYY-MM-DD). It
	// starts at the hotel's local date and moves only by the night audit.
	BusinessDate string `json:"business_date"`

	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Tax is a hotel's room tax.
type Tax struct {
	RateBP   int  `json:"rate_bp"`  // basis points: 600 = 6%
	Included bool `json:"included"` // prices include it, or it is added on top
}

// CancellationPolicy says what cancelling costs: nothing until FreeHours
// before the arrival time, then the first night's price (Fee
// "first_night") or Percent of the total (Fee "percent").
type CancellationPolicy struct {
	FreeHours int    `json:"free_hours"`
	Fee       string `json:"fee" enum:"first_night,percent"` // first_night or percent
	Percent   int    `json:"percent"`
}

// HotelInput is what a caller gives to create a hotel. Fields left out
// take their defaults: check-in 14:00, check-out 12:00, no tax, and free
// cancellation until 24 hours before arrival, then the first night.
type HotelInput struct {
	Name         string              `json:"name"`
	TimeZone     string              `json:"time_zone"`
	Currency     string              `json:"currency"`
	Address      string              `json:"address,omitempty"`
	StarRating   int                 `json:"star_rating,omitempty"`
	Phone        string              `json:"phone,omitempty"`
	Email        string              `json:"email,omitempty"`
	CheckInTime  string              `json:"check_in_time,omitempty"`
	CheckOutTime string              `json:"check_out_time,omitempty"`
	Tax          *Tax                `json:"tax,omitempty"`
	Cancellation *CancellationPolicy `json:"cancellation,omitempty"`
	// BookingHorizonDays: see Hotel; 0 or left out takes the default.
	BookingHorizonDays int `json:"booking_horizon_days,omitempty"`
}

// HotelPatch changes some fields of a hotel; nil fields stay. The business
// date is not among them: only the night audit moves it.
type HotelPatch struct {
	Name               *string             `json:"name"`
	TimeZone           *string             `json:"time_zone"`
	Currency           *string             `json:"currency"`
	Address            *string             `json:"address"`
	StarRating         *int                `json:"star_rating"`
	Phone              *string             `json:"phone"`
	Email              *string             `json:"email"`
	CheckInTime        *string             `json:"check_in_time"`
	CheckOutTime       *string             `json:"check_out_time"`
	Tax                *Tax                `json:"tax"`
	Cancellation       *CancellationPolicy `json:"cancellation"`
	BookingHorizonDays *int                `json:"booking_horizon_days"`
}

// HotelFilter narrows ListHotels. Zero fields do not filter.
type HotelFilter struct {
	// Q holds words that must each appear in the name or the address,
	// ignoring case.
	Q string
	// Stars, when set, keeps the hotels of these star ratings (0–5).
	Stars []int
}

// Defaults of a new hotel.
const (
	DefaultCheckInTime  = "14:00"
	DefaultCheckOutTime = "12:00"
	// DefaultBookingHorizonDays is how far ahead a hotel takes bookings
	// unless it says otherwise: three years.
	DefaultBookingHorizonDays = 1096
	// MaxBookingHorizonDays is the farthest a hotel may take bookings:
	// ten years.
	MaxBookingHorizonDays = 3653
)

// Cancellation fees.
const (
	FeeFirstNight = "first_night"
	FeePercent    = "percent"
)

// DefaultCancellation is the policy of a hotel that states none: free
// until 24 hours before arrival, then the first night.
var DefaultCancellation = CancellationPolicy{FreeHours: 24, Fee: FeeFirstNight}

var Hotels = store.NewCollection[Hotel](KindHotel)

func hotelKind() store.Kind {
	// The business date only moves forward: two desks' night audits, or a
	// desk whose clock runs ahead, cannot set it back in a merge.
	return store.Kind{Name: KindHotel, Forward: []string{"business_date"}, Indexes: []store.Index{
		{Name: IndexHotelName, Keys: func(d store.Doc) []string { return []string{app.FoldKey(app.StringField(d, "name"))} }},
	}}
}

var clockPattern = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

// Validate normalizes h, fills in the defaults of empty check-in and
// check-out times and of an unset cancellation policy, and returns EINVALID
// naming the first field that is wrong.
func (h *Hotel) Validate() error {
	h.Name = strings.TrimSpace(h.Name)
	if h.Name == "" || utf8.RuneCountInString(h.Name) > 200 {
		return app.E(app.EINVALID, "property.hotel_name_length", "the hotel name must be 1 to 200 characters")
	}
	if err := app.CheckName(app.MakeWord("property.field_hotel_name", "hotel name"), h.Name); err != nil {
		return err
	}
	if h.TimeZone == "" || h.TimeZone == "Local" {
		return app.E(app.EINVALID, "property.time_zone_required", "the hotel needs a time zone, such as Asia/Shanghai")
	}
	if _, err := time.LoadLocation(h.TimeZone); err != nil {
		return app.E(app.EINVALID, "property.time_zone_unknown", "\"{zone}\" is not a known time zone; use an IANA name such as Europe/Paris", "zone", h.TimeZone)
	}
	h.Currency = strings.ToUpper(strings.TrimSpace(h.Currency))
	if !app.IsCurrency(h.Currency) {
		return app.E(app.EINVALID, "property.currency_invalid", "\"{currency}\" is not an ISO 4217 currency code, such as CNY or EUR", "currency", h.Currency)
	}
	h.Address = strings.TrimSpace(h.Address)
	if utf8.RuneCountInString(h.Address) > 500 {
		return app.E(app.EINVALID, "property.address_too_long", "the address must be at most 500 characters")
	}
	if h.StarRating < 0 || h.StarRating > 5 {
		return app.E(app.EINVALID, "property.star_rating_invalid", "the star rating must be 0 (unrated) to 5, not {stars}", "stars", h.StarRating)
	}
	h.Phone = strings.TrimSpace(h.Phone)
	if len(h.Phone) > 32 || strings.Trim(h.Phone, "0123456789+-() ") != "" {
		return app.E(app.EINVALID, "property.phone_invalid", "a phone number may hold only digits, spaces, '+', '-' and brackets (at most 32)")
	}
	h.Email = strings.TrimSpace(h.Email)
	if h.Email != "" {
		addr, err := mail.ParseAddress(h.Email)
		if err != nil || addr.Address != h.Email || len(h.Email) > 254 {
			return app.E(app.EINVALID, "property.email_invalid", "\"{email}\" is not an email address", "email", h.Email)
		}
	}
	h.CheckInTime = strings.TrimSpace(h.CheckInTime)
	if h.CheckInTime == "" {
		h.CheckInTime = DefaultCheckInTime
	}
	if !clockPattern.MatchString(h.CheckInTime) {
		return app.E(app.EINVALID, "property.check_in_time_invalid", "the check-in time must be HH:MM on a 24-hour clock, such as 14:00, not \"{time}\"", "time", h.CheckInTime)
	}
	h.CheckOutTime = strings.TrimSpace(h.CheckOutTime)
	if h.CheckOutTime == "" {
		h.CheckOutTime = DefaultCheckOutTime
	}
	if !clockPattern.MatchString(h.CheckOutTime) {
		return app.E(app.EINVALID, "property.check_out_time_invalid", "the check-out time must be HH:MM on a 24-hour clock, such as 12:00, not \"{time}\"", "time", h.CheckOutTime)
	}
	if h.BookingHorizonDays == 0 {
		h.BookingHorizonDays = DefaultBookingHorizonDays
	}
	if h.BookingHorizonDays < 1 || h.BookingHorizonDays > MaxBookingHorizonDays {
		return errBookingHorizon(h.BookingHorizonDays)
	}
	if h.Tax.RateBP < 0 || h.Tax.RateBP > 10000 {
		return app.E(app.EINVALID, "property.tax_rate_invalid", "the tax rate must be 0 to 10000 basis points (0% to 100%), not {rate}", "rate", h.Tax.RateBP)
	}
	return h.Cancellation.validate()
}

// validate fills in the default of an unset policy (all fields zero) and
// returns EINVALID naming what is wrong.
func (p *CancellationPolicy) validate() error {
	if *p == (CancellationPolicy{}) {
		*p = DefaultCancellation
	}
	if p.FreeHours < 0 || p.FreeHours > 720 {
		return app.E(app.EINVALID, "property.free_cancellation_hours_invalid", "free cancellation must end 0 to 720 hours before arrival, not {hours}", "hours", p.FreeHours)
	}
	switch p.Fee {
	case FeeFirstNight:
		if p.Percent != 0 {
			return app.E(app.EINVALID, "property.first_night_fee_takes_no_percent", "a cancellation fee of the first night takes no percent")
		}
	case FeePercent:
		if p.Percent < 0 || p.Percent > 100 {
			return app.E(app.EINVALID, "property.cancellation_percent_invalid", "the cancellation fee must be 0 to 100 percent of the total, not {percent}", "percent", p.Percent)
		}
	default:
		return app.E(app.EINVALID, "property.cancellation_fee_invalid", "the cancellation fee must be \"{first_night}\" or \"{percent}\", not \"{fee}\"",
			"first_night", FeeFirstNight, "percent", FeePercent, "fee", p.Fee)
	}
	return nil
}

// LocalDate returns the calendar date (YYYY-MM-DD) in the hotel's time zone
// at instant t.
func (h Hotel) LocalDate(t time.Time) string {
	loc, err := time.LoadLocation(h.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	return t.In(loc).Format(time.DateOnly)
}

// CreateHotel creates a hotel. It needs hotels.create and a scope of all
// hotels (a user limited to some hotels could not see the new one).
func (s *Service) CreateHotel(ctx context.Context, a app.Actor, in HotelInput) (Hotel, error) {
	if err := a.Require(app.Perm("hotels", "create")); err != nil {
		return Hotel{}, err
	}
	if !a.Hotels.All {
		return Hotel{}, app.E(app.EFORBIDDEN, "property.hotel_create_needs_every_hotel", "only users who see every hotel may add hotels")
	}
	var h Hotel
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		var err error
		h, err = s.CreateHotelIn(tx, a, in)
		return err
	})
	return h, err
}

func (s *Service) CreateHotelIn(tx *store.Tx, a app.Actor, in HotelInput) (Hotel, error) {
	now := s.Now()
	h := Hotel{ID: app.NewID(now), Name: in.Name, TimeZone: in.TimeZone, Currency: in.Currency,
		Address: in.Address, StarRating: in.StarRating, Phone: in.Phone, Email: in.Email,
		CheckInTime: in.CheckInTime, CheckOutTime: in.CheckOutTime, BookingHorizonDays: in.BookingHorizonDays, CreatedAt: now, UpdatedAt: now}
	if in.Tax != nil {
		h.Tax = *in.Tax
	}
	if in.Cancellation != nil {
		h.Cancellation = *in.Cancellation
	}
	if err := h.Validate(); err != nil {
		return Hotel{}, err
	}
	h.BusinessDate = h.LocalDate(now)
	if err := Hotels.Create(tx, h.ID, h); err != nil {
		return Hotel{}, err
	}
	return h, s.Audit.Record(tx, a, "hotel.create", "hotel", h.ID, nil, h)
}

// ListHotels returns the hotels in the actor's scope, by name.
func (s *Service) ListHotels(ctx context.Context, a app.Actor) ([]Hotel, error) {
	return s.FindHotels(ctx, a, HotelFilter{})
}

// FindHotels returns the hotels in the actor's scope that f keeps, by name.
// It returns EINVALID for a star rating outside 0–5.
func (s *Service) FindHotels(ctx context.Context, a app.Actor, f HotelFilter) ([]Hotel, error) {
	if err := a.Require(app.Perm("hotels", "view")); err != nil {
		return nil, err
	}
	for _, n := range f.Stars {
		if n < 0 || n > 5 {
			return nil, app.E(app.EINVALID, "property.star_filter_invalid", "star ratings are 0 to 5, not {stars}", "stars", n)
		}
	}
	words := strings.Fields(app.FoldKey(f.Q))
	out := []Hotel{}
	err := s.DB.View(func(tx *store.Tx) error {
		return Hotels.Scan(tx, IndexHotelName, "", "", func(_, id string, h Hotel) error {
			if !a.Hotels.Includes(id) {
				return nil
			}
			if len(f.Stars) > 0 && !slices.Contains(f.Stars, h.StarRating) {
				return nil
			}
			text := app.FoldKey(h.Name + " " + h.Address)
			for _, w := range words {
				if !strings.Contains(text, w) {
					return nil
				}
			}
			out = append(out, h)
			return nil
		})
	})
	return out, err
}

// GetHotel returns hotel id. Hotels outside the actor's scope answer
// ENOTFOUND, as if they did not exist.
func (s *Service) GetHotel(ctx context.Context, a app.Actor, id string) (Hotel, error) {
	if err := a.Require(app.Perm("hotels", "view")); err != nil {
		return Hotel{}, err
	}
	var h Hotel
	err := s.DB.View(func(tx *store.Tx) error {
		var err error
		h, err = s.HotelInScope(tx, a, id)
		return err
	})
	return h, err
}

func (s *Service) HotelInScope(tx *store.Tx, a app.Actor, id string) (Hotel, error) {
	if !a.Hotels.Includes(id) {
		return Hotel{}, app.NotFoundError("hotel", id)
	}
	// A Hotel holds no slices, maps or pointers: the shared value comes
	// back as a copy the caller may change.
	h, err := Hotels.GetShared(tx, id)
	if app.ErrorCode(err) == app.ENOTFOUND {
		return Hotel{}, app.NotFound(err, "hotel", id)
	}
	return h, err
}

// UpdateHotel changes the fields of hotel id that p sets. It returns
// EINVALID (changing nothing) when the result is not a valid hotel.
func (s *Service) UpdateHotel(ctx context.Context, a app.Actor, id string, p HotelPatch) (Hotel, error) {
	if err := a.Require(app.Perm("hotels", "update")); err != nil {
		return Hotel{}, err
	}
	var h Hotel
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		before, err := s.HotelInScope(tx, a, id)
		if err != nil {
			return err
		}
		h = before
		if p.Name != nil {
			h.Name = *p.Name
		}
		if p.TimeZone != nil {
			h.TimeZone = *p.TimeZone
		}
		if p.Currency != nil {
			h.Currency = *p.Currency
		}
		if p.Address != nil {
			h.Address = *p.Address
		}
		if p.StarRating != nil {
			h.StarRating = *p.StarRating
		}
		if p.Phone != nil {
			h.Phone = *p.Phone
		}
		if p.Email != nil {
			h.Email = *p.Email
		}
		if p.CheckInTime != nil {
			h.CheckInTime = *p.CheckInTime
		}
		if p.CheckOutTime != nil {
			h.CheckOutTime = *p.CheckOutTime
		}
		if p.Tax != nil {
			h.Tax = *p.Tax
		}
		if p.Cancellation != nil {
			h.Cancellation = *p.Cancellation
		}
		if p.BookingHorizonDays != nil {
			if *p.BookingHorizonDays == 0 { // 0 means "the default" only in hotels stored before the setting
				return errBookingHorizon(0)
			}
			h.BookingHorizonDays = *p.BookingHorizonDays
		}
		if err := h.Validate(); err != nil {
			return err
		}
		if h.BusinessDate == "" { // a hotel made before hotels had one
			h.BusinessDate = h.LocalDate(s.Now())
		}
		h.UpdatedAt = s.Now()
		if err := Hotels.Put(tx, id, h); err != nil {
			return err
		}
		return s.Audit.Record(tx, a, "hotel.update", "hotel", id, before, h)
	})
	return h, err
}

// KindHotel is the kind of Hotel documents, and IndexHotel… name its indexes.
const (
	KindHotel      = "hotel"
	IndexHotelName = "name"
)

// LastArrival returns the last date a stay may arrive at hotel h: its
// business date plus its booking horizon. It returns "" when h has no
// business date.
func (h Hotel) LastArrival() string {
	bd, err := time.Parse(time.DateOnly, h.BusinessDate)
	if err != nil {
		return ""
	}
	return bd.AddDate(0, 0, h.Horizon()).Format(time.DateOnly)
}

// Horizon returns how many days after its business date hotel h takes
// arrivals: BookingHorizonDays, or the default when it is not set.
func (h Hotel) Horizon() int {
	if h.BookingHorizonDays <= 0 {
		return DefaultBookingHorizonDays
	}
	return h.BookingHorizonDays
}

// errBookingHorizon is the EINVALID error of a booking horizon of days.
func errBookingHorizon(days int) error {
	return app.E(app.EINVALID, "property.booking_horizon_invalid", "bookings may be taken 1 to {max} days ahead, not {days}", "max", MaxBookingHorizonDays, "days", days)
}
