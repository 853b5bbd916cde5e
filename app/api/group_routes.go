package api

import (
	"net/http"

	"innkeep/app/booking"
)

// Response bodies of the group and block routes.
type (
	groupsBody struct {
		Groups []booking.GroupSummary `json:"groups"`
	}
	blocksBody struct {
		Blocks []booking.Block `json:"blocks"`
	}
	blocksQuery struct {
		Past bool `query:"past" doc:"Also the blocks whose nights are over."`
	}
)

// groupRoutes are groups, their actions on all or some of their rooms, and
// blocks (allotments) (docs/booking.md "Groups and blocks").
func (h *Handler) groupRoutes() []Route {
	id := func(r *http.Request) string { return r.PathValue("id") }
	b := h.svc.Booking
	return []Route{
		{Method: "GET", Path: "/api/v1/hotels/{id}/groups", ID: "listGroups", Summary: "The groups of a hotel with their rooms, dates and statuses.",
			Permission: "reservations.view",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, _ None) (groupsBody, error) {
				list, err := b.ListGroups(r.Context(), actor(r), id(r))
				return groupsBody{Groups: list}, err
			})},
		{Method: "GET", Path: "/api/v1/groups/{id}", ID: "getGroup", Summary: "A group with its reservations and blocks.",
			Permission: "reservations.view",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, _ None) (booking.GroupDetail, error) {
				return b.GetGroup(r.Context(), actor(r), id(r))
			})},
		{Method: "PATCH", Path: "/api/v1/groups/{id}", ID: "updateGroup", Summary: "Change a group's name, contact or notes.",
			Permission: "reservations.update",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, p booking.GroupPatch, _ None) (booking.Group, error) {
				return b.UpdateGroup(r.Context(), actor(r), id(r), p)
			})},
		{Method: "POST", Path: "/api/v1/groups/{id}/check-in", ID: "checkInGroup", Summary: "Check in all or the selected rooms of a group, all or none.",
			Permission: "reservations.update",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, in booking.GroupCheckInInput, _ None) (booking.GroupResult, error) {
				return b.CheckInGroup(r.Context(), actor(r), id(r), in)
			}).Optional()},
		{Method: "POST", Path: "/api/v1/groups/{id}/cancel-quote", ID: "quoteGroupCancel", Summary: "What cancelling all or the selected rooms of a group would cost; changes nothing.",
			Permission: "reservations.view",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, in booking.GroupCancelInput, _ None) (booking.GroupResult, error) {
				return b.QuoteGroupCancel(r.Context(), actor(r), id(r), in)
			}).Optional()},
		{Method: "POST", Path: "/api/v1/groups/{id}/cancel", ID: "cancelGroup", Summary: "Cancel all or the selected rooms of a group, all or none.",
			Permission: "reservations.update",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, in booking.GroupCancelInput, _ None) (booking.GroupResult, error) {
				return b.CancelGroup(r.Context(), actor(r), id(r), in)
			}).Optional()},
		{Method: "POST", Path: "/api/v1/groups/{id}/move-quote", ID: "quoteGroupMove", Summary: "What shifting the stays of a group would do; changes nothing.",
			Permission: "reservations.update",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, in booking.GroupMoveInput, _ None) (booking.GroupResult, error) {
				return b.QuoteGroupMove(r.Context(), actor(r), id(r), in)
			})},
		{Method: "POST", Path: "/api/v1/groups/{id}/move", ID: "moveGroup", Summary: "Shift the stays of all or the selected rooms of a group by some nights, all or none.",
			Permission: "reservations.update",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, in booking.GroupMoveInput, _ None) (booking.GroupResult, error) {
				return b.MoveGroup(r.Context(), actor(r), id(r), in)
			})},
		{Method: "GET", Path: "/api/v1/hotels/{id}/blocks", ID: "listBlocks", Summary: "The blocks (allotments) of a hotel with their pick-up per night.",
			Permission: "reservations.view",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, q blocksQuery) (blocksBody, error) {
				list, err := b.ListBlocks(r.Context(), actor(r), id(r), q.Past)
				return blocksBody{Blocks: list}, err
			})},
		{Method: "POST", Path: "/api/v1/hotels/{id}/blocks", ID: "createBlock", Summary: "Hold rooms of a type for a group until a release date.",
			Permission: "reservations.create",
			Endpoint: JSON(http.StatusCreated, func(r *http.Request, in booking.BlockInput, _ None) (booking.Block, error) {
				return b.CreateBlock(r.Context(), actor(r), id(r), in)
			})},
		{Method: "GET", Path: "/api/v1/blocks/{id}", ID: "getBlock", Summary: "A block with its pick-up per night.",
			Permission: "reservations.view",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, _ None) (booking.Block, error) {
				return b.GetBlock(r.Context(), actor(r), id(r))
			})},
		{Method: "PATCH", Path: "/api/v1/blocks/{id}", ID: "updateBlock", Summary: "Shrink, extend or rename a block.",
			Permission: "reservations.update",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, p booking.BlockPatch, _ None) (booking.Block, error) {
				return b.UpdateBlock(r.Context(), actor(r), id(r), p)
			})},
		{Method: "POST", Path: "/api/v1/blocks/{id}/release", ID: "releaseBlock", Summary: "Release a block now: its unpicked rooms return to sale.",
			Permission: "reservations.update",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, _ None) (booking.Block, error) {
				return b.ReleaseBlock(r.Context(), actor(r), id(r))
			})},
		{Method: "DELETE", Path: "/api/v1/blocks/{id}", ID: "deleteBlock", Summary: "Delete a block nobody booked from.",
			Permission: "reservations.update",
			Endpoint: JSON(http.StatusNoContent, func(r *http.Request, _ None, _ None) (None, error) {
				return None{}, b.DeleteBlock(r.Context(), actor(r), id(r))
			})},
	}
}
