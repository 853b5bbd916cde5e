package api

import (
	"net/http"
	"strconv"

	"innkeep/app"
	"innkeep/app/booking"
	"innkeep/app/property"
)

// Response bodies of the booking routes.
type reservationsBody struct {
	Reservations []booking.Reservation `json:"reservations"`
}

// bookingRoutes are availability, reservations and their life cycle, the
// conflicts, the night audit and the tape chart (docs/booking.md).
func (h *Handler) bookingRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/hotels/{id}/availability", ID: "getAvailability", Summary: "Rooms free and prices for a stay, per room type and rate plan.",
			Permission: "reservations.view", Response: booking.Availability{}, Handler: h.availability},
		{Method: "POST", Path: "/api/v1/reservations", ID: "book", Summary: "Book one or several rooms (Idempotency-Key makes retries safe).",
			Permission: "reservations.create", Response: booking.BookingResult{}, Handler: h.book},
		{Method: "GET", Path: "/api/v1/reservations", ID: "listReservations", Summary: "Reservations by hotel, text (code, name, phone), status and dates.",
			Permission: "reservations.view", Response: reservationsBody{}, Handler: h.listReservations},
		{Method: "GET", Path: "/api/v1/reservations/{id}", ID: "getReservation", Summary: "One reservation.",
			Permission: "reservations.view", Response: booking.Reservation{}, Handler: h.getReservation},
		{Method: "PATCH", Path: "/api/v1/reservations/{id}", ID: "modifyReservation", Summary: "Change dates, room type, plan, room or party; returns the price difference.",
			Permission: "reservations.update", Response: booking.Modified{}, Handler: h.modifyReservation},
		{Method: "GET", Path: "/api/v1/reservations/{id}/cancellation-fee", ID: "previewCancellation", Summary: "What cancelling now would cost.",
			Permission: "reservations.view", Response: booking.CancellationQuote{}, Handler: h.cancellationFee},
		{Method: "POST", Path: "/api/v1/reservations/{id}/cancel", ID: "cancelReservation", Summary: "Cancel under the hotel's policy.",
			Permission: "reservations.update", Response: booking.Reservation{}, Handler: h.cancel},
		{Method: "POST", Path: "/api/v1/reservations/{id}/confirm", ID: "confirmReservation", Summary: "Confirm a tentative hold.",
			Permission: "reservations.update", Response: booking.Reservation{}, Handler: h.confirm},
		{Method: "POST", Path: "/api/v1/reservations/{id}/assign", ID: "assignRoom", Summary: "Assign a room, or move the guest to another.",
			Permission: "reservations.update", Response: booking.Reservation{}, Handler: h.assign},
		{Method: "POST", Path: "/api/v1/reservations/{id}/check-in", ID: "checkIn", Summary: "Check the guest in.",
			Permission: "reservations.update", Response: booking.Reservation{}, Handler: h.checkIn},
		{Method: "POST", Path: "/api/v1/reservations/{id}/check-out", ID: "checkOut", Summary: "Check the guest out; the room turns dirty.",
			Permission: "reservations.update", Response: booking.Reservation{}, Handler: h.checkOut},
		{Method: "POST", Path: "/api/v1/reservations/{id}/no-show", ID: "noShow", Summary: "Mark a guest who did not come.",
			Permission: "reservations.update", Response: booking.Reservation{}, Handler: h.noShow},
		{Method: "GET", Path: "/api/v1/hotels/{id}/conflicts", ID: "getConflicts", Summary: "Room-nights held twice and room types sold above their rooms.",
			Permission: "reservations.view", Response: booking.Conflicts{}, Handler: h.conflicts},
		{Method: "POST", Path: "/api/v1/hotels/{id}/night-audit", ID: "nightAudit", Summary: "Close the business date: no-shows, exceptions, the next date.",
			Permission: "reservations.approve", Response: booking.NightAuditResult{}, Handler: h.nightAudit},
		{Method: "POST", Path: "/api/v1/demo", ID: "loadDemo", Summary: "Add the demo hotel: 40 rooms, rates and three months of reservations.",
			Permission: "hotels.create", Response: property.Hotel{}, Handler: h.loadDemo},
		{Method: "GET", Path: "/api/v1/hotels/{id}/tape-chart", ID: "getTapeChart", Summary: "Rooms × dates with reservation blocks.",
			Permission: "reservations.view", Response: booking.TapeChart{}, Handler: h.tapeChart},
	}
}

// intParam reads an optional whole-number query parameter.
func intParam(r *http.Request, name string, def int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, app.Errorf(app.EINVALID, "%s must be a whole number", name)
	}
	return n, nil
}

