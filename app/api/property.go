package api

import (
	"net/http"
	"os"

	"innkeep/app"
	"innkeep/app/property"
)

// Bodies of the property routes (named for the OpenAPI document).
type (
	roomTypesBody struct {
		RoomTypes []property.RoomType `json:"room_types"`
	}
	roomsBody struct {
		Rooms []property.Room `json:"rooms"`
	}
	ratePlansBody struct {
		RatePlans []property.RatePlan `json:"rate_plans"`
	}
	housekeepingBody struct {
		Status string `json:"status"`
	}
)

// photoCacheControl lets a browser keep a photo for a day: a photo's file
// never changes under its id.
const photoCacheControl = "private, max-age=86400"

// propertyRoutes are the property routes (docs/booking.md): room types and
// their photos, rooms, rate plans, the rate calendar and inventory. Adding
// or removing a photo or an out-of-order period change the room type or
// room: they need rooms.update. Setting the housekeeping status needs
// housekeeping.update alone.
func (h *Handler) propertyRoutes() []Route {
	id := func(r *http.Request) string { return r.PathValue("id") }
	return []Route{
		{Method: "GET", Path: "/api/v1/hotels/{id}/room-types", ID: "listRoomTypes", Summary: "A hotel's room types, by code.",
			Permission: "rooms.view",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, q roomTypesQuery) (roomTypesBody, error) {
				list, err := h.svc.Property.ListRoomTypes(r.Context(), actor(r), id(r), property.RoomTypeFilter{Q: q.Q, BedType: q.BedType})
				return roomTypesBody{RoomTypes: list}, err
			})},
		{Method: "POST", Path: "/api/v1/hotels/{id}/room-types", ID: "createRoomType", Summary: "Create a room type.",
			Permission: "rooms.create",
			Endpoint: JSON(http.StatusCreated, func(r *http.Request, in property.RoomTypeInput, _ None) (property.RoomType, error) {
				return h.svc.Property.CreateRoomType(r.Context(), actor(r), id(r), in)
			})},
		{Method: "GET", Path: "/api/v1/room-types/{id}", ID: "getRoomType", Summary: "One room type.",
			Permission: "rooms.view",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, _ None) (property.RoomType, error) {
				return h.svc.Property.GetRoomType(r.Context(), actor(r), id(r))
			})},
		{Method: "PATCH", Path: "/api/v1/room-types/{id}", ID: "updateRoomType", Summary: "Change a room type.",
			Permission: "rooms.update",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, p property.RoomTypePatch, _ None) (property.RoomType, error) {
				return h.svc.Property.UpdateRoomType(r.Context(), actor(r), id(r), p)
			})},
		{Method: "DELETE", Path: "/api/v1/room-types/{id}", ID: "deleteRoomType", Summary: "Delete a room type without rooms, rate plans or current reservations.",
			Permission: "rooms.delete",
			Endpoint: JSON(http.StatusNoContent, func(r *http.Request, _ None, _ None) (None, error) {
				return None{}, h.svc.Property.DeleteRoomType(r.Context(), actor(r), id(r))
			})},
		{Method: "POST", Path: "/api/v1/room-types/{id}/photos", ID: "addRoomTypePhoto", Summary: "Add a photo (the body: a JPEG or PNG of at most 5 MB); a thumbnail is made at once.",
			Permission: "rooms.update", MaxBody: property.MaxPhotoBytes + 1,
			Endpoint: Upload(http.StatusCreated, []string{property.PhotoJPEG, property.PhotoPNG}, func(r *http.Request) (property.Photo, error) {
				return h.svc.Property.AddPhoto(r.Context(), actor(r), id(r), r.Body, r.Header.Get("Content-Type"))
			})},
		{Method: "DELETE", Path: "/api/v1/room-types/{id}/photos/{photo}", ID: "deleteRoomTypePhoto", Summary: "Delete a photo of a room type.",
			Permission: "rooms.update",
			Endpoint: JSON(http.StatusNoContent, func(r *http.Request, _ None, _ None) (None, error) {
				return None{}, h.svc.Property.DeletePhoto(r.Context(), actor(r), id(r), r.PathValue("photo"))
			})},
		{Method: "GET", Path: "/api/v1/photos/{id}", ID: "getPhoto", Summary: "A photo's image (image/jpeg or image/png).",
			Permission: "rooms.view", Endpoint: Raw(http.StatusOK, "image/*", h.servePhoto(false))},
		{Method: "GET", Path: "/api/v1/photos/{id}/thumbnail", ID: "getPhotoThumbnail", Summary: "A photo's 320-pixel-wide thumbnail (image/jpeg).",
			Permission: "rooms.view", Endpoint: Raw(http.StatusOK, property.PhotoJPEG, h.servePhoto(true))},

		{Method: "GET", Path: "/api/v1/hotels/{id}/rooms", ID: "listRooms", Summary: "A hotel's rooms in number order.",
			Permission: "rooms.view",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, q roomsQuery) (roomsBody, error) {
				list, err := h.svc.Property.ListRooms(r.Context(), actor(r), id(r), property.RoomFilter{RoomTypeID: q.RoomType, Floor: q.Floor, Housekeeping: q.Housekeeping})
				return roomsBody{Rooms: list}, err
			})},
		{Method: "POST", Path: "/api/v1/hotels/{id}/rooms", ID: "createRoom", Summary: "Create a room.",
			Permission: "rooms.create",
			Endpoint: JSON(http.StatusCreated, func(r *http.Request, in property.RoomInput, _ None) (property.Room, error) {
				return h.svc.Property.CreateRoom(r.Context(), actor(r), id(r), in)
			})},
		{Method: "POST", Path: "/api/v1/hotels/{id}/rooms/bulk", ID: "createRooms", Summary: "Create the rooms numbered from … to … (at most 200), of one type on one floor: all or none.",
			Permission: "rooms.create",
			Endpoint: JSON(http.StatusCreated, func(r *http.Request, in property.BulkRoomsInput, _ None) (roomsBody, error) {
				list, err := h.svc.Property.CreateRooms(r.Context(), actor(r), id(r), in)
				return roomsBody{Rooms: list}, err
			})},
		{Method: "GET", Path: "/api/v1/rooms/{id}", ID: "getRoom", Summary: "One room.",
			Permission: "rooms.view",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, _ None) (property.Room, error) {
				return h.svc.Property.GetRoom(r.Context(), actor(r), id(r))
			})},
		{Method: "PATCH", Path: "/api/v1/rooms/{id}", ID: "updateRoom", Summary: "Change a room.",
			Permission: "rooms.update",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, p property.RoomPatch, _ None) (property.Room, error) {
				return h.svc.Property.UpdateRoom(r.Context(), actor(r), id(r), p)
			})},
		{Method: "DELETE", Path: "/api/v1/rooms/{id}", ID: "deleteRoom", Summary: "Delete a room that no current reservation is assigned to.",
			Permission: "rooms.delete",
			Endpoint: JSON(http.StatusNoContent, func(r *http.Request, _ None, _ None) (None, error) {
				return None{}, h.svc.Property.DeleteRoom(r.Context(), actor(r), id(r))
			})},
		{Method: "POST", Path: "/api/v1/rooms/{id}/housekeeping", ID: "setHousekeeping", Summary: "Set a room's housekeeping status: clean, dirty or inspected.",
			Permission: "housekeeping.update",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, in housekeepingBody, _ None) (property.Room, error) {
				return h.svc.Property.SetHousekeeping(r.Context(), actor(r), id(r), in.Status)
			})},
		{Method: "POST", Path: "/api/v1/rooms/{id}/out-of-order", ID: "addOutOfOrder", Summary: "Take a room out of sale on some nights.",
			Permission: "rooms.update",
			Endpoint: JSON(http.StatusCreated, func(r *http.Request, in property.OutOfOrderInput, _ None) (property.Room, error) {
				return h.svc.Property.AddOutOfOrder(r.Context(), actor(r), id(r), in)
			})},
		{Method: "DELETE", Path: "/api/v1/rooms/{id}/out-of-order/{oid}", ID: "removeOutOfOrder", Summary: "Put a room back in sale: end an out-of-order period.",
			Permission: "rooms.update",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, _ None) (property.Room, error) {
				return h.svc.Property.RemoveOutOfOrder(r.Context(), actor(r), id(r), r.PathValue("oid"))
			})},

		{Method: "GET", Path: "/api/v1/hotels/{id}/rate-plans", ID: "listRatePlans", Summary: "A hotel's rate plans, by code.",
			Permission: "rates.view",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, q ratePlansQuery) (ratePlansBody, error) {
				list, err := h.svc.Property.ListRatePlans(r.Context(), actor(r), id(r), property.RatePlanFilter{RoomTypeID: q.RoomType})
				return ratePlansBody{RatePlans: list}, err
			})},
		{Method: "POST", Path: "/api/v1/hotels/{id}/rate-plans", ID: "createRatePlan", Summary: "Create a rate plan for a room type.",
			Permission: "rates.create",
			Endpoint: JSON(http.StatusCreated, func(r *http.Request, in property.RatePlanInput, _ None) (property.RatePlan, error) {
				return h.svc.Property.CreateRatePlan(r.Context(), actor(r), id(r), in)
			})},
		{Method: "GET", Path: "/api/v1/rate-plans/{id}", ID: "getRatePlan", Summary: "One rate plan.",
			Permission: "rates.view",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, _ None) (property.RatePlan, error) {
				return h.svc.Property.GetRatePlan(r.Context(), actor(r), id(r))
			})},
		{Method: "PATCH", Path: "/api/v1/rate-plans/{id}", ID: "updateRatePlan", Summary: "Change a rate plan.",
			Permission: "rates.update",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, p property.RatePlanPatch, _ None) (property.RatePlan, error) {
				return h.svc.Property.UpdateRatePlan(r.Context(), actor(r), id(r), p)
			})},
		{Method: "DELETE", Path: "/api/v1/rate-plans/{id}", ID: "deleteRatePlan", Summary: "Delete a rate plan that no current reservation uses, with its calendar.",
			Permission: "rates.delete",
			Endpoint: JSON(http.StatusNoContent, func(r *http.Request, _ None, _ None) (None, error) {
				return None{}, h.svc.Property.DeleteRatePlan(r.Context(), actor(r), id(r))
			})},

		{Method: "GET", Path: "/api/v1/hotels/{id}/rate-calendar", ID: "getRateCalendar", Summary: "Prices, restrictions and inventory caps by date.",
			Permission: "rates.view",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, q rateCalendarQuery) (property.RateCalendar, error) {
				return h.svc.Property.RateCalendar(r.Context(), actor(r), id(r), q.From, q.To, q.RatePlan)
			})},
		{Method: "PUT", Path: "/api/v1/hotels/{id}/rate-calendar", ID: "setRateCalendar", Summary: "Set or clear a rate plan's calendar values on a range of dates.",
			Permission: "rates.update",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, c property.RateCalendarChange, _ None) (property.CalendarChangeResult, error) {
				return h.svc.Property.SetRateCalendar(r.Context(), actor(r), id(r), c)
			})},
		{Method: "PUT", Path: "/api/v1/hotels/{id}/inventory", ID: "setInventory", Summary: "Cap (or uncap) how many rooms of a type are sold on a range of dates.",
			Permission: "rates.update",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, c property.InventoryChange, _ None) (property.CalendarChangeResult, error) {
				return h.svc.Property.SetInventory(r.Context(), actor(r), id(r), c)
			})},
	}
}

