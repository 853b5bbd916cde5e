// Package guest is the guest book: profiles with their identity document
// number sealed by the data key, search by name, phone and email, and the
// merge of duplicate profiles.
//
// Guests are one guest book per install, and guests.view/create/update
// govern it; but a caller whose scope is a list of hotels sees, and may
// change, only the guests of those hotels: a guest created at one of them
// (Guest.HotelID) or with a reservation at one of them. Every other guest
// answers ENOTFOUND, as if it did not exist, and never shows in searches;
// so the identity document numbers a caller reads are those of their own
// hotels' guests. Callers with every hotel see every guest. The stays of a
// guest are reservations, bound to their hotels: a caller sees only the
// stays in the hotels of their scope. A merge moves the duplicate's
// reservations through the Stays interface, which app/booking implements,
// and is refused when any of them lies outside the caller's scope.
package guest
