package property

import (
	"innkeep/app"
	"innkeep/store"
)

// roomOutOfOrderIndex indexes the nights rooms are out of order: hotel,
// night, room type. It is counted: availability reads the rooms out of
// order per night and type without reading the rooms.
func roomOutOfOrderIndex() store.Index {
	return store.Index{Name: IndexRoomOooNight, Counted: true, Keys: func(d store.Doc) []string {
		var r Room
		if app.UnmarshalDoc(d, &r) != nil {
			return nil
		}
		var keys []string
		seen := map[string]bool{}
		for _, o := range r.OutOfOrder {
			for _, night := range app.Nights(o.From, o.To) {
				if !seen[night] {
					seen[night] = true
					keys = append(keys, r.HotelID+app.KeySep+night+app.KeySep+r.RoomTypeID)
				}
			}
		}
		return keys
	}}
}
