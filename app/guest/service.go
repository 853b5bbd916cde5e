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

// Stays is what a merge of guest profiles asks of the bookings. app/booking
// implements it, and app/desk wires it.
type Stays interface {
	// MoveStays moves every reservation of guest fromID to guest toID
	// inside the caller's write transaction tx, and audits each move.
	MoveStays(tx *store.Tx, a app.Actor, fromID, toID string) error
}

// Kinds returns the kinds of documents this slice owns (guest profiles), with
// their indexes.
func Kinds() []store.Kind { return []store.Kind{guestKind()} }
