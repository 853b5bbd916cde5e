package property_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"innkeep/app"
	"innkeep/app/apptest"
	"innkeep/app/audit"
	"innkeep/app/property"
)

func TestBulkRoomNumbersMakeEveryNumberOfTheRange(t *testing.T) {
	tests := []struct {
		name, from, to string
		want           []string
	}{
		{"plain numbers", "201", "204", []string{"201", "202", "203", "204"}},
		{"one room", "7", "7", []string{"7"}},
		{"leading zeros kept", "A08", "A11", []string{"A08", "A09", "A10", "A11"}},
		{"a prefix of letters", "B-1", "B-3", []string{"B-1", "B-2", "B-3"}},
		{"spaces around are trimmed", " 301 ", "302", []string{"301", "302"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := property.BulkRoomNumbers(tt.from, tt.to)
			if err != nil || !slices.Equal(got, tt.want) {
				t.Fatalf("BulkRoomNumbers(%q, %q) = %v, %v; want %v", tt.from, tt.to, got, err, tt.want)
			}
		})
	}
}

func TestBulkRoomRangesThatAreNotRangesAreRefused(t *testing.T) {
	tests := []struct {
		name, from, to, key string
	}{
		{"no digits", "A", "B", "property.bulk_range_invalid"},
		{"empty", "", "", "property.bulk_range_invalid"},
		{"other prefixes", "A01", "B05", "property.bulk_range_invalid"},
		{"other widths", "99", "101", "property.bulk_range_invalid"},
		{"backwards", "220", "201", "property.bulk_range_reversed"},
		{"too many", "1000", "1200", "property.bulk_too_many"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := property.BulkRoomNumbers(tt.from, tt.to)
			var e *app.Error
			if !errors.As(err, &e) || e.Code != app.EINVALID || e.Key != tt.key {
				t.Fatalf("BulkRoomNumbers(%q, %q) = %v; want %s %s", tt.from, tt.to, err, app.EINVALID, tt.key)
			}
		})
	}
	if n, err := property.BulkRoomNumbers("1001", "1200"); err != nil || len(n) != property.MaxBulkRooms {
		t.Fatalf("the largest range: %d numbers, %v; want %d", len(n), err, property.MaxBulkRooms)
	}
}

// bulkDesk is a desk with one hotel and one room type, and room 205.
type bulkDesk struct {
	kit   *apptest.Kit
	hotel property.Hotel
	rt    property.RoomType
}

func newBulkDesk(t *testing.T) *bulkDesk {
	t.Helper()
	k := apptest.NewDesk(t, apptest.Options{})
	a, ctx := app.CLIActor(), context.Background()
	h, err := k.Property.CreateHotel(ctx, a, property.HotelInput{Name: "Harbour Inn", TimeZone: "Asia/Shanghai", Currency: "CNY"})
	if err != nil {
		t.Fatal(err)
	}
	rt, err := k.Property.CreateRoomType(ctx, a, h.ID, property.RoomTypeInput{Code: "DLX", Name: "Deluxe", BedType: "double", MaxAdults: 2})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k.Property.CreateRoom(ctx, a, h.ID, property.RoomInput{Number: "205", Floor: 2, RoomTypeID: rt.ID}); err != nil {
		t.Fatal(err)
	}
	return &bulkDesk{kit: k, hotel: h, rt: rt}
}

