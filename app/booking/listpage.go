package booking

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"

	"innkeep/app"
)

// ReservationPage is one page of a list of reservations. Its JSON form is
// the body of GET /api/v1/reservations.
type ReservationPage struct {
	Reservations []Reservation `json:"reservations"` // never nil
	// Next is the cursor of the next page (give it back as the cursor of
	// the same filter); absent when this page is the last.
	Next string `json:"next,omitempty"`
}

// listed is a reservation of a list with its place in the list.
type listed struct {
	r   Reservation
	key listKey
}

// listKey places a reservation in a list: by arrival date, or, for a
// search, in the desk's order (compareForDesk) with the group it falls in
// on its hotel's business date; then by code, then by id, so that no two
// reservations tie (the rooms of one booking share a code) and a cursor
// (the key of a page's last reservation) splits the list exactly.
type listKey struct {
	Desk bool   `json:"d,omitempty"`
	G    int    `json:"g,omitempty"` // deskGroup
	In   string `json:"i"`
	Out  string `json:"o,omitempty"`
	Code string `json:"c"`
	ID   string `json:"id"`
}

// deskKey is the key of r in a search at the desk on business date today.
func deskKey(r Reservation, today string) listKey {
	return listKey{Desk: true, G: deskGroup(r, today), In: r.CheckIn, Out: r.CheckOut, Code: r.Code, ID: r.ID}
}

// compare orders keys of one list as compareForDesk (a search) or by
// arrival date (any other list) orders their reservations, with the id
// last.
func (k listKey) compare(o listKey) int {
	if c := cmp.Compare(k.G, o.G); c != 0 {
		return c
	}
	var c int
	switch {
	case !k.Desk || k.G == 0:
		c = strings.Compare(k.In, o.In)
	case k.G == 1:
		c = strings.Compare(k.Out, o.Out)
	default:
		if c = strings.Compare(o.Out, k.Out); c == 0 {
			c = strings.Compare(o.In, k.In)
		}
	}
	if c != 0 {
		return c
	}
	if c := strings.Compare(k.Code, o.Code); c != 0 {
		return c
	}
	return strings.Compare(k.ID, o.ID)
}

// encode makes k an opaque cursor.
func (k listKey) encode() string {
	b, _ := json.Marshal(k)
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeListCursor reads a cursor that encode made for a list of the same
// kind (a search when desk); "" is the first page (nil). Anything else is
// EINVALID.
func decodeListCursor(cursor string, desk bool) (*listKey, error) {
	if cursor == "" {
		return nil, nil
	}
	var k listKey
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err == nil {
		err = json.Unmarshal(b, &k)
	}
	if err == nil && (k.Desk != desk || k.ID == "") {
		err = errors.New("another list's cursor")
	}
	if err != nil {
		return nil, app.E(app.EINVALID, "booking.cursor_invalid", "\"{cursor}\" is not a place in this list; start again from its first page", "cursor", cursor)
	}
	return &k, nil
}

// errPageFull stops a scan once a page has all it can show.
var errPageFull = errors.New("page full")
