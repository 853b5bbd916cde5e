package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"

	"innkeep/app"
	"innkeep/app/access"
	"innkeep/app/api"
	"innkeep/app/audit"
	"innkeep/app/property"
)

// propNoisePNG is a PNG of w×h pixels of noise, which does not compress: about
// 3 bytes a pixel.
func propNoisePNG(t *testing.T, w, h int) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range img.Pix {
		img.Pix[i] = uint8(rng.Uint32())
	}
	for i := 3; i < len(img.Pix); i += 4 {
		img.Pix[i] = 0xff
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func propJPEG(t *testing.T, w, h int) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{R: uint8(x), G: 120, B: uint8(y), A: 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// propStep is one request of a walk through the property routes: what it
// sends, the status it must get, and what else to check.
type propStep struct {
	name   string
	req    func() request
	status int
	check  func(t *testing.T, r reply)
}

func TestEveryPropertyRouteWorksAndRefusesBadInput(t *testing.T) {
	d := newDesk(t)
	setup := d.setUp(t)
	admin := d.signIn(t, adminName, adminPassword).Token
	d.addUser(t, admin, access.UserInput{Username: "keeper", Roles: []string{access.RoleHousekeeping}, Hotels: app.AllHotels, Password: staffPassword})
	keeper := d.signIn(t, "keeper", staffPassword).Token
	hotel := "/api/v1/hotels/" + setup.Hotel.ID

	var rt property.RoomType
	var room property.Room
	var plan property.RatePlan
	var photo property.Photo
	var bigPhoto property.Photo
	photoBody := propNoisePNG(t, 640, 640) // over 1 MiB: the photo route takes more than other routes
	if len(photoBody) <= api.MaxBodyBytes {
		t.Fatalf("the test photo has %d bytes; it must be over 1 MiB", len(photoBody))
	}
	wantError := func(code, msg string) func(t *testing.T, r reply) {
		return func(t *testing.T, r reply) {
			t.Helper()
			if c, m := r.envelope(t); c != code || !strings.Contains(m, msg) {
				t.Errorf("error = %q %q, want %s naming %q", c, m, code, msg)
			}
		}
	}
	asImage := func(contentType string) map[string]string { return map[string]string{"Content-Type": contentType} }

	steps := []propStep{
		{"the hotel takes its new fields", func() request {
			return request{method: "PATCH", path: hotel, body: `{"star_rating": 4, "address": "1 Harbour Road", "tax": {"rate_bp": 600, "included": true},
				"cancellation": {"free_hours": 48, "fee": "percent", "percent": 50}, "check_in_time": "15:00"}`}
		}, 200, func(t *testing.T, r reply) {
			var h property.Hotel
			r.decode(t, &h)
			if h.StarRating != 4 || h.Tax.RateBP != 600 || h.Cancellation.Fee != "percent" || h.CheckInTime != "15:00" || h.BusinessDate == "" {
				t.Errorf("hotel = %+v", h)
			}
		}},
		{"the hotel's business date cannot be patched", func() request {
			return request{method: "PATCH", path: hotel, body: `{"business_date": "2030-01-01"}`}
		}, 400, wantError("invalid", `unknown field "business_date"`)},

		{"create a room type", func() request {
			return request{method: "POST", path: hotel + "/room-types", body: `{"code": "dlx", "name": "Deluxe", "bed_type": "king", "area_m2": 32.5,
				"max_adults": 2, "max_children": 1, "amenities": ["wifi", "bath"], "descriptions": {"en": "Sea view", "zh-CN": "海景"}}`}
		}, 201, func(t *testing.T, r reply) {
			r.decode(t, &rt)
			if rt.Code != "DLX" || rt.HotelID != setup.Hotel.ID || rt.Descriptions["zh-CN"] != "海景" {
				t.Errorf("room type = %+v", rt)
			}
		}},
		{"create a room type without a code", func() request {
			return request{method: "POST", path: hotel + "/room-types", body: `{"name": "Deluxe", "bed_type": "king", "max_adults": 2}`}
		}, 400, wantError("invalid", "code must be")},
		{"create a room type with a taken code", func() request {
			return request{method: "POST", path: hotel + "/room-types", body: `{"code": "DLX", "name": "Deluxe", "bed_type": "king", "max_adults": 2}`}
		}, 409, wantError("conflict", "DLX is taken")},
		{"list room types", func() request { return request{method: "GET", path: hotel + "/room-types?q=DELUXE&bed_type=king"} }, 200,
			func(t *testing.T, r reply) {
				var body struct {
					RoomTypes []property.RoomType `json:"room_types"`
				}
				r.decode(t, &body)
				if len(body.RoomTypes) != 1 || body.RoomTypes[0].ID != rt.ID {
					t.Errorf("room types = %+v", body.RoomTypes)
				}
			}},
		{"list room types of an unknown bed type", func() request { return request{method: "GET", path: hotel + "/room-types?bed_type=hammock"} }, 400,
			wantError("invalid", "bed type")},
		{"read a room type", func() request { return request{method: "GET", path: "/api/v1/room-types/" + rt.ID} }, 200, nil},
		{"read an unknown room type", func() request { return request{method: "GET", path: "/api/v1/room-types/" + unknownID} }, 404, nil},
		{"change a room type", func() request {
			return request{method: "PATCH", path: "/api/v1/room-types/" + rt.ID, body: `{"name": "Deluxe King", "max_adults": 3}`}
		}, 200, func(t *testing.T, r reply) {
			var got property.RoomType
			r.decode(t, &got)
			if got.Name != "Deluxe King" || got.MaxAdults != 3 || got.Code != "DLX" {
				t.Errorf("room type = %+v", got)
			}
		}},
		{"change a room type to sleep nobody", func() request {
			return request{method: "PATCH", path: "/api/v1/room-types/" + rt.ID, body: `{"max_adults": 0}`}
		}, 400, wantError("invalid", "adults")},

		{"add a photo of over 1 MiB", func() request {
			return request{method: "POST", path: "/api/v1/room-types/" + rt.ID + "/photos", body: photoBody, header: asImage("image/png")}
		}, 201, func(t *testing.T, r reply) {
			r.decode(t, &bigPhoto)
			if bigPhoto.ContentType != "image/png" || bigPhoto.Width != 640 || bigPhoto.Bytes != int64(len(photoBody)) {
				t.Errorf("photo = %+v", bigPhoto)
			}
		}},
		{"add a JPEG", func() request {
			return request{method: "POST", path: "/api/v1/room-types/" + rt.ID + "/photos", body: propJPEG(t, 400, 300), header: asImage("image/jpeg")}
		}, 201, func(t *testing.T, r reply) { r.decode(t, &photo) }},
		{"add a text file named as a JPEG", func() request {
			return request{method: "POST", path: "/api/v1/room-types/" + rt.ID + "/photos", body: "not a photo at all", header: asImage("image/jpeg")}
		}, 400, wantError("invalid", "JPEG or PNG")},
		{"add a photo over 5 MB", func() request {
			return request{method: "POST", path: "/api/v1/room-types/" + rt.ID + "/photos", body: photoBody + strings.Repeat("x", property.MaxPhotoBytes), header: asImage("image/png")}
		}, 400, wantError("invalid", "larger than 5 MB")},
		{"read a photo", func() request { return request{method: "GET", path: "/api/v1/photos/" + photo.ID} }, 200, func(t *testing.T, r reply) {
			if ct, cc := r.header.Get("Content-Type"), r.header.Get("Cache-Control"); ct != "image/jpeg" || cc != "private, max-age=86400" {
				t.Errorf("Content-Type %q, Cache-Control %q", ct, cc)
			}
			if _, err := jpeg.DecodeConfig(strings.NewReader(r.body)); err != nil {
				t.Errorf("the body is not the JPEG: %v", err)
			}
		}},
		{"read the large photo", func() request { return request{method: "GET", path: "/api/v1/photos/" + bigPhoto.ID} }, 200, func(t *testing.T, r reply) {
			if r.header.Get("Content-Type") != "image/png" || r.body != photoBody {
				t.Errorf("Content-Type %q, %d bytes", r.header.Get("Content-Type"), len(r.body))
			}
		}},
		{"read a photo's thumbnail", func() request { return request{method: "GET", path: "/api/v1/photos/" + bigPhoto.ID + "/thumbnail"} }, 200,
			func(t *testing.T, r reply) {
				cfg, err := jpeg.DecodeConfig(strings.NewReader(r.body))
				if err != nil || cfg.Width != 320 || cfg.Height != 320 || r.header.Get("Content-Type") != "image/jpeg" {
					t.Errorf("thumbnail %+v (%v), Content-Type %q", cfg, err, r.header.Get("Content-Type"))
				}
			}},
		{"read the head of a photo", func() request { return request{method: "HEAD", path: "/api/v1/photos/" + photo.ID} }, 200, func(t *testing.T, r reply) {
			if r.body != "" || r.header.Get("Content-Type") != "image/jpeg" {
				t.Errorf("HEAD: %d bytes, %q", len(r.body), r.header.Get("Content-Type"))
			}
		}},
		{"read an unknown photo", func() request { return request{method: "GET", path: "/api/v1/photos/" + unknownID} }, 404, nil},
		{"read an unknown photo's thumbnail", func() request { return request{method: "GET", path: "/api/v1/photos/" + unknownID + "/thumbnail"} }, 404, nil},
		{"delete a photo", func() request {
			return request{method: "DELETE", path: "/api/v1/room-types/" + rt.ID + "/photos/" + photo.ID}
		}, 204, nil},
		{"delete a photo twice", func() request {
			return request{method: "DELETE", path: "/api/v1/room-types/" + rt.ID + "/photos/" + photo.ID}
		}, 404, nil},

		{"create a room", func() request {
			return request{method: "POST", path: hotel + "/rooms", body: fmt.Sprintf(`{"number": "101", "floor": 1, "room_type_id": %q, "features": ["accessible"]}`, rt.ID)}
		}, 201, func(t *testing.T, r reply) {
			r.decode(t, &room)
			if room.Housekeeping != "clean" || room.Number != "101" {
				t.Errorf("room = %+v", room)
			}
		}},
		{"create rooms in bulk over a number the hotel has", func() request {
			return request{method: "POST", path: hotel + "/rooms/bulk", body: fmt.Sprintf(`{"from": "100", "to": "102", "floor": 1, "room_type_id": %q}`, rt.ID)}
		}, 409, wantError("conflict", "room 101")},
		{"create rooms in bulk from a range that is not one", func() request {
			return request{method: "POST", path: hotel + "/rooms/bulk", body: fmt.Sprintf(`{"from": "9", "to": "12", "floor": 1, "room_type_id": %q}`, rt.ID)}
		}, 400, wantError("invalid", "as many in both")},
		{"create a room on floor 500", func() request {
			return request{method: "POST", path: hotel + "/rooms", body: fmt.Sprintf(`{"number": "501", "floor": 500, "room_type_id": %q}`, rt.ID)}
		}, 400, wantError("invalid", "floor")},
		{"list rooms", func() request {
			return request{method: "GET", path: hotel + "/rooms?floor=1&housekeeping=clean&room_type=" + rt.ID}
		}, 200,
			func(t *testing.T, r reply) {
				var body struct{ Rooms []property.Room }
				r.decode(t, &body)
				if len(body.Rooms) != 1 {
					t.Errorf("rooms = %+v", body.Rooms)
				}
			}},
		{"list rooms on floor abc", func() request { return request{method: "GET", path: hotel + "/rooms?floor=abc"} }, 400, wantError("invalid", "floor")},
		{"read a room", func() request { return request{method: "GET", path: "/api/v1/rooms/" + room.ID} }, 200, nil},
		{"read an unknown room", func() request { return request{method: "GET", path: "/api/v1/rooms/" + unknownID} }, 404, nil},
		{"change a room", func() request {
			return request{method: "PATCH", path: "/api/v1/rooms/" + room.ID, body: `{"floor": 2}`}
		}, 200, nil},
		{"change a room's number to nothing", func() request {
			return request{method: "PATCH", path: "/api/v1/rooms/" + room.ID, body: `{"number": ""}`}
		}, 400,
			wantError("invalid", "room number")},
		{"housekeeping marks a room dirty", func() request {
			return request{method: "POST", path: "/api/v1/rooms/" + room.ID + "/housekeeping", body: `{"status": "dirty"}`, token: keeper}
		}, 200, func(t *testing.T, r reply) {
			var got property.Room
			r.decode(t, &got)
			if got.Housekeeping != "dirty" {
				t.Errorf("status = %s", got.Housekeeping)
			}
		}},
		{"housekeeping sets an unknown status", func() request {
			return request{method: "POST", path: "/api/v1/rooms/" + room.ID + "/housekeeping", body: `{"status": "shiny"}`, token: keeper}
		}, 400, wantError("invalid", "housekeeping status")},
		{"take a room out of order", func() request {
			return request{method: "POST", path: "/api/v1/rooms/" + room.ID + "/out-of-order", body: `{"from": "2026-12-01", "to": "2026-12-03", "reason": "paint"}`}
		}, 201, func(t *testing.T, r reply) {
			r.decode(t, &room)
			if len(room.OutOfOrder) != 1 {
				t.Errorf("out of order = %+v", room.OutOfOrder)
			}
		}},
		{"take a room out of order backwards", func() request {
			return request{method: "POST", path: "/api/v1/rooms/" + room.ID + "/out-of-order", body: `{"from": "2026-12-03", "to": "2026-12-01", "reason": "paint"}`}
		}, 400, wantError("invalid", "must come before")},
		{"put a room back in sale", func() request {
			oid := unknownID
			if len(room.OutOfOrder) > 0 {
				oid = room.OutOfOrder[0].ID
			}
			return request{method: "DELETE", path: "/api/v1/rooms/" + room.ID + "/out-of-order/" + oid}
		}, 200, func(t *testing.T, r reply) {
			var got property.Room
			r.decode(t, &got)
			if len(got.OutOfOrder) != 0 {
				t.Errorf("out of order = %+v", got.OutOfOrder)
			}
		}},
		{"end an unknown out-of-order period", func() request {
			return request{method: "DELETE", path: "/api/v1/rooms/" + room.ID + "/out-of-order/" + unknownID}
		}, 404, nil},

		{"create a rate plan", func() request {
			return request{method: "POST", path: hotel + "/rate-plans", body: fmt.Sprintf(`{"room_type_id": %q, "code": "BAR", "name": "Best available",
				"base_rate": 58000, "weekend_rate": 68000, "weekend_days": [5, 6], "extra_adult": 10000,
				"seasons": [{"name": "Christmas", "from": "2026-12-24", "to": "2026-12-27", "rate": 88000, "weekend_rate": 0}]}`, rt.ID)}
		}, 201, func(t *testing.T, r reply) {
			r.decode(t, &plan)
			if plan.IncludedAdults != 2 || plan.HotelID != setup.Hotel.ID {
				t.Errorf("plan = %+v", plan)
			}
		}},
		{"create a rate plan with overlapping seasons", func() request {
			return request{method: "POST", path: hotel + "/rate-plans", body: fmt.Sprintf(`{"room_type_id": %q, "code": "NRF", "name": "Non-refundable",
				"seasons": [{"name": "A", "from": "2026-12-01", "to": "2026-12-10", "rate": 1}, {"name": "B", "from": "2026-12-05", "to": "2026-12-20", "rate": 1}]}`, rt.ID)}
		}, 400, wantError("invalid", "overlap")},
		{"list rate plans", func() request { return request{method: "GET", path: hotel + "/rate-plans?room_type=" + rt.ID} }, 200, func(t *testing.T, r reply) {
			var body struct {
				RatePlans []property.RatePlan `json:"rate_plans"`
			}
			r.decode(t, &body)
			if len(body.RatePlans) != 1 || body.RatePlans[0].ID != plan.ID {
				t.Errorf("plans = %+v", body.RatePlans)
			}
		}},
		{"list the rate plans of an unknown hotel", func() request { return request{method: "GET", path: "/api/v1/hotels/" + unknownID + "/rate-plans"} }, 404, nil},
		{"read a rate plan", func() request { return request{method: "GET", path: "/api/v1/rate-plans/" + plan.ID} }, 200, nil},
		{"read an unknown rate plan", func() request { return request{method: "GET", path: "/api/v1/rate-plans/" + unknownID} }, 404, nil},
		{"change a rate plan", func() request {
			return request{method: "PATCH", path: "/api/v1/rate-plans/" + plan.ID, body: `{"min_stay": 1, "max_stay": 14}`}
		}, 200, nil},
		{"move a rate plan to another room type", func() request {
			return request{method: "PATCH", path: "/api/v1/rate-plans/" + plan.ID, body: `{"room_type_id": "x"}`}
		}, 400, wantError("invalid", `unknown field "room_type_id"`)},

		{"set the rate calendar", func() request {
			return request{method: "PUT", path: hotel + "/rate-calendar", body: fmt.Sprintf(`{"rate_plan_id": %q, "from": "2026-12-01", "to": "2026-12-08",
				"weekdays": [1, 2, 3], "set": {"rate": 49000, "closed_to_arrival": true}}`, plan.ID)}
		}, 200, func(t *testing.T, r reply) {
			var res property.CalendarChangeResult
			r.decode(t, &res)
			if strings.Join(res.Dates, " ") != "2026-12-01 2026-12-02 2026-12-07" {
				t.Errorf("dates = %v", res.Dates)
			}
		}},
		{"set the rate calendar for a year and more", func() request {
			return request{method: "PUT", path: hotel + "/rate-calendar", body: fmt.Sprintf(`{"rate_plan_id": %q, "from": "2026-12-01", "to": "2028-12-08",
				"set": {"stop_sell": true}}`, plan.ID)}
		}, 400, wantError("invalid", "at most 366")},
		{"cap the inventory", func() request {
			return request{method: "PUT", path: hotel + "/inventory", body: fmt.Sprintf(`{"room_type_id": %q, "from": "2026-12-01", "to": "2026-12-03", "cap": 2}`, rt.ID)}
		}, 200, nil},
		{"cap the inventory below zero", func() request {
			return request{method: "PUT", path: hotel + "/inventory", body: fmt.Sprintf(`{"room_type_id": %q, "from": "2026-12-01", "to": "2026-12-03", "cap": -2}`, rt.ID)}
		}, 400, wantError("invalid", "cap")},
		{"read the rate calendar", func() request {
			return request{method: "GET", path: hotel + "/rate-calendar?from=2026-12-01&to=2026-12-05&rate_plan=" + plan.ID}
		}, 200, func(t *testing.T, r reply) {
			var cal struct {
				From      string `json:"from"`
				RatePlans []struct {
					RatePlanID string `json:"rate_plan_id"`
					Days       []map[string]any
				} `json:"rate_plans"`
				Inventory []struct {
					RoomTypeID string `json:"room_type_id"`
					Days       []struct {
						Date string `json:"date"`
						Cap  *int   `json:"cap"`
					}
				}
			}
			r.decode(t, &cal)
			if len(cal.RatePlans) != 1 || len(cal.RatePlans[0].Days) != 4 || len(cal.Inventory) != 1 {
				t.Fatalf("calendar = %s", r.body)
			}
			tue, fri := cal.RatePlans[0].Days[0], cal.RatePlans[0].Days[3]
			if tue["price"] != 49000.0 || tue["closed_to_arrival"] != true || tue["max_stay"] != 14.0 || fri["price"] != 68000.0 {
				t.Errorf("Tuesday %v, Friday %v", tue, fri)
			}
			if c := cal.Inventory[0].Days; c[0].Cap == nil || *c[0].Cap != 2 || c[2].Cap != nil {
				t.Errorf("inventory = %s", r.body)
			}
		}},
		{"read the rate calendar from a bad date", func() request { return request{method: "GET", path: hotel + "/rate-calendar?from=tomorrow"} }, 400,
			wantError("invalid", "not a date")},

		{"delete a room type that has rooms", func() request { return request{method: "DELETE", path: "/api/v1/room-types/" + rt.ID} }, 409,
			wantError("conflict", "room")},
		{"delete a rate plan", func() request { return request{method: "DELETE", path: "/api/v1/rate-plans/" + plan.ID} }, 204, nil},
		{"delete a rate plan twice", func() request { return request{method: "DELETE", path: "/api/v1/rate-plans/" + plan.ID} }, 404, nil},
		{"delete a room", func() request { return request{method: "DELETE", path: "/api/v1/rooms/" + room.ID} }, 204, nil},
		{"delete a room twice", func() request { return request{method: "DELETE", path: "/api/v1/rooms/" + room.ID} }, 404, nil},
		{"delete a room type", func() request { return request{method: "DELETE", path: "/api/v1/room-types/" + rt.ID} }, 204, nil},
		{"read a photo of a deleted room type", func() request { return request{method: "GET", path: "/api/v1/photos/" + bigPhoto.ID} }, 404, nil},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			req := s.req()
			if req.token == "" {
				req.token = admin
			}
			before := d.stateHash(t)
			r := d.do(t, req)
			if r.status != s.status {
				t.Fatalf("%s: status = %d, want %d: %.300s", req, r.status, s.status, r.body)
			}
			if r.status >= 400 && d.stateHash(t) != before {
				t.Error("the refused request changed the store")
			}
			if s.check != nil {
				s.check(t, r)
			}
		})
	}
	t.Run("every property route was walked", func(t *testing.T) {
		// The walk covers each row of propertyMatrix.
		for key := range propertyMatrix {
			method, path, _ := strings.Cut(key, " ")
			found := false
			for _, s := range steps {
				r := s.req()
				if (r.method == method || (method == "GET" && r.method == "HEAD")) && propMatches(path, strings.SplitN(r.path, "?", 2)[0]) {
					found = true
				}
			}
			if !found {
				t.Errorf("no step uses %s", key)
			}
		}
	})
}