func (d *bulkDesk) numbers(t *testing.T) []string {
	t.Helper()
	rooms, err := d.kit.Property.ListRooms(context.Background(), app.CLIActor(), d.hotel.ID, property.RoomFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rooms {
		out = append(out, r.Number)
	}
	return out
}

func TestBulkRoomsAreCreatedTogetherAndAuditedOneByOne(t *testing.T) {
	d := newBulkDesk(t)
	ctx := context.Background()
	made, err := d.kit.Property.CreateRooms(ctx, app.CLIActor(), d.hotel.ID, property.BulkRoomsInput{
		RoomTypeID: d.rt.ID, From: "301", To: "320", Floor: 3, Features: []string{"sea view"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(made) != 20 || made[0].Number != "301" || made[19].Number != "320" {
		t.Fatalf("made %d rooms, %v … ; want 301 to 320", len(made), made[0].Number)
	}
	for _, r := range made {
		if r.Floor != 3 || r.RoomTypeID != d.rt.ID || r.Housekeeping != property.RoomClean || !slices.Equal(r.Features, []string{"sea view"}) {
			t.Fatalf("room %s = %+v; want floor 3, the type, clean, sea view", r.Number, r)
		}
	}
	if got := d.numbers(t); len(got) != 21 {
		t.Fatalf("the hotel has %d rooms; want 21", len(got))
	}
	page, err := d.kit.Audit.List(ctx, app.CLIActor(), audit.Filter{Action: "room.create", Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Entries) != 21 { // 205 and the twenty new ones
		t.Fatalf("%d room.create entries in the audit log; want 21", len(page.Entries))
	}
}

func TestBulkRoomsThatCannotAllBeMadeChangeNothing(t *testing.T) {
	tests := []struct {
		name    string
		in      func(d *bulkDesk) property.BulkRoomsInput
		code    string
		message string
	}{
		{"one number exists", func(d *bulkDesk) property.BulkRoomsInput {
			return property.BulkRoomsInput{RoomTypeID: d.rt.ID, From: "201", To: "210", Floor: 2}
		}, app.ECONFLICT, "205"},
		{"too many", func(d *bulkDesk) property.BulkRoomsInput {
			return property.BulkRoomsInput{RoomTypeID: d.rt.ID, From: "100", To: "400", Floor: 1}
		}, app.EINVALID, "at most 200"},
		{"a bad range", func(d *bulkDesk) property.BulkRoomsInput {
			return property.BulkRoomsInput{RoomTypeID: d.rt.ID, From: "A1", To: "B9", Floor: 1}
		}, app.EINVALID, "A1"},
		{"a bad floor", func(d *bulkDesk) property.BulkRoomsInput {
			return property.BulkRoomsInput{RoomTypeID: d.rt.ID, From: "901", To: "902", Floor: 900}
		}, app.EINVALID, "floor"},
		{"another hotel's room type", func(d *bulkDesk) property.BulkRoomsInput {
			return property.BulkRoomsInput{RoomTypeID: "nope", From: "901", To: "902", Floor: 9}
		}, app.EINVALID, "nope"},
		{"a bad housekeeping status", func(d *bulkDesk) property.BulkRoomsInput {
			return property.BulkRoomsInput{RoomTypeID: d.rt.ID, From: "901", To: "902", Floor: 9, Housekeeping: "sparkling"}
		}, app.EINVALID, "sparkling"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newBulkDesk(t)
			before, err := d.kit.DB.StateHash()
			if err != nil {
				t.Fatal(err)
			}
			_, err = d.kit.Property.CreateRooms(context.Background(), app.CLIActor(), d.hotel.ID, tt.in(d))
			if app.ErrorCode(err) != tt.code || !strings.Contains(app.ErrorMessage(err), tt.message) {
				t.Fatalf("CreateRooms = %v; want %s naming %q", err, tt.code, tt.message)
			}
			after, err := d.kit.DB.StateHash()
			if err != nil {
				t.Fatal(err)
			}
			if before != after || len(d.numbers(t)) != 1 {
				t.Fatalf("the store changed: %v", d.numbers(t))
			}
		})
	}
}

func TestBulkRoomsNeedRoomsCreate(t *testing.T) {
	d := newBulkDesk(t)
	a := app.Actor{UserID: "u1", Username: "viewer", Perms: app.NewPermissionSet(app.Perm("rooms", "view")), Hotels: app.AllHotels}
	_, err := d.kit.Property.CreateRooms(context.Background(), a, d.hotel.ID, property.BulkRoomsInput{RoomTypeID: d.rt.ID, From: "901", To: "902"})
	if app.ErrorCode(err) != app.EFORBIDDEN {
		t.Fatalf("CreateRooms without rooms.create = %v; want forbidden", err)
	}
}
