package api

import (
	"net/http"

	"innkeep/app/booking"
	"innkeep/app/property"
)

// bookingRoutes are availability, reservations and their life cycle, the
// conflicts, the night audit and the tape chart (docs/booking.md).
func (h *Handler) bookingRoutes() []Route {
	id := func(r *http.Request) string { return r.PathValue("id") }
	b := h.svc.Booking
	return []Route{
		{Method: "GET", Path: "/api/v1/hotels/{id}/availability", ID: "getAvailability", Summary: "Rooms free and prices for a stay, per room type and rate plan.",
			Permission: "reservations.view",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, q availabilityQuery) (booking.Availability, error) {
				return b.Availability(r.Context(), actor(r), id(r), booking.AvailabilityQuery{
					CheckIn: q.CheckIn, CheckOut: q.CheckOut, Adults: q.Adults, Children: q.Children, RoomType: q.RoomType, Block: q.Block})
			})},
		{Method: "POST", Path: "/api/v1/reservations", ID: "book", Summary: "Book one or several rooms (Idempotency-Key makes retries safe).",
			Permission: "reservations.create",
			Endpoint: JSON(http.StatusCreated, func(r *http.Request, in booking.BookingInput, _ None) (booking.BookingResult, error) {
				return b.Book(r.Context(), actor(r), in, r.Header.Get("Idempotency-Key"))
			})},
		{Method: "GET", Path: "/api/v1/reservations", ID: "listReservations", Summary: "Reservations by hotel, text (code, name, phone), status and dates, a page at a time (next: the cursor of the next page).",
			Permission: "reservations.view",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, q reservationsQuery) (booking.ReservationPage, error) {
				return b.PageReservations(r.Context(), actor(r), booking.ReservationFilter{
					HotelID: q.Hotel, Q: q.Q, Status: q.Status, From: q.From, To: q.To, Limit: q.Limit, Cursor: q.Cursor,
					CompanyID: q.Company, AgentID: q.Agent})
			})},
		{Method: "GET", Path: "/api/v1/reservations/{id}", ID: "getReservation", Summary: "One reservation.",
			Permission: "reservations.view",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, _ None) (booking.Reservation, error) {
				return b.GetReservation(r.Context(), actor(r), id(r))
			})},
		{Method: "PATCH", Path: "/api/v1/reservations/{id}", ID: "modifyReservation", Summary: "Change dates, room type, plan, room or party; returns the price difference.",
			Permission: "reservations.update",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, p booking.ReservationPatch, _ None) (booking.Modified, error) {
				return b.ModifyReservation(r.Context(), actor(r), id(r), p)
			})},
		{Method: "POST", Path: "/api/v1/reservations/{id}/modify-quote", ID: "quoteModification", Summary: "What a change would do, per night the price before and after; changes nothing.",
			Permission: "reservations.update",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, p booking.ReservationPatch, _ None) (booking.Modified, error) {
				return b.QuoteModification(r.Context(), actor(r), id(r), p)
			})},
		{Method: "POST", Path: "/api/v1/reservations/{id}/price", ID: "adjustPrice", Summary: "Change the agreed price: night prices, a stay total, complimentary nights, a discount; with a reason.",
			Permission: "pricing.approve",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, in booking.PriceInput, _ None) (booking.Modified, error) {
				return b.AdjustPrice(r.Context(), actor(r), id(r), in)
			})},
		{Method: "POST", Path: "/api/v1/reservations/{id}/price-quote", ID: "quotePrice", Summary: "What a price change would do, per night the price before and after; changes nothing.",
			Permission: "pricing.approve",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, in booking.PriceInput, _ None) (booking.Modified, error) {
				return b.QuotePrice(r.Context(), actor(r), id(r), in)
			})},
		{Method: "POST", Path: "/api/v1/hotels/{id}/price-quote", ID: "quoteBookingPrice", Summary: "One room's price for a stay with a price change, before booking; changes nothing.",
			Permission: "pricing.approve",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, in booking.BookingPriceQuery, _ None) (booking.BookingPriceQuote, error) {
				return b.QuoteBookingPrice(r.Context(), actor(r), id(r), in)
			})},
		{Method: "GET", Path: "/api/v1/reservations/{id}/cancellation-fee", ID: "previewCancellation", Summary: "What cancelling now would cost.",
			Permission: "reservations.view",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, _ None) (booking.CancellationQuote, error) {
				return b.CancellationFee(r.Context(), actor(r), id(r))
			})},
		{Method: "POST", Path: "/api/v1/reservations/{id}/cancel", ID: "cancelReservation", Summary: "Cancel under the policy agreed for the stay; records the fee.",
			Permission: "reservations.update",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, in booking.CancelInput, _ None) (booking.Reservation, error) {
				return b.CancelReservation(r.Context(), actor(r), id(r), in)
			}).Optional()},
		{Method: "POST", Path: "/api/v1/reservations/{id}/confirm", ID: "confirmReservation", Summary: "Confirm a tentative hold.",
			Permission: "reservations.update",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, _ None) (booking.Reservation, error) {
				return b.ConfirmReservation(r.Context(), actor(r), id(r))
			})},
		{Method: "POST", Path: "/api/v1/reservations/{id}/assign", ID: "assignRoom", Summary: "Assign a room, or move the guest to another.",
			Permission: "reservations.update",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, in booking.AssignInput, _ None) (booking.Reservation, error) {
				return b.AssignRoom(r.Context(), actor(r), id(r), in)
			})},
		{Method: "POST", Path: "/api/v1/reservations/{id}/check-in", ID: "checkIn", Summary: "Check the guest in.",
			Permission: "reservations.update",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, in booking.CheckInInput, _ None) (booking.Reservation, error) {
				return b.CheckInReservation(r.Context(), actor(r), id(r), in)
			}).Optional()},
		{Method: "POST", Path: "/api/v1/reservations/{id}/check-out", ID: "checkOut", Summary: "Check the guest out; the room turns dirty.",
			Permission: "reservations.update",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, _ None) (booking.Reservation, error) {
				return b.CheckOutReservation(r.Context(), actor(r), id(r))
			})},
		{Method: "POST", Path: "/api/v1/reservations/{id}/no-show", ID: "noShow", Summary: "Mark a guest who did not come.",
			Permission: "reservations.update",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, _ None) (booking.Reservation, error) {
				return b.NoShowReservation(r.Context(), actor(r), id(r))
			})},
		{Method: "POST", Path: "/api/v1/reservations/{id}/reinstate", ID: "reinstateReservation", Summary: "Put a cancelled or no-show stay back when its rooms are still free; waives its fee.",
			Permission: "reservations.update",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, in booking.ReinstateInput, _ None) (booking.Reinstated, error) {
				return b.ReinstateReservation(r.Context(), actor(r), id(r), in)
			})},
		{Method: "POST", Path: "/api/v1/reservations/{id}/new-code", ID: "newConfirmationCode", Summary: "Give the booking a new confirmation code (when a merge left two bookings one code).",
			Permission: "reservations.update",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, _ None) (booking.NewCode, error) {
				return b.NewConfirmationCode(r.Context(), actor(r), id(r))
			})},
		{Method: "GET", Path: "/api/v1/hotels/{id}/conflicts", ID: "getConflicts", Summary: "Double bookings, and values a merge left shared or no administrator left.",
			Permission: "reservations.view",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, q dateRangeQuery) (booking.Conflicts, error) {
				return b.ConflictsOf(r.Context(), actor(r), id(r), q.From, q.To)
			})},
		{Method: "POST", Path: "/api/v1/hotels/{id}/night-audit", ID: "nightAudit", Summary: "Close the business date: no-shows, exceptions, the next date.",
			Permission: "night_audit.approve",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, in nightAuditBody, _ None) (booking.NightAuditResult, error) {
				return b.NightAudit(r.Context(), actor(r), id(r), in.BusinessDate)
			})},
		{Method: "POST", Path: "/api/v1/demo", ID: "loadDemo", Summary: "Add the demo hotel: 40 rooms, rates and three months of reservations.",
			Permission: "hotels.create",
			Endpoint: JSON(http.StatusCreated, func(r *http.Request, _ None, _ None) (property.Hotel, error) {
				return b.LoadDemo(r.Context(), actor(r))
			})},
		{Method: "GET", Path: "/api/v1/hotels/{id}/tape-chart", ID: "getTapeChart", Summary: "Rooms × dates with reservation blocks.",
			Permission: "reservations.view",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, q dateRangeQuery) (booking.TapeChart, error) {
				return b.TapeChartOf(r.Context(), actor(r), id(r), q.From, q.To)
			})},
	}
}

