package api

// guestRoutes are the guest routes (docs/booking.md).
func (h *Handler) guestRoutes() []Route {
	return []Route{}
}
