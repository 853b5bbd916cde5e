package app

import (
	"context"
	"os"
	"path/filepath"

	"innkeep/store"
)

// SetupInput is the first run's form: the first hotel and the first
// system administrator.
type SetupInput struct {
	Hotel HotelInput `json:"hotel"`
	Admin UserInput  `json:"admin"`
}

// SetupResult is what the first run shows once.
type SetupResult struct {
	Hotel          Hotel    `json:"hotel"`
	User           UserView `json:"user"`
	RecoveryPhrase string   `json:"recovery_phrase"`
}

// NeedsSetup reports whether the store has no users yet (on this desk or
// replicated from another).
func (s *Service) NeedsSetup() (bool, error) {
	st, err := s.DB.Stats()
	if err != nil {
		return false, err
	}
	return st.ByKind["user"] == 0, nil
}

// Setup creates the first hotel, the first system administrator and the
// data key of the data folder, and returns the key's recovery phrase, which
// is not stored anywhere. It returns ECONFLICT once a user exists, and
// EINVALID (changing nothing) for bad input.
func (s *Service) Setup(ctx context.Context, in SetupInput, c Client) (SetupResult, error) {
	needed, err := s.NeedsSetup()
	if err != nil {
		return SetupResult{}, err
	}
	if !needed {
		return SetupResult{}, Errorf(ECONFLICT, "Innkeep is set up already; sign in instead")
	}
	// Check everything before anything is made.
	h := Hotel{Name: in.Hotel.Name, TimeZone: in.Hotel.TimeZone, Currency: in.Hotel.Currency}
	if err := h.Validate(); err != nil {
		return SetupResult{}, err
	}
	in.Admin.Roles = []string{RoleSystemAdmin}
	in.Admin.Hotels = AllHotels
	probe := User{Username: in.Admin.Username, DisplayName: in.Admin.DisplayName, Email: in.Admin.Email, Roles: in.Admin.Roles}
	if err := probe.validate(in.Admin.Phone); err != nil {
		return SetupResult{}, err
	}
	if err := CheckPasswordPolicy(probe.Username, in.Admin.Password); err != nil {
		return SetupResult{}, err
	}
	hash, err := HashPassword(in.Admin.Password, DefaultArgon2)
	if err != nil {
		return SetupResult{}, err
	}

	keys, phrase, err := CreateKeyFile(s.DataDir)
	if err != nil {
		if ErrorCode(err) == ECONFLICT {
			return SetupResult{}, Errorf(ECONFLICT, "a data key (%s) exists already in %s from an earlier setup; move it away, or restore it with 'innkeep key recover'", KeyFileName, s.DataDir)
		}
		return SetupResult{}, err
	}
	prevKeys := s.Keys
	s.Keys = keys

	actor := SystemActor()
	actor.Address = c.Address
	var res SetupResult
	err = s.DB.Update("setup", func(tx *store.Tx) error {
		if n, err := countLive(tx, "user"); err != nil || n > 0 {
			return firstErr(err, Errorf(ECONFLICT, "Innkeep is set up already; sign in instead"))
		}
		hotel, err := s.createHotel(tx, actor, in.Hotel)
		if err != nil {
			return err
		}
		now := s.now()
		u := User{ID: NewID(now), Username: probe.Username, DisplayName: probe.DisplayName, Email: probe.Email,
			Status: UserActive, Roles: in.Admin.Roles, Hotels: AllHotels, PasswordHash: hash, CreatedAt: now, UpdatedAt: now}
		if err := s.storeNewUser(tx, actor, &u, in.Admin.Phone, func(User) {}); err != nil {
			return err
		}
		res = SetupResult{Hotel: hotel, User: s.view(u), RecoveryPhrase: phrase}
		return s.audit(tx, actor, "system.setup", "hotel", hotel.ID, nil, map[string]any{"admin": u.Username, "key_id": keys.ID()})
	})
	if err != nil {
		// Nothing was stored: the key belongs to no data.
		s.Keys = prevKeys
		_ = os.Remove(filepath.Join(s.DataDir, KeyFileName))
		return SetupResult{}, err
	}
	return res, nil
}

// countLive counts the live documents of kind.
func countLive(tx *store.Tx, kind string) (int, error) {
	n := 0
	err := tx.ForEach(kind, func(store.Doc) error { n++; return nil })
	return n, err
}
