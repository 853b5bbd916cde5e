package setup

import (
	"context"
	"innkeep/app"
	"innkeep/app/access"
	"innkeep/app/datadir"
	"innkeep/app/property"
	"innkeep/store"
)

// SetupInput is the first run's form: the first hotel and the first
// system administrator.
type SetupInput struct {
	Hotel property.HotelInput `json:"hotel"`
	Admin access.UserInput    `json:"admin"`
}

// SetupResult is what the first run shows once.
type SetupResult struct {
	Hotel          property.Hotel  `json:"hotel"`
	User           access.UserView `json:"user"`
	RecoveryPhrase string          `json:"recovery_phrase"`
}

// NeedsSetup reports whether the store has no users yet (on this desk or
// replicated from another).
func (s *Service) NeedsSetup() (bool, error) {
	st, err := s.DB.Stats()
	if err != nil {
		return false, err
	}
	return st.ByKind[access.KindUser] == 0, nil
}

// errSetUpAlready is the answer to a setup once a user exists.
func errSetUpAlready() error {
	return app.E(app.ECONFLICT, "setup.set_up_already", "Innkeep is set up already; sign in instead")
}

// Setup creates the first hotel, the first system administrator and the
// data key of the data folder, and returns the key's recovery phrase, which
// is not stored anywhere. It returns ECONFLICT once a user exists, and
// EINVALID (changing nothing) for bad input; a BusyError (EUNAVAILABLE) when
// too many passwords are being hashed at once.
//
// Setups run one at a time: of two setups made at once, the second waits
// and then gets "set up already" (ECONFLICT). A setup that fails removes
// only the key file it wrote itself. A key file that was there before the
// setup (left by an earlier install) is never replaced: that setup fails
// with setup.key_file_exists.
func (s *Service) Setup(ctx context.Context, in SetupInput, c app.Client) (SetupResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	needed, err := s.NeedsSetup()
	if err != nil {
		return SetupResult{}, err
	}
	if !needed {
		return SetupResult{}, errSetUpAlready()
	}
	// Check everything before anything is made.
	h := property.Hotel{Name: in.Hotel.Name, TimeZone: in.Hotel.TimeZone, Currency: in.Hotel.Currency}
	if err := h.Validate(); err != nil {
		return SetupResult{}, err
	}
	in.Admin.Roles = []string{access.RoleSystemAdmin}
	in.Admin.Hotels = app.AllHotels
	probe := access.User{Username: in.Admin.Username, DisplayName: in.Admin.DisplayName, Email: in.Admin.Email, Roles: in.Admin.Roles}
	if err := probe.Validate(in.Admin.Phone); err != nil {
		return SetupResult{}, err
	}
	if err := access.CheckPasswordPolicy(probe.Username, in.Admin.Password, in.Hotel.Name); err != nil {
		return SetupResult{}, err
	}
	hash, err := s.access.Hasher.Hash(ctx, in.Admin.Password)
	if err != nil {
		return SetupResult{}, err
	}
	// Another process may have finished a setup of this store meanwhile
	// (replication, or a command line run): look again before the key.
	if needed, err := s.NeedsSetup(); err != nil || !needed {
		return SetupResult{}, app.FirstErr(err, errSetUpAlready())
	}

	keys, phrase, err := datadir.CreateKeyFile(s.dataDir)
	if err != nil {
		if app.ErrorCode(err) == app.ECONFLICT {
			return SetupResult{}, app.E(app.ECONFLICT, "setup.key_file_exists", "a data key ({file}) exists already in {dir} from an earlier setup; move it away, or restore it with 'innkeep key recover'",
				"file", app.KeyFileName, "dir", s.dataDir)
		}
		return SetupResult{}, err
	}
	prevKeys := s.Keys.Get()
	s.Keys.Set(keys)

	actor := app.SystemActor()
	actor.Address = c.Address
	var res SetupResult
	err = s.DB.Update("setup", func(tx *store.Tx) error {
		if n, err := countLive(tx, access.KindUser); err != nil || n > 0 {
			return app.FirstErr(err, errSetUpAlready())
		}
		hotel, err := s.property.CreateHotelIn(tx, actor, in.Hotel)
		if err != nil {
			return err
		}
		now := s.Now()
		u := access.User{ID: app.NewID(now), Username: probe.Username, DisplayName: probe.DisplayName, Email: probe.Email,
			Status: access.UserActive, Roles: in.Admin.Roles, Hotels: app.AllHotels, PasswordHash: hash, CreatedAt: now, UpdatedAt: now}
		if err := s.access.StoreNewUser(tx, actor, &u, in.Admin.Phone, func(access.User) {}); err != nil {
			return err
		}
		res = SetupResult{Hotel: hotel, User: s.access.ViewOf(u), RecoveryPhrase: phrase}
		return s.Audit.Record(tx, actor, "system.setup", "hotel", hotel.ID, nil, map[string]any{"admin": u.Username, "key_id": keys.ID()})
	})
	if err != nil {
		// Nothing was stored: the key this setup wrote belongs to no data.
		s.Keys.Set(prevKeys)
		datadir.RemoveKeyFile(s.dataDir, keys.ID())
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
