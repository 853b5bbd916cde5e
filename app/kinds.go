package app

import "innkeep/store"

// Kinds returns every kind of document the domain keeps, with its indexes.
// Each slice of the domain declares its own kind next to its type.
func Kinds() []store.Kind {
	return []store.Kind{
		hotelKind(), userKind(), roleKind(), auditKind(),
		roomTypeKind(), withIndexes(roomKind(), roomOutOfOrderIndex()), ratePlanKind(), rateDayKind(), inventoryDayKind(),
		reservationKind(), guestKind(),
	}
}

// Migrations returns the schema migrations, in order. Version 1 is the
// first schema with accounts; it has nothing to move.
func Migrations() []store.Migration {
	return []store.Migration{
		{Version: 1, Name: "accounts", Run: func(tx *store.Tx) error { return nil }},
	}
}

// withIndexes adds indexes that other slices of the domain keep on a kind.
func withIndexes(k store.Kind, more ...store.Index) store.Kind {
	k.Indexes = append(k.Indexes, more...)
	return k
}
