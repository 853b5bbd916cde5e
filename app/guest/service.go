package guest

import (
	"innkeep/app"
	"innkeep/store"
)

// Service runs guest profiles: create, update, search and merge, with the
// identity document number sealed by the data key.
type Service struct {
	app.Env
	stays Stays
}

// New returns the guest slice over env. Stays must be set with SetStays
// before guests are merged.
func New(env app.Env) *Service { return &Service{Env: env} }

// SetStays tells the guests how to reach the reservations, whose slice
// imports this one.
func (s *Service) SetStays(st Stays) { s.stays = st }

// Stays is what the guest book asks of the bookings: where a guest stays
// (which decides who may see the guest), and the move of stays when
// profiles are merged. app/booking implements it, and app/desk wires it.
type Stays interface {
	// MoveStays moves every reservation of guest fromID to guest toID
	// inside the caller's write transaction tx, and audits each move.
	MoveStays(tx *store.Tx, a app.Actor, fromID, toID string) error
	// StayHotels returns the ids of the hotels where guest guestID has
	// reservations (of any status), each once.
	StayHotels(tx *store.Tx, guestID string) ([]string, error)
	// HotelInScope returns ENOTFOUND unless hotel hotelID exists and lies
	// in a's scope.
	HotelInScope(tx *store.Tx, a app.Actor, hotelID string) error
}

// Kinds returns the kinds of documents this slice owns (guest profiles), with
// their indexes.
func Kinds() []store.Kind { return []store.Kind{guestKind()} }
