package app

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"innkeep/store"
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
	Fee       string `json:"fee"` // first_night or percent
	Percent   int    `json:"percent"`
}

// HotelInput is what a caller gives to create a hotel.
type HotelInput struct {
	Name     string `json:"name"`
	TimeZone string `json:"time_zone"`
	Currency string `json:"currency"`
}

// HotelPatch changes some fields of a hotel; nil fields stay.
type HotelPatch struct {
	Name     *string `json:"name"`
	TimeZone *string `json:"time_zone"`
	Currency *string `json:"currency"`
}

var hotels = store.NewCollection[Hotel]("hotel")

func hotelKind() store.Kind {
	return store.Kind{Name: "hotel", Indexes: []store.Index{
		{Name: "name", Keys: func(d store.Doc) []string { return []string{foldKey(stringField(d, "name"))} }},
	}}
}

// Validate returns EINVALID naming the first field that is wrong.
func (h *Hotel) Validate() error {
	h.Name = strings.TrimSpace(h.Name)
	if h.Name == "" || utf8.RuneCountInString(h.Name) > 200 {
		return Errorf(EINVALID, "the hotel name must be 1 to 200 characters")
	}
	if h.TimeZone == "" || h.TimeZone == "Local" {
		return Errorf(EINVALID, "the hotel needs a time zone, such as Asia/Shanghai")
	}
	if _, err := time.LoadLocation(h.TimeZone); err != nil {
		return Errorf(EINVALID, "%q is not a known time zone; use an IANA name such as Europe/Paris", h.TimeZone)
	}
	h.Currency = strings.ToUpper(strings.TrimSpace(h.Currency))
	if !IsCurrency(h.Currency) {
		return Errorf(EINVALID, "%q is not an ISO 4217 currency code, such as CNY or EUR", h.Currency)
	}
	return nil
}

// CreateHotel creates a hotel. It needs hotels.create and a scope of all
// hotels (a user limited to some hotels could not see the new one).
func (s *Service) CreateHotel(ctx context.Context, a Actor, in HotelInput) (Hotel, error) {
	if err := a.Require(Perm("hotels", "create")); err != nil {
		return Hotel{}, err
	}
	if !a.Hotels.All {
		return Hotel{}, Errorf(EFORBIDDEN, "only users who see every hotel may add hotels")
	}
	var h Hotel
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		var err error
		h, err = s.createHotel(tx, a, in)
		return err
	})
	return h, err
}

func (s *Service) createHotel(tx *store.Tx, a Actor, in HotelInput) (Hotel, error) {
	now := s.now()
	h := Hotel{ID: NewID(now), Name: in.Name, TimeZone: in.TimeZone, Currency: in.Currency, CreatedAt: now, UpdatedAt: now}
	if err := h.Validate(); err != nil {
		return Hotel{}, err
	}
	if err := hotels.Create(tx, h.ID, h); err != nil {
		return Hotel{}, err
	}
	return h, s.audit(tx, a, "hotel.create", "hotel", h.ID, nil, h)
}

// ListHotels returns the hotels in the actor's scope, by name.
func (s *Service) ListHotels(ctx context.Context, a Actor) ([]Hotel, error) {
	if err := a.Require(Perm("hotels", "view")); err != nil {
		return nil, err
	}
	out := []Hotel{}
	err := s.DB.View(func(tx *store.Tx) error {
		return hotels.Scan(tx, "name", "", "", func(_, id string, h Hotel) error {
			if a.Hotels.Includes(id) {
				out = append(out, h)
			}
			return nil
		})
	})
	return out, err
}

// GetHotel returns hotel id. Hotels outside the actor's scope answer
// ENOTFOUND, as if they did not exist.
func (s *Service) GetHotel(ctx context.Context, a Actor, id string) (Hotel, error) {
	if err := a.Require(Perm("hotels", "view")); err != nil {
		return Hotel{}, err
	}
	var h Hotel
	err := s.DB.View(func(tx *store.Tx) error {
		var err error
		h, err = s.hotelInScope(tx, a, id)
		return err
	})
	return h, err
}

func (s *Service) hotelInScope(tx *store.Tx, a Actor, id string) (Hotel, error) {
	if !a.Hotels.Includes(id) {
		return Hotel{}, Errorf(ENOTFOUND, "hotel %q not found", id)
	}
	h, err := hotels.Get(tx, id)
	if ErrorCode(err) == ENOTFOUND {
		return Hotel{}, Errorf(ENOTFOUND, "hotel %q not found", id)
	}
	return h, err
}

// UpdateHotel changes the fields of hotel id that p sets.
func (s *Service) UpdateHotel(ctx context.Context, a Actor, id string, p HotelPatch) (Hotel, error) {
	if err := a.Require(Perm("hotels", "update")); err != nil {
		return Hotel{}, err
	}
	var h Hotel
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		before, err := s.hotelInScope(tx, a, id)
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
		if err := h.Validate(); err != nil {
			return err
		}
		h.UpdatedAt = s.now()
		if err := hotels.Put(tx, id, h); err != nil {
			return err
		}
		return s.audit(tx, a, "hotel.update", "hotel", id, before, h)
	})
	return h, err
}
