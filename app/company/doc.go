// Package company keeps the profiles of the companies and travel agents
// that book rooms: name, tax id, address, contact, the rate plan they
// negotiated and, for an agent, the commission it earns. A booking names
// at most one company and one agent (app/booking copies their names onto
// each reservation); the source and channel report reads them there.
//
// Profiles belong to one hotel (Profile.HotelID) and answer only callers
// whose scope holds it; every other profile answers ENOTFOUND, as if it
// did not exist. The permission module "companies" guards them.
//
// A profile that a reservation names cannot be deleted, only archived: it
// sits below the bookings, and asks them through the Bookings interface,
// which app/booking implements and app/desk wires. An archived profile
// stays on the reservations that name it but cannot be chosen anew.
package company
