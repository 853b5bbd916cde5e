package api

import (
	"net/http"
	"os"
	"strconv"
	"strings"

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
// or removing a photo or an out-of-order period, and setting the
// housekeeping status, change the room type or room: they need
// rooms.update.
func (h *Handler) propertyRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/hotels/{id}/room-types", ID: "listRoomTypes", Summary: "A hotel's room types, by code; ?q= words, ?bed_type=.",
			Permission: "rooms.view", Response: roomTypesBody{}, Handler: h.listRoomTypes},
		{Method: "POST", Path: "/api/v1/hotels/{id}/room-types", ID: "createRoomType", Summary: "Create a room type.",
			Permission: "rooms.create", Response: property.RoomType{}, Handler: h.createRoomType},
		{Method: "GET", Path: "/api/v1/room-types/{id}", ID: "getRoomType", Summary: "One room type.",
			Permission: "rooms.view", Response: property.RoomType{}, Handler: h.getRoomType},
		{Method: "PATCH", Path: "/api/v1/room-types/{id}", ID: "updateRoomType", Summary: "Change a room type.",
			Permission: "rooms.update", Response: property.RoomType{}, Handler: h.updateRoomType},
		{Method: "DELETE", Path: "/api/v1/room-types/{id}", ID: "deleteRoomType", Summary: "Delete a room type without rooms, rate plans or current reservations.",
			Permission: "rooms.delete", Handler: h.deleteRoomType},
		{Method: "POST", Path: "/api/v1/room-types/{id}/photos", ID: "addRoomTypePhoto", Summary: "Add a photo (the body: a JPEG or PNG of at most 5 MB); a thumbnail is made at once.",
			Permission: "rooms.update", MaxBody: property.MaxPhotoBytes + 1, Response: property.Photo{}, Handler: h.addPhoto},
		{Method: "DELETE", Path: "/api/v1/room-types/{id}/photos/{photo}", ID: "deleteRoomTypePhoto", Summary: "Delete a photo of a room type.",
			Permission: "rooms.update", Handler: h.deletePhoto},
		{Method: "GET", Path: "/api/v1/photos/{id}", ID: "getPhoto", Summary: "A photo's image (image/jpeg or image/png).",
			Permission: "rooms.view", Handler: h.servePhoto(false)},
		{Method: "GET", Path: "/api/v1/photos/{id}/thumbnail", ID: "getPhotoThumbnail", Summary: "A photo's 320-pixel-wide thumbnail (image/jpeg).",
			Permission: "rooms.view", Handler: h.servePhoto(true)},

		{Method: "GET", Path: "/api/v1/hotels/{id}/rooms", ID: "listRooms", Summary: "A hotel's rooms in number order; ?room_type=, ?floor=, ?housekeeping=.",
			Permission: "rooms.view", Response: roomsBody{}, Handler: h.listRooms},
		{Method: "POST", Path: "/api/v1/hotels/{id}/rooms", ID: "createRoom", Summary: "Create a room.",
			Permission: "rooms.create", Response: property.Room{}, Handler: h.createRoom},
		{Method: "GET", Path: "/api/v1/rooms/{id}", ID: "getRoom", Summary: "One room.",
			Permission: "rooms.view", Response: property.Room{}, Handler: h.getRoom},
		{Method: "PATCH", Path: "/api/v1/rooms/{id}", ID: "updateRoom", Summary: "Change a room.",
			Permission: "rooms.update", Response: property.Room{}, Handler: h.updateRoom},
		{Method: "DELETE", Path: "/api/v1/rooms/{id}", ID: "deleteRoom", Summary: "Delete a room that no current reservation is assigned to.",
			Permission: "rooms.delete", Handler: h.deleteRoom},
		{Method: "POST", Path: "/api/v1/rooms/{id}/housekeeping", ID: "setHousekeeping", Summary: "Set a room's housekeeping status: clean, dirty or inspected.",
			Permission: "rooms.update", Response: property.Room{}, Handler: h.setHousekeeping},
		{Method: "POST", Path: "/api/v1/rooms/{id}/out-of-order", ID: "addOutOfOrder", Summary: "Take a room out of sale on some nights.",
			Permission: "rooms.update", Response: property.Room{}, Handler: h.addOutOfOrder},
		{Method: "DELETE", Path: "/api/v1/rooms/{id}/out-of-order/{oid}", ID: "removeOutOfOrder", Summary: "Put a room back in sale: end an out-of-order period.",
			Permission: "rooms.update", Response: property.Room{}, Handler: h.removeOutOfOrder},

		{Method: "GET", Path: "/api/v1/hotels/{id}/rate-plans", ID: "listRatePlans", Summary: "A hotel's rate plans, by code; ?room_type=.",
			Permission: "rates.view", Response: ratePlansBody{}, Handler: h.listRatePlans},
		{Method: "POST", Path: "/api/v1/hotels/{id}/rate-plans", ID: "createRatePlan", Summary: "Create a rate plan for a room type.",
			Permission: "rates.create", Response: property.RatePlan{}, Handler: h.createRatePlan},
		{Method: "GET", Path: "/api/v1/rate-plans/{id}", ID: "getRatePlan", Summary: "One rate plan.",
			Permission: "rates.view", Response: property.RatePlan{}, Handler: h.getRatePlan},
		{Method: "PATCH", Path: "/api/v1/rate-plans/{id}", ID: "updateRatePlan", Summary: "Change a rate plan.",
			Permission: "rates.update", Response: property.RatePlan{}, Handler: h.updateRatePlan},
		{Method: "DELETE", Path: "/api/v1/rate-plans/{id}", ID: "deleteRatePlan", Summary: "Delete a rate plan that no current reservation uses, with its calendar.",
			Permission: "rates.delete", Handler: h.deleteRatePlan},

		{Method: "GET", Path: "/api/v1/hotels/{id}/rate-calendar", ID: "getRateCalendar", Summary: "Prices, restrictions and inventory caps by date; ?from=&to=&rate_plan=.",
			Permission: "rates.view", Response: property.RateCalendar{}, Handler: h.getRateCalendar},
		{Method: "PUT", Path: "/api/v1/hotels/{id}/rate-calendar", ID: "setRateCalendar", Summary: "Set or clear a rate plan's calendar values on a range of dates.",
			Permission: "rates.update", Response: property.CalendarChangeResult{}, Handler: h.setRateCalendar},
		{Method: "PUT", Path: "/api/v1/hotels/{id}/inventory", ID: "setInventory", Summary: "Cap (or uncap) how many rooms of a type are sold on a range of dates.",
			Permission: "rates.update", Response: property.CalendarChangeResult{}, Handler: h.setInventory},
	}
}

