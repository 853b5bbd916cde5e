package property

import (
	"context"
	"errors"
	"innkeep/app"
	"innkeep/store"
	"maps"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// RoomType is a kind of room a hotel sells: its beds, size, capacity and
// descriptions. Inventory and prices are kept per room type.
type RoomType struct {
	ID           string            `json:"id"`
	HotelID      string            `json:"hotel_id"`
	Code         string            `json:"code"` // unique in the hotel, e.g. DLX
	Name         string            `json:"name"`
	BedType      string            `json:"bed_type" enum:"single,twin,double,queen,king,bunk,other"` // see BedTypes
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

var RoomTypes = store.NewCollection[RoomType](KindRoomType)

func roomTypeKind() store.Kind {
	return store.Kind{Name: KindRoomType, Sets: []string{"photos"}, Indexes: []store.Index{
		// hotel id 0x1f code: the types of a hotel, and code uniqueness.
		{Name: IndexRoomTypeHotelCode, Keys: func(d store.Doc) []string {
			return []string{app.StringField(d, "hotel_id") + "\x1f" + app.FoldKey(app.StringField(d, "code"))}
		}},
	}}
}

// DescriptionLanguages are the languages a room type may be described in.
var DescriptionLanguages = []string{"en", "zh-CN"}

// Bounds of room types.
const (
	maxListItems   = 50   // amenities of a type, features of a room
	maxListItemLen = 60   // characters of one amenity or feature
	maxDescription = 4000 // characters of one description
)

// RoomTypeInput creates a room type.
type RoomTypeInput struct {
	Code         string            `json:"code"`
	Name         string            `json:"name"`
	BedType      string            `json:"bed_type"`
	AreaM2       float64           `json:"area_m2"`
	MaxAdults    int               `json:"max_adults"`
	MaxChildren  int               `json:"max_children"`
	Amenities    []string          `json:"amenities"`
	Descriptions map[string]string `json:"descriptions"`
}

// RoomTypePatch changes some fields of a room type; nil fields stay.
// Photos change through AddPhoto and DeletePhoto.
type RoomTypePatch struct {
	Code         *string            `json:"code"`
	Name         *string            `json:"name"`
	BedType      *string            `json:"bed_type"`
	AreaM2       *float64           `json:"area_m2"`
	MaxAdults    *int               `json:"max_adults"`
	MaxChildren  *int               `json:"max_children"`
	Amenities    *[]string          `json:"amenities"`
	Descriptions *map[string]string `json:"descriptions"`
}

// RoomTypeFilter narrows ListRoomTypes. Zero fields do not filter.
type RoomTypeFilter struct {
	Q       string // words that must each appear in the code, name or amenities
	BedType string
}

var codePattern = regexp.MustCompile(`^[A-Z0-9_-]{1,16}$`)

// normalizeCode upper-cases a code of a record of kind (a word such as
// kind.room_type) and returns EINVALID unless it is 1 to 16 letters,
// digits, '_' or '-'.
func normalizeCode(kind app.Word, code string) (string, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if !codePattern.MatchString(code) {
		return "", app.E(app.EINVALID, "property.code_invalid", "the {kind} code must be 1 to 16 letters, digits, '_' or '-', such as DLX, not \"{code}\"",
			"kind", kind, "code", code)
	}
	return code, nil
}

// normalizeList trims the items of a list (what: a word such as
// "amenities"), drops repeats, and returns EINVALID for blank or long items
// or too many.
func normalizeList(what app.Word, items []string) ([]string, error) {
	out := []string{}
	for _, it := range items {
		it = strings.TrimSpace(it)
		if it == "" {
			return nil, app.E(app.EINVALID, "property.list_item_blank", "{what} may not be blank", "what", what)
		}
		if utf8.RuneCountInString(it) > maxListItemLen {
			return nil, app.E(app.EINVALID, "property.list_item_too_long", "each of the {what} must be at most {max} characters: \"{start}\"… is longer",
				"what", what, "max", maxListItemLen, "start", string([]rune(it)[:20]))
		}
		if err := app.CheckName(what, it); err != nil {
			return nil, err
		}
		if !slices.Contains(out, it) {
			out = append(out, it)
		}
	}
	if len(out) > maxListItems {
		return nil, app.E(app.EINVALID, "property.list_too_long", "at most {max} {what}, not {count}", "max", maxListItems, "what", what, "count", len(out))
	}
	return out, nil
}

// badBedType is the EINVALID error of a bed type that is not one of BedTypes.
func badBedType(bed string) error {
	return app.E(app.EINVALID, "property.bed_type_invalid", "the bed type must be one of {types}, not \"{bed}\"", "types", strings.Join(BedTypes, ", "), "bed", bed)
}

// validate normalizes t and returns EINVALID naming the first field that is
// wrong.
func (t *RoomType) validate() error {
	code, err := normalizeCode(app.MakeWord("kind.room_type", "room type"), t.Code)
	if err != nil {
		return err
	}
	t.Code = code
	t.Name = strings.TrimSpace(t.Name)
	if t.Name == "" || utf8.RuneCountInString(t.Name) > 100 {
		return app.E(app.EINVALID, "property.room_type_name_length", "the room type name must be 1 to 100 characters")
	}
	if err := app.CheckName(app.MakeWord("property.field_room_type_name", "room type name"), t.Name); err != nil {
		return err
	}
	t.BedType = strings.ToLower(strings.TrimSpace(t.BedType))
	if !slices.Contains(BedTypes, t.BedType) {
		return badBedType(t.BedType)
	}
	if math.IsNaN(t.AreaM2) || t.AreaM2 < 0 || t.AreaM2 > 1000 {
		return app.E(app.EINVALID, "property.area_invalid", "the area must be 0 to 1000 square metres")
	}
	if t.MaxAdults < 1 || t.MaxAdults > 20 {
		return app.E(app.EINVALID, "property.max_adults_invalid", "the most adults a room type sleeps must be 1 to 20, not {adults}", "adults", t.MaxAdults)
	}
	if t.MaxChildren < 0 || t.MaxChildren > 20 {
		return app.E(app.EINVALID, "property.max_children_invalid", "the most children a room type sleeps must be 0 to 20, not {children}", "children", t.MaxChildren)
	}
	if t.Amenities, err = normalizeList(app.MakeWord("property.field_amenities", "amenities"), t.Amenities); err != nil {
		return err
	}
	desc := map[string]string{}
	for lang, text := range t.Descriptions {
		if !slices.Contains(DescriptionLanguages, lang) {
			// The message names DescriptionLanguages: change both together.
			return app.E(app.EINVALID, "property.description_language_invalid", "descriptions are in en or zh-CN, not \"{lang}\"", "lang", lang)
		}
		text = strings.TrimSpace(text)
		if utf8.RuneCountInString(text) > maxDescription {
			return app.E(app.EINVALID, "property.description_too_long", "the {lang} description must be at most {max} characters", "lang", lang, "max", maxDescription)
		}
		if text != "" {
			desc[lang] = text
		}
	}
	t.Descriptions = desc
	if t.Photos == nil {
		t.Photos = []Photo{}
	}
	return nil
}

// roomTypeInScope returns room type id when its hotel is in the actor's
// scope; other types answer ENOTFOUND, as if they did not exist.
func roomTypeInScope(tx *store.Tx, a app.Actor, id string) (RoomType, error) {
	t, err := RoomTypes.Get(tx, id)
	if err != nil {
		return RoomType{}, app.NotFound(err, "room_type", id)
	}
	if !a.Hotels.Includes(t.HotelID) {
		return RoomType{}, app.NotFoundError("room_type", id)
	}
	return t, nil
}

// roomTypesOf returns the room types of a hotel, by code.
func roomTypesOf(tx *store.Tx, hotelID string) ([]RoomType, error) {
	out := []RoomType{}
	err := RoomTypes.Scan(tx, IndexRoomTypeHotelCode, hotelID+app.KeySep, hotelID+app.KeySep+"\x7f", func(_, _ string, t RoomType) error {
		out = append(out, t)
		return nil
	})
	return out, err
}

// checkTypeCode returns ECONFLICT when another room type of the hotel has
// code.
func checkTypeCode(tx *store.Tx, hotelID, code, self string) error {
	key := hotelID + app.KeySep + app.FoldKey(code)
	return tx.ScanPrefix(KindRoomType, IndexRoomTypeHotelCode, key, func(k, id string) error {
		if k == key && id != self {
			return app.E(app.ECONFLICT, "property.room_type_code_taken", "the room type code {code} is taken in this hotel", "code", code)
		}
		return nil
	})
}

// ListRoomTypes returns the room types of hotel hotelID that f keeps, by
// code. A hotel outside the actor's scope answers ENOTFOUND.
func (s *Service) ListRoomTypes(ctx context.Context, a app.Actor, hotelID string, f RoomTypeFilter) ([]RoomType, error) {
	if err := a.Require(app.Perm("rooms", "view")); err != nil {
		return nil, err
	}
	bed := strings.ToLower(strings.TrimSpace(f.BedType))
	if bed != "" && !slices.Contains(BedTypes, bed) {
		return nil, badBedType(f.BedType)
	}
	words := strings.Fields(app.FoldKey(f.Q))
	out := []RoomType{}
	err := s.DB.View(func(tx *store.Tx) error {
		if _, err := s.HotelInScope(tx, a, hotelID); err != nil {
			return err
		}
		all, err := roomTypesOf(tx, hotelID)
		if err != nil {
			return err
		}
		for _, t := range all {
			if bed != "" && t.BedType != bed {
				continue
			}
			text := app.FoldKey(t.Code + " " + t.Name + " " + strings.Join(t.Amenities, " "))
			if !containsAll(text, words) {
				continue
			}
			out = append(out, t)
		}
		return nil
	})
	return out, err
}

// containsAll reports whether text contains every word.
func containsAll(text string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return true
}

// GetRoomType returns room type id.
func (s *Service) GetRoomType(ctx context.Context, a app.Actor, id string) (RoomType, error) {
	if err := a.Require(app.Perm("rooms", "view")); err != nil {
		return RoomType{}, err
	}
	var t RoomType
	err := s.DB.View(func(tx *store.Tx) error {
		var err error
		t, err = roomTypeInScope(tx, a, id)
		return err
	})
	return t, err
}

// CreateRoomType creates a room type of hotel hotelID. It returns EINVALID
// for bad input and ECONFLICT when the code is taken in the hotel.
func (s *Service) CreateRoomType(ctx context.Context, a app.Actor, hotelID string, in RoomTypeInput) (RoomType, error) {
	if err := a.Require(app.Perm("rooms", "create")); err != nil {
		return RoomType{}, err
	}
	var t RoomType
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		if _, err := s.HotelInScope(tx, a, hotelID); err != nil {
			return err
		}
		now := s.Now()
		t = RoomType{ID: app.NewID(now), HotelID: hotelID, Code: in.Code, Name: in.Name, BedType: in.BedType,
			AreaM2: in.AreaM2, MaxAdults: in.MaxAdults, MaxChildren: in.MaxChildren, Amenities: in.Amenities,
			Descriptions: in.Descriptions, Photos: []Photo{}, CreatedAt: now, UpdatedAt: now}
		if err := t.validate(); err != nil {
			return err
		}
		if err := checkTypeCode(tx, hotelID, t.Code, ""); err != nil {
			return err
		}
		if err := RoomTypes.Create(tx, t.ID, t); err != nil {
			return err
		}
		return s.Audit.Record(tx, a, "room_type.create", "room_type", t.ID, nil, t)
	})
	return t, err
}

