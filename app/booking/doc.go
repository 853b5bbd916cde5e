// Package booking is the reservations and their life: availability and
// prices, booking one or several rooms, changes, cancellation under the
// hotel's policy, room assignment and moves, check-in and check-out,
// no-shows, the night audit, the tape chart and the conflicts that desks
// working apart can make, a guest's stays, and the demo hotel.
//
// It is the top slice of the domain: it reads the property and the guests,
// and implements the interfaces by which they ask about reservations
// (property.Bookings, guest.Stays).
package booking
