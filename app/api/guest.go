package api

import (
	"innkeep/app/booking"
	"innkeep/app/guest"
	"net/http"
)

// Response bodies of the guest routes (named for the OpenAPI document).
type (
	guestListBody struct {
		Guests []guest.GuestView `json:"guests"`
	}
	guestStaysBody struct {
		Stays []booking.Reservation `json:"stays"`
	}
)

// guestRoutes are the guest routes (docs/booking.md).
func (h *Handler) guestRoutes() []Route {
	id := func(r *http.Request) string { return r.PathValue("id") }
	return []Route{
		{Method: "GET", Path: "/api/v1/guests", ID: "listGuests", Summary: "Search guests by name, phone or email (q); without q, the newest guests.",
			Permission: "guests.view",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, q guestsQuery) (guestListBody, error) {
				list, err := h.svc.Guests.SearchGuests(r.Context(), actor(r), q.Q, 0)
				return guestListBody{Guests: list}, err
			})},
		{Method: "POST", Path: "/api/v1/guests", ID: "createGuest", Summary: "Create a guest profile.",
			Permission: "guests.create",
			Endpoint: JSON(http.StatusCreated, func(r *http.Request, in guest.GuestInput, _ None) (guest.GuestView, error) {
				return h.svc.Guests.CreateGuest(r.Context(), actor(r), in)
			})},
		{Method: "GET", Path: "/api/v1/guests/{id}", ID: "getGuest", Summary: "One guest; a merged duplicate names the profile it was merged into.",
			Permission: "guests.view",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, _ None) (guest.GuestView, error) {
				return h.svc.Guests.GetGuest(r.Context(), actor(r), id(r))
			})},
		{Method: "PATCH", Path: "/api/v1/guests/{id}", ID: "updateGuest", Summary: "Change a guest's details.",
			Permission: "guests.update",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, p guest.GuestPatch, _ None) (guest.GuestView, error) {
				return h.svc.Guests.UpdateGuest(r.Context(), actor(r), id(r), p)
			})},
		{Method: "GET", Path: "/api/v1/guests/{id}/stays", ID: "listGuestStays", Summary: "A guest's reservations in the caller's hotels, newest first.",
			Permission: "guests.view",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, _ None) (guestStaysBody, error) {
				stays, err := h.svc.Booking.GuestStays(r.Context(), actor(r), id(r))
				return guestStaysBody{Stays: stays}, err
			})},
		{Method: "POST", Path: "/api/v1/guests/{id}/merge", ID: "mergeGuest", Summary: "Merge a duplicate profile into this guest, moving its reservations.",
			Permission: "guests.update",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, in guest.GuestMergeInput, _ None) (guest.GuestView, error) {
				return h.svc.Guests.MergeGuests(r.Context(), actor(r), id(r), in.DuplicateID)
			})},
	}
}

// guestsQuery is the query of the guest search.
type guestsQuery struct {
	Q string `query:"q" doc:"Words of the name, digits of the phone, or the email."`
}
