package api_test

import (
	"fmt"
	"strings"
	"testing"
)

func TestBulkRoomsThroughTheAPI(t *testing.T) {
	hd := newHotelDesk(t)
	path := "/api/v1/hotels/" + hd.hotel.ID + "/rooms/bulk"
	var made struct {
		Rooms []struct {
			Number string `json:"number"`
			Floor  int    `json:"floor"`
		} `json:"rooms"`
	}
	hd.do(t, request{method: "POST", path: path, token: hd.token,
		body: fmt.Sprintf(`{"room_type_id":%q,"from":"301","to":"320","floor":3}`, hd.std.ID)}).want(t, 201).decode(t, &made)
	if len(made.Rooms) != 20 || made.Rooms[0].Number != "301" || made.Rooms[19].Number != "320" || made.Rooms[7].Floor != 3 {
		t.Fatalf("made = %+v", made.Rooms)
	}
	refusals := []struct {
		name, body, lang string
		status           int
		says             string
	}{
		{"a number the hotel has", fmt.Sprintf(`{"room_type_id":%q,"from":"199","to":"202","floor":2}`, hd.std.ID), "en", 409, "room 201"},
		{"a number the hotel has, in Chinese", fmt.Sprintf(`{"room_type_id":%q,"from":"199","to":"202","floor":2}`, hd.std.ID), "zh-CN", 409, "本酒店已有房间 201"},
		{"too many", fmt.Sprintf(`{"room_type_id":%q,"from":"1000","to":"1300","floor":1}`, hd.std.ID), "en", 400, "at most 200 rooms"},
		{"too many, in Chinese", fmt.Sprintf(`{"room_type_id":%q,"from":"1000","to":"1300","floor":1}`, hd.std.ID), "zh-CN", 400, "一次最多添加 200 间房"},
		{"a bad range", fmt.Sprintf(`{"room_type_id":%q,"from":"9","to":"12","floor":1}`, hd.std.ID), "en", 400, "as many in both"},
		{"backwards", fmt.Sprintf(`{"room_type_id":%q,"from":"420","to":"401","floor":4}`, hd.std.ID), "en", 400, "comes before"},
		{"no room type", `{"room_type_id":"","from":"401","to":"402","floor":4}`, "en", 400, "room type"},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			r := hd.do(t, request{method: "POST", path: path, token: hd.token, body: tt.body, header: map[string]string{"Accept-Language": tt.lang}}).want(t, tt.status)
			if !strings.Contains(r.body, tt.says) {
				t.Errorf("answer %s; want it to say %q", r.body, tt.says)
			}
		})
	}
	var list struct {
		Rooms []struct{} `json:"rooms"`
	}
	hd.do(t, request{method: "GET", path: "/api/v1/hotels/" + hd.hotel.ID + "/rooms", token: hd.token}).want(t, 200).decode(t, &list)
	if len(list.Rooms) != 22 { // 101, 201 and 301…320: the refusals made none
		t.Fatalf("the hotel has %d rooms; want 22", len(list.Rooms))
	}
}