func (h *Handler) availability(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	adults, err := intParam(r, "adults", 2)
	if err != nil {
		return err
	}
	children, err := intParam(r, "children", 0)
	if err != nil {
		return err
	}
	av, err := h.svc.Booking.Availability(r.Context(), actor(r), r.PathValue("id"), booking.AvailabilityQuery{
		CheckIn: q.Get("check_in"), CheckOut: q.Get("check_out"), Adults: adults, Children: children, RoomType: q.Get("room_type")})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, av)
}

func (h *Handler) book(w http.ResponseWriter, r *http.Request) error {
	var in booking.BookingInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	res, err := h.svc.Booking.Book(r.Context(), actor(r), in, r.Header.Get("Idempotency-Key"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, res)
}

func (h *Handler) listReservations(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	limit, err := intParam(r, "limit", 100)
	if err != nil {
		return err
	}
	list, err := h.svc.Booking.ListReservations(r.Context(), actor(r), booking.ReservationFilter{
		HotelID: q.Get("hotel"), Q: q.Get("q"), Status: q.Get("status"), From: q.Get("from"), To: q.Get("to"), Limit: limit})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, reservationsBody{Reservations: list})
}

func (h *Handler) getReservation(w http.ResponseWriter, r *http.Request) error {
	res, err := h.svc.Booking.GetReservation(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, res)
}

func (h *Handler) modifyReservation(w http.ResponseWriter, r *http.Request) error {
	var p booking.ReservationPatch
	if err := decodeJSON(r, &p); err != nil {
		return err
	}
	m, err := h.svc.Booking.ModifyReservation(r.Context(), actor(r), r.PathValue("id"), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, m)
}

func (h *Handler) cancellationFee(w http.ResponseWriter, r *http.Request) error {
	q, err := h.svc.Booking.CancellationFee(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, q)
}

// optionalJSON decodes a body when there is one.
func optionalJSON(r *http.Request, v any) error {
	if r.ContentLength == 0 {
		return nil
	}
	return decodeJSON(r, v)
}

func (h *Handler) cancel(w http.ResponseWriter, r *http.Request) error {
	var in booking.CancelInput
	if err := optionalJSON(r, &in); err != nil {
		return err
	}
	res, err := h.svc.Booking.CancelReservation(r.Context(), actor(r), r.PathValue("id"), in)
	return reply(w, res, err)
}

func (h *Handler) confirm(w http.ResponseWriter, r *http.Request) error {
	res, err := h.svc.Booking.ConfirmReservation(r.Context(), actor(r), r.PathValue("id"))
	return reply(w, res, err)
}

func (h *Handler) assign(w http.ResponseWriter, r *http.Request) error {
	var in booking.AssignInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	res, err := h.svc.Booking.AssignRoom(r.Context(), actor(r), r.PathValue("id"), in)
	return reply(w, res, err)
}

func (h *Handler) checkIn(w http.ResponseWriter, r *http.Request) error {
	var in booking.CheckInInput
	if err := optionalJSON(r, &in); err != nil {
		return err
	}
	res, err := h.svc.Booking.CheckInReservation(r.Context(), actor(r), r.PathValue("id"), in)
	return reply(w, res, err)
}

func (h *Handler) checkOut(w http.ResponseWriter, r *http.Request) error {
	res, err := h.svc.Booking.CheckOutReservation(r.Context(), actor(r), r.PathValue("id"))
	return reply(w, res, err)
}

func (h *Handler) noShow(w http.ResponseWriter, r *http.Request) error {
	res, err := h.svc.Booking.NoShowReservation(r.Context(), actor(r), r.PathValue("id"))
	return reply(w, res, err)
}

// reply writes v with 200, or returns err.
func reply(w http.ResponseWriter, v any, err error) error {
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (h *Handler) conflicts(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	c, err := h.svc.Booking.ConflictsOf(r.Context(), actor(r), r.PathValue("id"), q.Get("from"), q.Get("to"))
	return reply(w, c, err)
}

func (h *Handler) nightAudit(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		BusinessDate string `json:"business_date"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	res, err := h.svc.Booking.NightAudit(r.Context(), actor(r), r.PathValue("id"), in.BusinessDate)
	return reply(w, res, err)
}

func (h *Handler) tapeChart(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	tc, err := h.svc.Booking.TapeChartOf(r.Context(), actor(r), r.PathValue("id"), q.Get("from"), q.Get("to"))
	return reply(w, tc, err)
}

func (h *Handler) loadDemo(w http.ResponseWriter, r *http.Request) error {
	hotel, err := h.svc.Booking.LoadDemo(r.Context(), actor(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, hotel)
}
