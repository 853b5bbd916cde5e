package company

import (
	"innkeep/app"
	"innkeep/store"
)

// Service runs the company and travel agent profiles.
type Service struct {
	app.Env
	bookings Bookings
}

// New returns the company slice over env. Bookings must be set with
// SetBookings before a profile is deleted.
func New(env app.Env) *Service { return &Service{Env: env} }

// SetBookings tells the profiles how to ask the booking slice, which
// imports this one, whether a reservation names a profile.
func (s *Service) SetBookings(b Bookings) { s.bookings = b }

// Bookings is what the profiles ask of the bookings before a profile is
// deleted. app/booking implements it, and app/desk wires it.
type Bookings interface {
	// NamingProfile returns the confirmation code of a reservation, of
	// any status, that names profile id as its company or its travel
	// agent, and whether there is one.
	NamingProfile(tx *store.Tx, id string) (code string, ok bool, err error)
}

// Kinds returns the kinds of documents this slice owns (company and travel
// agent profiles), with their indexes.
func Kinds() []store.Kind { return []store.Kind{profileKind()} }
