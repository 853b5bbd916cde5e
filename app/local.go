package app

import (
	"encoding/json"
	"innkeep/store"
)

func GetLocal(tx *store.Tx, space, key string, v any) (bool, error) {
	b := tx.LocalGet(space, key)
	if b == nil {
		return false, nil
	}
	if err := json.Unmarshal(b, v); err != nil {
		return false, Errorf(EINTERNAL, "a local %s record is damaged", space)
	}
	return true, nil
}

func PutLocal(tx *store.Tx, space, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return tx.LocalPut(space, key, b)
}