// propMatches reports whether path fits the route pattern.
func propMatches(pattern, path string) bool {
	ps, qs := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(ps) != len(qs) {
		return false
	}
	for i := range ps {
		if !strings.HasPrefix(ps[i], "{") && ps[i] != qs[i] {
			return false
		}
	}
	return true
}

func TestPropertyOfAnotherHotelAnswersNotFoundOverHTTP(t *testing.T) {
	d := newDesk(t)
	setup := d.setUp(t)
	admin := d.signIn(t, adminName, adminPassword).Token
	var bay property.Hotel
	d.do(t, request{method: "POST", path: "/api/v1/hotels", token: admin, body: `{"name": "Bay Hotel", "time_zone": "Europe/Paris", "currency": "EUR"}`}).
		want(t, 201).decode(t, &bay)
	var rt property.RoomType
	d.do(t, request{method: "POST", path: "/api/v1/hotels/" + bay.ID + "/room-types", token: admin,
		body: `{"code": "DLX", "name": "Deluxe", "bed_type": "king", "max_adults": 2}`}).want(t, 201).decode(t, &rt)
	d.addUser(t, admin, access.UserInput{Username: "mona", Roles: []string{access.RoleHotelManager}, Hotels: app.Hotels(setup.Hotel.ID), Password: staffPassword})
	mona := d.signIn(t, "mona", staffPassword).Token
	for _, req := range []request{
		{method: "GET", path: "/api/v1/room-types/" + rt.ID},
		{method: "PATCH", path: "/api/v1/room-types/" + rt.ID, body: `{"name": "Mine"}`},
		{method: "GET", path: "/api/v1/hotels/" + bay.ID + "/room-types"},
		{method: "GET", path: "/api/v1/hotels/" + bay.ID + "/rate-calendar"},
		{method: "POST", path: "/api/v1/hotels/" + bay.ID + "/rooms", body: fmt.Sprintf(`{"number": "1", "room_type_id": %q}`, rt.ID)},
	} {
		t.Run(req.String(), func(t *testing.T) {
			req.token = mona
			before := d.stateHash(t)
			r := d.do(t, req)
			if r.status != http.StatusNotFound || strings.Contains(r.body, "Bay Hotel") {
				t.Errorf("status = %d: %s", r.status, r.body)
			}
			if d.stateHash(t) != before {
				t.Error("the refused request changed the store")
			}
		})
	}
}