// Bodies and queries of the booking routes.
type (
	nightAuditBody struct {
		BusinessDate string `json:"business_date"`
	}
	availabilityQuery struct {
		CheckIn  string `query:"check_in" doc:"The arrival date (YYYY-MM-DD)."`
		CheckOut string `query:"check_out" doc:"The departure date (YYYY-MM-DD)."`
		Adults   int    `query:"adults" default:"2" doc:"Adults per room."`
		Children int    `query:"children" default:"0" doc:"Children per room."`
		RoomType string `query:"room_type" doc:"Only this room type (an id)."`
		Block    string `query:"block" doc:"Book from this block (an id): its room type shows the rooms the block has left."`
	}
	reservationsQuery struct {
		Hotel  string `query:"hotel" doc:"Only this hotel (an id)."`
		Q      string `query:"q" doc:"A confirmation code, or words of the guest's name, or digits of the phone."`
		Status string `query:"status" enum:"tentative,confirmed,checked_in,checked_out,cancelled,no_show" doc:"Only reservations in this status."`
		From   string `query:"from" doc:"Only stays that end after this date (YYYY-MM-DD)."`
		To     string `query:"to" doc:"Only stays that begin before this date (YYYY-MM-DD)."`
		Limit  int    `query:"limit" default:"100" doc:"At most this many (100 when left out, at most 1000)."`
		Cursor string `query:"cursor" doc:"The next page: the next of the page before, with the same filter."`

		Company string `query:"company" doc:"Only the reservations of this company (a profile id)."`
		Agent   string `query:"agent" doc:"Only the reservations of this travel agent (a profile id)."`
	}
	dateRangeQuery struct {
		From string `query:"from" doc:"The first date (YYYY-MM-DD)."`
		To   string `query:"to" doc:"The date after the last (YYYY-MM-DD)."`
	}
)
