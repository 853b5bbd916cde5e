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
	return []Route{
		{Method: "GET", Path: "/api/v1/guests", ID: "listGuests", Summary: "Search guests by name, phone or email (q); without q, the newest guests.",
			Permission: "guests.view", Response: guestListBody{}, Handler: h.listGuests},
		{Method: "POST", Path: "/api/v1/guests", ID: "createGuest", Summary: "Create a guest profile.",
			Permission: "guests.create", Response: guest.GuestView{}, Handler: h.createGuest},
		{Method: "GET", Path: "/api/v1/guests/{id}", ID: "getGuest", Summary: "One guest; a merged duplicate names the profile it was merged into.",
			Permission: "guests.view", Response: guest.GuestView{}, Handler: h.getGuest},
		{Method: "PATCH", Path: "/api/v1/guests/{id}", ID: "updateGuest", Summary: "Change a guest's details.",
			Permission: "guests.update", Response: guest.GuestView{}, Handler: h.updateGuest},
		{Method: "GET", Path: "/api/v1/guests/{id}/stays", ID: "listGuestStays", Summary: "A guest's reservations in the caller's hotels, newest first.",
			Permission: "guests.view", Response: guestStaysBody{}, Handler: h.listGuestStays},
		{Method: "POST", Path: "/api/v1/guests/{id}/merge", ID: "mergeGuest", Summary: "Merge a duplicate profile into this guest, moving its reservations.",
			Permission: "guests.update", Response: guest.GuestView{}, Handler: h.mergeGuest},
	}
}

func (h *Handler) listGuests(w http.ResponseWriter, r *http.Request) error {
	list, err := h.svc.Guests.SearchGuests(r.Context(), actor(r), r.URL.Query().Get("q"), 0)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, guestListBody{Guests: list})
}

func (h *Handler) createGuest(w http.ResponseWriter, r *http.Request) error {
	var in guest.GuestInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	g, err := h.svc.Guests.CreateGuest(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, g)
}

func (h *Handler) getGuest(w http.ResponseWriter, r *http.Request) error {
	g, err := h.svc.Guests.GetGuest(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, g)
}

func (h *Handler) updateGuest(w http.ResponseWriter, r *http.Request) error {
	var p guest.GuestPatch
	if err := decodeJSON(r, &p); err != nil {
		return err
	}
	g, err := h.svc.Guests.UpdateGuest(r.Context(), actor(r), r.PathValue("id"), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, g)
}

func (h *Handler) listGuestStays(w http.ResponseWriter, r *http.Request) error {
	stays, err := h.svc.Booking.GuestStays(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, guestStaysBody{Stays: stays})
}

func (h *Handler) mergeGuest(w http.ResponseWriter, r *http.Request) error {
	var in guest.GuestMergeInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	g, err := h.svc.Guests.MergeGuests(r.Context(), actor(r), r.PathValue("id"), in.DuplicateID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, g)
}