// UpdateRoomType changes the fields of room type id that p sets. Lowering
// the most adults below what a rate plan of the type includes is EINVALID.
func (s *Service) UpdateRoomType(ctx context.Context, a app.Actor, id string, p RoomTypePatch) (RoomType, error) {
	if err := a.Require(app.Perm("rooms", "update")); err != nil {
		return RoomType{}, err
	}
	var t RoomType
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		before, err := roomTypeInScope(tx, a, id)
		if err != nil {
			return err
		}
		t = before
		app.SetIf(&t.Code, p.Code)
		app.SetIf(&t.Name, p.Name)
		app.SetIf(&t.BedType, p.BedType)
		app.SetIf(&t.AreaM2, p.AreaM2)
		app.SetIf(&t.MaxAdults, p.MaxAdults)
		app.SetIf(&t.MaxChildren, p.MaxChildren)
		if p.Amenities != nil {
			t.Amenities = slices.Clone(*p.Amenities)
		}
		if p.Descriptions != nil {
			t.Descriptions = maps.Clone(*p.Descriptions)
		}
		if err := t.validate(); err != nil {
			return err
		}
		// Only a new code is checked: a room type that shares its code
		// after a merge (see Duplicates) can still be changed otherwise.
		if app.FoldKey(t.Code) != app.FoldKey(before.Code) {
			if err := checkTypeCode(tx, t.HotelID, t.Code, id); err != nil {
				return err
			}
		}
		if t.MaxAdults < before.MaxAdults {
			plans, err := hotelRatePlans(tx, t.HotelID, id)
			if err != nil {
				return err
			}
			for _, rp := range plans {
				if rp.IncludedAdults > t.MaxAdults {
					return app.E(app.EINVALID, "property.max_adults_below_rate_plan", "rate plan {plan} includes {adults} adults; lower it before the room type's maximum",
						"plan", rp.Code, "adults", rp.IncludedAdults)
				}
			}
		}
		t.UpdatedAt = s.Now()
		if err := RoomTypes.Put(tx, id, t); err != nil {
			return err
		}
		return s.Audit.Record(tx, a, "room_type.update", "room_type", id, before, t)
	})
	return t, err
}