// Query parameters of the property routes.
type (
	hotelsQuery struct {
		Q     string `query:"q" doc:"Words of the name or address."`
		Stars []int  `query:"stars" doc:"Star ratings, 0 to 5 (repeated or separated by commas)."`
	}
	roomTypesQuery struct {
		Q       string `query:"q" doc:"Words of the code, name or description."`
		BedType string `query:"bed_type" doc:"Only room types with this bed type."`
	}
	roomsQuery struct {
		RoomType     string `query:"room_type" doc:"Only rooms of this room type (an id)."`
		Floor        *int   `query:"floor" doc:"Only rooms on this floor."`
		Housekeeping string `query:"housekeeping" enum:"clean,dirty,inspected" doc:"Only rooms in this housekeeping status."`
	}
	ratePlansQuery struct {
		RoomType string `query:"room_type" doc:"Only plans of this room type (an id)."`
	}
	rateCalendarQuery struct {
		From     string `query:"from" doc:"The first date (YYYY-MM-DD)."`
		To       string `query:"to" doc:"The date after the last (YYYY-MM-DD)."`
		RatePlan string `query:"rate_plan" doc:"Only this rate plan (an id)."`
	}
)

// servePhoto serves a photo's file, or its thumbnail, with its content
// type; browsers may keep it for a day.
func (h *Handler) servePhoto(thumb bool) func(http.ResponseWriter, *http.Request, None) error {
	return func(w http.ResponseWriter, r *http.Request, _ None) error {
		path, contentType, err := h.svc.Property.PhotoFile(r.Context(), actor(r), r.PathValue("id"), thumb)
		if err != nil {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return app.E(app.ENOTFOUND, "api.photo_not_found", "photo \"{id}\" not found", "id", r.PathValue("id"))
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			return err
		}
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Cache-Control", photoCacheControl)
		http.ServeContent(w, r, "", st.ModTime(), f)
		return nil
	}
}
