package api

// bookingRoutes are the booking routes (docs/booking.md).
func (h *Handler) bookingRoutes() []Route {
	return []Route{}
}
