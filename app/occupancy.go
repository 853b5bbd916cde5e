package app

import "innkeep/store"

// roomOutOfOrderIndex indexes the nights rooms are out of order: hotel,
// night, room type.
func roomOutOfOrderIndex() store.Index {
	return store.Index{Name: "ooo_night", Keys: func(d store.Doc) []string {
		var r Room
		if unmarshalDoc(d, &r) != nil {
			return nil
		}
		var keys []string
		seen := map[string]bool{}
		for _, o := range r.OutOfOrder {
			for _, night := range nightsOf(o.From, o.To) {
				if !seen[night] {
					seen[night] = true
					keys = append(keys, r.HotelID+sep+night+sep+r.RoomTypeID)
				}
			}
		}
		return keys
	}}
}
