package setup

import (
	"context"
	"encoding/json"
	"errors"
	"innkeep/app"
	"innkeep/app/access"
	"innkeep/app/audit"
	"innkeep/app/datadir"
	"innkeep/store"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
)

// RecoveredKey describes what RecoverDataKey did.
type RecoveredKey struct {
	KeyID string // the id of the recovered data key
	Path  string // the key file
	// Created is true when the key file was written, false when it
	// existed already with this key and was only made private (0600).
	Created bool
}

// RecoverDataKey rebuilds the data folder's key file (innkeep.key) from the
// recovery phrase shown at setup, makes s use the key, and audits
// "key.recover". It needs system.update. Before writing anything it checks
// the phrase against the store: the key must be the one that setup recorded
// and that sealed the encrypted fields found in the store.
//
// It returns EFORBIDDEN without the permission; ECONFLICT before setup
// (there is no key to recover) and when the key file exists and holds
// another key or cannot be read (it is never overwritten); EINVALID when
// the phrase is malformed or has a typo (see KeyFromPhrase), or belongs to
// another data key than this store's; EUNAVAILABLE when the file cannot be
// written. When the audit entry cannot be written after the file was, the
// file stays (it holds the right key) and the error is returned.
func (s *Service) RecoverDataKey(ctx context.Context, a app.Actor, phrase string) (RecoveredKey, error) {
	if err := a.Require(app.Perm("system", "update")); err != nil {
		return RecoveredKey{}, err
	}
	needed, err := s.NeedsSetup()
	if err != nil {
		return RecoveredKey{}, err
	}
	if needed {
		return RecoveredKey{}, app.E(app.ECONFLICT, "setup.not_set_up", "Innkeep is not set up yet in {dir}, so it has no data key to recover; open it and run the setup", "dir", s.dataDir)
	}
	key, err := datadir.KeyFromPhrase(phrase)
	if err != nil {
		return RecoveredKey{}, err
	}
	kr, err := app.NewKeyring(key)
	if err != nil {
		return RecoveredKey{}, err
	}
	used, err := s.dataKeyIDs(ctx)
	if err != nil {
		return RecoveredKey{}, err
	}
	if len(used) > 0 && !slices.Contains(used, kr.ID()) {
		return RecoveredKey{}, app.E(app.EINVALID, "setup.phrase_of_another_install", "this recovery phrase is for the data key {key}, but the data in {dir} was encrypted with the data key {used}: the phrase belongs to another Innkeep install",
			"key", kr.ID(), "dir", s.dataDir, "used", joinIDs(used))
	}
	path := filepath.Join(s.dataDir, app.KeyFileName)
	_, statErr := os.Lstat(path)
	existed := !errors.Is(statErr, fs.ErrNotExist)
	if _, err := datadir.RecoverKeyFile(s.dataDir, phrase); err != nil {
		return RecoveredKey{}, err
	}
	s.Keys.Set(kr)
	res := RecoveredKey{KeyID: kr.ID(), Path: path, Created: !existed}
	err = s.DB.Update(a.String(), func(tx *store.Tx) error {
		return s.Audit.Record(tx, a, "key.recover", "key", kr.ID(), nil,
			map[string]any{"key_id": kr.ID(), "file": app.KeyFileName, "created": res.Created})
	})
	return res, err
}

// dataKeyIDs returns the ids of the data keys that this store's data was
// sealed with, sorted: the key ids that setup recorded in the audit log
// ("system.setup") and those of the encrypted fields of users. It is empty
// when there is neither.
func (s *Service) dataKeyIDs(ctx context.Context) ([]string, error) {
	ids := map[string]bool{}
	page, err := s.log.List(ctx, app.CLIActor(), audit.Filter{Action: "system.setup", Limit: audit.MaxLimit})
	if err != nil {
		return nil, err
	}
	for _, e := range page.Entries {
		var id string
		if json.Unmarshal(e.After["key_id"], &id) == nil && app.IsKeyID(id) {
			ids[id] = true
		}
	}
	err = s.DB.View(func(tx *store.Tx) error {
		return access.Users.ForEach(tx, func(_ string, u access.User) error {
			if id, _, ok := app.SplitEncrypted(u.Phone); ok {
				ids[id] = true
			}
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(ids))
	for id := range ids {
		out = append(out, id)
	}
	sort.Strings(out)
	return out, nil
}

// joinIDs writes key ids as "a", "a or b", "a, b or c".
func joinIDs(ids []string) string {
	switch len(ids) {
	case 0:
		return ""
	case 1:
		return ids[0]
	}
	out := ids[0]
	for _, id := range ids[1 : len(ids)-1] {
		out += ", " + id
	}
	return out + " or " + ids[len(ids)-1]
}