// answerNoContent answers 204 when err is nil.
func answerNoContent(w http.ResponseWriter, err error) error {
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// answer writes v with status when err is nil.
func answer(w http.ResponseWriter, status int, v any, err error) error {
	if err != nil {
		return err
	}
	return writeJSON(w, status, v)
}

// hotelFilterOf reads the hotel list's filters from the query string:
// q (words of the name or address) and stars (repeated or separated by
// commas).
func hotelFilterOf(r *http.Request) (property.HotelFilter, error) {
	q := r.URL.Query()
	f := property.HotelFilter{Q: q.Get("q")}
	for _, v := range q["stars"] {
		for _, part := range strings.Split(v, ",") {
			if part = strings.TrimSpace(part); part == "" {
				continue
			}
			n, err := strconv.Atoi(part)
			if err != nil {
				return f, app.Errorf(app.EINVALID, "stars must be whole numbers 0 to 5, not %q", part)
			}
			f.Stars = append(f.Stars, n)
		}
	}
	return f, nil
}

// listHotelsFiltered serves GET /api/v1/hotels with the filters ?q= and
// ?stars= (docs/booking.md).
func (h *Handler) listHotelsFiltered(w http.ResponseWriter, r *http.Request) error {
	f, err := hotelFilterOf(r)
	if err != nil {
		return err
	}
	list, err := h.svc.Property.FindHotels(r.Context(), actor(r), f)
	return answer(w, http.StatusOK, hotelsBody{Hotels: list}, err)
}

func (h *Handler) listRoomTypes(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	list, err := h.svc.Property.ListRoomTypes(r.Context(), actor(r), r.PathValue("id"), property.RoomTypeFilter{Q: q.Get("q"), BedType: q.Get("bed_type")})
	return answer(w, http.StatusOK, roomTypesBody{RoomTypes: list}, err)
}

func (h *Handler) createRoomType(w http.ResponseWriter, r *http.Request) error {
	var in property.RoomTypeInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	t, err := h.svc.Property.CreateRoomType(r.Context(), actor(r), r.PathValue("id"), in)
	return answer(w, http.StatusCreated, t, err)
}

func (h *Handler) getRoomType(w http.ResponseWriter, r *http.Request) error {
	t, err := h.svc.Property.GetRoomType(r.Context(), actor(r), r.PathValue("id"))
	return answer(w, http.StatusOK, t, err)
}

func (h *Handler) updateRoomType(w http.ResponseWriter, r *http.Request) error {
	var p property.RoomTypePatch
	if err := decodeJSON(r, &p); err != nil {
		return err
	}
	t, err := h.svc.Property.UpdateRoomType(r.Context(), actor(r), r.PathValue("id"), p)
	return answer(w, http.StatusOK, t, err)
}

func (h *Handler) deleteRoomType(w http.ResponseWriter, r *http.Request) error {
	return answerNoContent(w, h.svc.Property.DeleteRoomType(r.Context(), actor(r), r.PathValue("id")))
}

func (h *Handler) addPhoto(w http.ResponseWriter, r *http.Request) error {
	p, err := h.svc.Property.AddPhoto(r.Context(), actor(r), r.PathValue("id"), r.Body, r.Header.Get("Content-Type"))
	return answer(w, http.StatusCreated, p, err)
}

func (h *Handler) deletePhoto(w http.ResponseWriter, r *http.Request) error {
	return answerNoContent(w, h.svc.Property.DeletePhoto(r.Context(), actor(r), r.PathValue("id"), r.PathValue("photo")))
}

// servePhoto serves a photo's file, or its thumbnail, with its content
// type; browsers may keep it for a day.
func (h *Handler) servePhoto(thumb bool) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		path, contentType, err := h.svc.Property.PhotoFile(r.Context(), actor(r), r.PathValue("id"), thumb)
		if err != nil {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return app.Errorf(app.ENOTFOUND, "photo %q not found", r.PathValue("id"))
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

func (h *Handler) listRooms(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := property.RoomFilter{RoomTypeID: q.Get("room_type"), Housekeeping: q.Get("housekeeping")}
	if v := q.Get("floor"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return app.Errorf(app.EINVALID, "floor must be a whole number, not %q", v)
		}
		f.Floor = &n
	}
	list, err := h.svc.Property.ListRooms(r.Context(), actor(r), r.PathValue("id"), f)
	return answer(w, http.StatusOK, roomsBody{Rooms: list}, err)
}

func (h *Handler) createRoom(w http.ResponseWriter, r *http.Request) error {
	var in property.RoomInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	room, err := h.svc.Property.CreateRoom(r.Context(), actor(r), r.PathValue("id"), in)
	return answer(w, http.StatusCreated, room, err)
}

func (h *Handler) getRoom(w http.ResponseWriter, r *http.Request) error {
	room, err := h.svc.Property.GetRoom(r.Context(), actor(r), r.PathValue("id"))
	return answer(w, http.StatusOK, room, err)
}

func (h *Handler) updateRoom(w http.ResponseWriter, r *http.Request) error {
	var p property.RoomPatch
	if err := decodeJSON(r, &p); err != nil {
		return err
	}
	room, err := h.svc.Property.UpdateRoom(r.Context(), actor(r), r.PathValue("id"), p)
	return answer(w, http.StatusOK, room, err)
}

func (h *Handler) deleteRoom(w http.ResponseWriter, r *http.Request) error {
	return answerNoContent(w, h.svc.Property.DeleteRoom(r.Context(), actor(r), r.PathValue("id")))
}

func (h *Handler) setHousekeeping(w http.ResponseWriter, r *http.Request) error {
	var in housekeepingBody
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	room, err := h.svc.Property.SetHousekeeping(r.Context(), actor(r), r.PathValue("id"), in.Status)
	return answer(w, http.StatusOK, room, err)
}

func (h *Handler) addOutOfOrder(w http.ResponseWriter, r *http.Request) error {
	var in property.OutOfOrderInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	room, err := h.svc.Property.AddOutOfOrder(r.Context(), actor(r), r.PathValue("id"), in)
	return answer(w, http.StatusCreated, room, err)
}

func (h *Handler) removeOutOfOrder(w http.ResponseWriter, r *http.Request) error {
	room, err := h.svc.Property.RemoveOutOfOrder(r.Context(), actor(r), r.PathValue("id"), r.PathValue("oid"))
	return answer(w, http.StatusOK, room, err)
}

func (h *Handler) listRatePlans(w http.ResponseWriter, r *http.Request) error {
	f := property.RatePlanFilter{RoomTypeID: r.URL.Query().Get("room_type")}
	list, err := h.svc.Property.ListRatePlans(r.Context(), actor(r), r.PathValue("id"), f)
	return answer(w, http.StatusOK, ratePlansBody{RatePlans: list}, err)
}

func (h *Handler) createRatePlan(w http.ResponseWriter, r *http.Request) error {
	var in property.RatePlanInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, err := h.svc.Property.CreateRatePlan(r.Context(), actor(r), r.PathValue("id"), in)
	return answer(w, http.StatusCreated, p, err)
}

func (h *Handler) getRatePlan(w http.ResponseWriter, r *http.Request) error {
	p, err := h.svc.Property.GetRatePlan(r.Context(), actor(r), r.PathValue("id"))
	return answer(w, http.StatusOK, p, err)
}

func (h *Handler) updateRatePlan(w http.ResponseWriter, r *http.Request) error {
	var p property.RatePlanPatch
	if err := decodeJSON(r, &p); err != nil {
		return err
	}
	plan, err := h.svc.Property.UpdateRatePlan(r.Context(), actor(r), r.PathValue("id"), p)
	return answer(w, http.StatusOK, plan, err)
}

func (h *Handler) deleteRatePlan(w http.ResponseWriter, r *http.Request) error {
	return answerNoContent(w, h.svc.Property.DeleteRatePlan(r.Context(), actor(r), r.PathValue("id")))
}

func (h *Handler) getRateCalendar(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	cal, err := h.svc.Property.RateCalendar(r.Context(), actor(r), r.PathValue("id"), q.Get("from"), q.Get("to"), q.Get("rate_plan"))
	return answer(w, http.StatusOK, cal, err)
}

func (h *Handler) setRateCalendar(w http.ResponseWriter, r *http.Request) error {
	var c property.RateCalendarChange
	if err := decodeJSON(r, &c); err != nil {
		return err
	}
	res, err := h.svc.Property.SetRateCalendar(r.Context(), actor(r), r.PathValue("id"), c)
	return answer(w, http.StatusOK, res, err)
}

func (h *Handler) setInventory(w http.ResponseWriter, r *http.Request) error {
	var c property.InventoryChange
	if err := decodeJSON(r, &c); err != nil {
		return err
	}
	res, err := h.svc.Property.SetInventory(r.Context(), actor(r), r.PathValue("id"), c)
	return answer(w, http.StatusOK, res, err)
}