// DeleteRoomType deletes room type id, its inventory caps and its photos.
// It returns ECONFLICT while rooms or rate plans of the type exist, or a
// current or future reservation (named) is of the type.
func (s *Service) DeleteRoomType(ctx context.Context, a app.Actor, id string) error {
	if err := a.Require(app.Perm("rooms", "delete")); err != nil {
		return err
	}
	var photos []Photo
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		t, err := roomTypeInScope(tx, a, id)
		if err != nil {
			return err
		}
		n := 0
		if err := tx.ScanPrefix(KindRoom, IndexRoomHotelType, t.HotelID+app.KeySep+id, func(string, string) error { n++; return nil }); err != nil {
			return err
		}
		if n > 0 {
			return app.E(app.ECONFLICT, "property.room_type_has_rooms", "room type {code} still has {count} room(s); delete or move them first", "code", t.Code, "count", n)
		}
		plans, err := hotelRatePlans(tx, t.HotelID, id)
		if err != nil {
			return err
		}
		if len(plans) > 0 {
			return app.E(app.ECONFLICT, "property.room_type_has_rate_plans", "room type {code} still has rate plan {plan}; delete its plans first", "code", t.Code, "plan", plans[0].Code)
		}
		if code, ok, err := s.bookings.Using(tx, t.HotelID, Use{RoomTypeID: id}); err != nil {
			return err
		} else if ok {
			return app.E(app.ECONFLICT, "property.room_type_in_use", "reservation {code} is of room type {type}; change or cancel it first", "code", code, "type", t.Code)
		}
		var caps []string
		if err := tx.ScanPrefix(KindInventoryDay, IndexInventoryDayTypeDate, id+app.KeySep, func(_, dayID string) error {
			caps = append(caps, dayID)
			return nil
		}); err != nil {
			return err
		}
		for _, dayID := range caps {
			if err := inventoryDays.Delete(tx, dayID); err != nil {
				return err
			}
		}
		if err := RoomTypes.Delete(tx, id); err != nil {
			return err
		}
		photos = t.Photos
		return s.Audit.Record(tx, a, "room_type.delete", "room_type", id, t, nil)
	})
	if err == nil {
		for _, p := range photos {
			s.removePhotoFiles(p)
		}
	}
	return err
}

// errPropertyScanDone ends a scan early; it never leaves the function that scans.
var errPropertyScanDone = errors.New("stop scanning")

// KindRoomType is the kind of RoomType documents, and IndexRoomType… name its indexes.
const (
	KindRoomType           = "room_type"
	IndexRoomTypeHotelCode = "hotel_code"
)
