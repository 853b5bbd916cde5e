// Package guest is the guest book: profiles with their identity document
// number sealed by the data key, search by name, phone and email, and the
// merge of duplicate profiles.
//
// Guests are one guest book per install: a profile is not bound to a
// hotel, and guests.view/create/update govern it. The stays of a guest are
// reservations, and those remain bound to their hotels: a caller sees only
// the stays in the hotels of their scope. A merge moves the duplicate's
// reservations through the Stays interface, which app/booking implements.
package guest
