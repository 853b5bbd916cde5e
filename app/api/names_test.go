package api_test

import (
	"fmt"
	"net/http"
	"testing"
)

// TestSecurityNamesWithDirectionOverridesOrInvisibleCharactersAreRefused:
// a name that reads otherwise than it is stored ("Harbour \u202EnnI" shows
// as "Harbour Inn") or that hides characters is refused wherever names are
// validated, and changes nothing; Chinese names pass.
func TestSecurityNamesWithDirectionOverridesOrInvisibleCharactersAreRefused(t *testing.T) {
	hd := newHotelDesk(t)
	h := "/api/v1/hotels/" + hd.hotel.ID
	var g struct{ ID string }
	hd.do(t, request{method: "POST", path: "/api/v1/guests", body: `{"name":"陈静"}`, token: hd.token}).want(t, http.StatusCreated).decode(t, &g)

	bad := map[string]string{
		"a right-to-left override": `\u202e`,
		"a left-to-right isolate":  `\u2066`,
		"a right-to-left mark":     `\u200f`,
		"an Arabic letter mark":    `\u061c`,
		"a zero-width space":       `\u200b`,
		"a zero-width joiner":      `\u200d`,
		"a byte order mark":        `\ufeff`,
		"a control character":      `\u0007`,
	}
	for what, c := range bad {
		requests := []struct {
			name string
			req  request
		}{
			{"a hotel name", request{method: "POST", path: "/api/v1/hotels", body: `{"name":"Harbour ` + c + `Inn","time_zone":"Asia/Shanghai","currency":"CNY"}`}},
			{"a hotel's new name", request{method: "PATCH", path: h, body: `{"name":"Harbour ` + c + `Inn"}`}},
			{"a room type name", request{method: "POST", path: h + "/room-types", body: `{"code":"TWN","name":"Twin` + c + `","bed_type":"twin","max_adults":2}`}},
			{"an amenity", request{method: "PATCH", path: "/api/v1/room-types/" + hd.dlx.ID, body: `{"amenities":["Wi-Fi` + c + `"]}`}},
			{"a room number", request{method: "POST", path: h + "/rooms", body: fmt.Sprintf(`{"number":"10%s2","floor":1,"room_type_id":%q}`, c, hd.dlx.ID)}},
			{"a rate plan name", request{method: "PATCH", path: "/api/v1/rate-plans/" + hd.dlxPlan.ID, body: `{"name":"Best ` + c + `rate"}`}},
			{"a guest name", request{method: "POST", path: "/api/v1/guests", body: `{"name":"Chen ` + c + `Jing"}`}},
			{"a guest's new name", request{method: "PATCH", path: "/api/v1/guests/" + g.ID, body: `{"name":"陈` + c + `静"}`}},
			{"a guest's identity document number", request{method: "PATCH", path: "/api/v1/guests/" + g.ID, body: `{"id_document":{"type":"passport","number":"E12` + c + `345"}}`}},
			{"a role name", request{method: "POST", path: "/api/v1/roles", body: `{"name":"Night ` + c + `auditor","permissions":["reports.view"]}`}},
			{"a staff member's display name", request{method: "POST", path: "/api/v1/users", body: `{"username":"mei","display_name":"Mei ` + c + `Lin","password":"Plum-blossom-4417","roles":["front_desk"]}`}},
		}
		for _, tt := range requests {
			t.Run(tt.name+" with "+what, func(t *testing.T) {
				before := hd.stateHash(t)
				req := tt.req
				req.token = hd.token
				r := hd.do(t, req).want(t, http.StatusBadRequest)
				if code, _ := r.envelope(t); code != "invalid" {
					t.Errorf("code = %s, want invalid", code)
				}
				if hd.stateHash(t) != before {
					t.Error("the refused name changed the store")
				}
			})
		}
	}

	t.Run("Chinese names pass", func(t *testing.T) {
		hd.do(t, request{method: "POST", path: "/api/v1/hotels", body: `{"name":"海港酒店","time_zone":"Asia/Shanghai","currency":"CNY"}`, token: hd.token}).want(t, http.StatusCreated)
		hd.do(t, request{method: "POST", path: h + "/room-types", body: `{"code":"TWN","name":"双床房","bed_type":"twin","max_adults":2,"amenities":["无线网络"]}`, token: hd.token}).want(t, http.StatusCreated)
		hd.do(t, request{method: "PATCH", path: "/api/v1/guests/" + g.ID, body: `{"name":"阿卜杜拉·买买提"}`, token: hd.token}).want(t, http.StatusOK)
	})
}
