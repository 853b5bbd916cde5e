package api

// propertyRoutes are the property routes (docs/booking.md).
func (h *Handler) propertyRoutes() []Route {
	return []Route{}
}
