package property

import (
	"innkeep/app"
	"innkeep/store"
)

// Duplicates returns the room numbers and the room type codes that more
// than one room, or room type, of hotel shares. A desk never writes a
// duplicate; two desks cut off from each other can each make one, and the
// merge keeps both. The same merged state gives the same list on every
// desk; renaming one of them clears it.
func Duplicates(tx *store.Tx, hotelID string) ([]app.RuleConflict, error) {
	out := []app.RuleConflict{}
	prefix := hotelID + app.KeySep
	if err := app.SameKeys(func(fn func(k, id string) error) error {
		return tx.Scan(KindRoom, IndexRoomHotelNumber, prefix, prefix+"\x7f", fn)
	}, func(_ string, ids []string) error {
		r, err := Rooms.GetShared(tx, ids[0])
		if err != nil {
			return err
		}
		out = append(out, app.RuleConflict{Rule: app.RuleRoomNumber, Value: r.Number, IDs: ids})
		return nil
	}); err != nil {
		return nil, err
	}
	if err := app.SameKeys(func(fn func(k, id string) error) error {
		return tx.Scan(KindRoomType, IndexRoomTypeHotelCode, prefix, prefix+"\x7f", fn)
	}, func(_ string, ids []string) error {
		t, err := RoomTypes.GetShared(tx, ids[0])
		if err != nil {
			return err
		}
		out = append(out, app.RuleConflict{Rule: app.RuleRoomTypeCode, Value: t.Code, IDs: ids})
		return nil
	}); err != nil {
		return nil, err
	}
	return out, nil
}