func TestPropertyChangesAreAudited(t *testing.T) {
	d := newDesk(t)
	setup := d.setUp(t)
	admin := d.signIn(t, adminName, adminPassword).Token
	var rt property.RoomType
	d.do(t, request{method: "POST", path: "/api/v1/hotels/" + setup.Hotel.ID + "/room-types", token: admin,
		body: `{"code": "DLX", "name": "Deluxe", "bed_type": "king", "max_adults": 2}`}).want(t, 201).decode(t, &rt)
	var plan property.RatePlan
	d.do(t, request{method: "POST", path: "/api/v1/hotels/" + setup.Hotel.ID + "/rate-plans", token: admin,
		body: fmt.Sprintf(`{"room_type_id": %q, "code": "BAR", "name": "Best", "base_rate": 100}`, rt.ID)}).want(t, 201).decode(t, &plan)
	d.do(t, request{method: "PUT", path: "/api/v1/hotels/" + setup.Hotel.ID + "/rate-calendar", token: admin,
		body: fmt.Sprintf(`{"rate_plan_id": %q, "from": "2026-12-01", "to": "2027-03-01", "set": {"rate": 90}}`, plan.ID)}).want(t, 200)
	var page audit.Page
	d.do(t, request{method: "GET", path: "/api/v1/audit?limit=500", token: admin}).want(t, 200).decode(t, &page)
	count := map[string]int{}
	for _, e := range page.Entries {
		count[e.Action]++
	}
	for action, want := range map[string]int{"room_type.create": 1, "rate_plan.create": 1, "rate_calendar.update": 1} {
		if count[action] != want {
			t.Errorf("%d entries %s, want %d", count[action], action, want)
		}
	}
	for _, e := range page.Entries {
		if e.Action == "rate_calendar.update" {
			var dates int
			if err := json.Unmarshal(e.After["dates"], &dates); err != nil || dates != 90 {
				t.Errorf("the entry summarizes %s dates, want 90", e.After["dates"])
			}
		}
	}
}
