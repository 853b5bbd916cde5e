package app

import (
	"time"

	"innkeep/store"
)

// RoomType is a kind of room a hotel sells: its beds, size, capacity and
// descriptions. Inventory and prices are kept per room type.
type RoomType struct {
	ID           string            `json:"id"`
	HotelID      string            `json:"hotel_id"`
	Code         string            `json:"code"` // unique in the hotel, e.g. DLX
	Name         string            `json:"name"`
	BedType      string            `json:"bed_type"` // see BedTypes
	AreaM2       float64           `json:"area_m2"`
	MaxAdults    int               `json:"max_adults"`
	MaxChildren  int               `json:"max_children"`
	Amenities    []string          `json:"amenities"`
	Descriptions map[string]string `json:"descriptions"` // by language: en, zh-CN
	Photos       []Photo           `json:"photos"`
	CreatedAt    time.Time         `json:"created_at"`
	UpdatedAt    time.Time         `json:"updated_at"`
}

// Photo describes an image of a room type; the files live in the data
// folder's photos/ directory.
type Photo struct {
	ID          string `json:"id"`
	ContentType string `json:"content_type"` // image/jpeg or image/png
	Width       int    `json:"width"`
	Height      int    `json:"height"`
	Bytes       int64  `json:"bytes"`
}

// BedTypes are the bed types a room type may have.
var BedTypes = []string{"single", "twin", "double", "queen", "king", "bunk", "other"}

var roomTypes = store.NewCollection[RoomType]("room_type")

func roomTypeKind() store.Kind {
	return store.Kind{Name: "room_type", Indexes: []store.Index{
		// hotel id 0x1f code: the types of a hotel, and code uniqueness.
		{Name: "hotel_code", Keys: func(d store.Doc) []string {
			return []string{stringField(d, "hotel_id") + "\x1f" + foldKey(stringField(d, "code"))}
		}},
	}}
}
