package access

import (
	"context"
	"encoding/json"
	"innkeep/app"
	"innkeep/app/property"
	"innkeep/store"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// User is a staff account as stored. The phone number is sensitive and
// stored encrypted; the password only as its argon2id hash.
type User struct {
	ID                 string         `json:"id"`
	Username           string         `json:"username"`
	DisplayName        string         `json:"display_name"`
	Email              string         `json:"email"`
	Phone              string         `json:"phone"` // ciphertext (see Keyring)
	Status             string         `json:"status" enum:"active,disabled"`
	Roles              []string       `json:"roles"`
	Hotels             app.HotelScope `json:"hotels"`
	PasswordHash       string         `json:"password_hash"`
	MustChangePassword bool           `json:"must_change_password"`
	CreatedAt          time.Time      `json:"created_at"`
	UpdatedAt          time.Time      `json:"updated_at"`
	// AdminLostAt is when a write last took the system administrator's
	// role from this account, or disabled it while it held the role; zero
	// if never. A merge that leaves no active administrator keeps the
	// account that lost it last as one (see fallbackAdmin).
	AdminLostAt time.Time `json:"admin_lost_at,omitzero"`
}

// User statuses.
const (
	UserActive   = "active"
	UserDisabled = "disabled"
)

// UserView is a user as callers see it: no password hash, the phone
// number decrypted.
type UserView struct {
	ID                 string         `json:"id"`
	Username           string         `json:"username"`
	DisplayName        string         `json:"display_name"`
	Email              string         `json:"email"`
	Phone              string         `json:"phone"`
	Status             string         `json:"status" enum:"active,disabled"`
	Roles              []string       `json:"roles"`
	Hotels             app.HotelScope `json:"hotels"`
	MustChangePassword bool           `json:"must_change_password"`
	CreatedAt          time.Time      `json:"created_at"`
	UpdatedAt          time.Time      `json:"updated_at"`
}

// UserInput creates a user.
type UserInput struct {
	Username    string         `json:"username"`
	DisplayName string         `json:"display_name"`
	Email       string         `json:"email"`
	Phone       string         `json:"phone"`
	Roles       []string       `json:"roles"`
	Hotels      app.HotelScope `json:"hotels"`
	Password    string         `json:"password"`
}

// UserPatch changes some fields of a user; nil fields stay. A new
// username must be free (renaming one of two accounts that share a name
// after a merge resolves that conflict).
type UserPatch struct {
	Username    *string         `json:"username"`
	DisplayName *string         `json:"display_name"`
	Email       *string         `json:"email"`
	Phone       *string         `json:"phone"`
	Roles       *[]string       `json:"roles"`
	Hotels      *app.HotelScope `json:"hotels"`
}

var Users = store.NewCollection[User](KindUser)

// allHotelsElement stands for every hotel in the stored set of a user's
// hotels. Hotel ids never take this form.
const allHotelsElement = "all"

// MarshalJSON stores the user with its hotels as a set (store.Kind.Sets):
// an array of hotel ids, or ["all"] for every hotel, so that two desks
// that give a user different hotels while apart both keep their change.
func (u User) MarshalJSON() ([]byte, error) {
	type plain User
	hotels := u.Hotels.IDs
	if u.Hotels.All {
		hotels = []string{allHotelsElement}
	}
	if hotels == nil {
		hotels = []string{}
	}
	return json.Marshal(struct {
		plain
		Hotels []string `json:"hotels"`
	}{plain(u), hotels})
}

// UnmarshalJSON reads a stored user: its hotels as a set of ids, in which
// "all" (which an edit on another desk may have joined to ids) means
// every hotel, or as the string "all" of earlier versions.
func (u *User) UnmarshalJSON(b []byte) error {
	type plain User
	var v struct {
		plain
		Hotels json.RawMessage `json:"hotels"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*u = User(v.plain)
	u.Hotels = app.HotelScope{}
	var ids []string
	switch {
	case len(v.Hotels) == 0 || string(v.Hotels) == "null":
	case json.Unmarshal(v.Hotels, &ids) == nil:
		if slices.Contains(ids, allHotelsElement) {
			u.Hotels = app.AllHotels
		} else {
			u.Hotels = app.Hotels(ids...)
		}
	default:
		return json.Unmarshal(v.Hotels, &u.Hotels)
	}
	return nil
}

func userKind() store.Kind {
	return store.Kind{Name: KindUser, Sets: []string{"roles", "hotels"}, Indexes: []store.Index{
		{Name: IndexUserUsername, Keys: func(d store.Doc) []string { return []string{app.FoldKey(app.StringField(d, "username"))} }},
		{Name: IndexUserRole, Keys: func(d store.Doc) []string {
			var u User
			_ = app.UnmarshalDoc(d, &u)
			return u.Roles
		}},
	}}
}

var usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,31}$`)

// Validate normalizes the editable fields of u and returns EINVALID naming
// the first that is wrong. The phone is checked in plain text, before
// encryption.
func (u *User) Validate(plainPhone string) error {
	u.Username = strings.TrimSpace(u.Username)
	if !usernamePattern.MatchString(u.Username) {
		return app.E(app.EINVALID, "access.bad_username", "usernames are 3 to 32 characters: lower-case letters, digits, '.', '_' and '-', starting with a letter or digit")
	}
	u.DisplayName = strings.TrimSpace(u.DisplayName)
	if u.DisplayName == "" {
		u.DisplayName = u.Username
	}
	if utf8.RuneCountInString(u.DisplayName) > 100 {
		return app.E(app.EINVALID, "access.display_name_too_long", "the display name must be at most {max} characters", "max", 100)
	}
	if err := app.CheckName(app.MakeWord("access.field_display_name", "display name"), u.DisplayName); err != nil {
		return err
	}
	u.Email = strings.TrimSpace(u.Email)
	if u.Email != "" {
		addr, err := mail.ParseAddress(u.Email)
		if err != nil || addr.Address != u.Email || len(u.Email) > 254 {
			return app.E(app.EINVALID, "access.bad_email", "\"{email}\" is not an email address", "email", u.Email)
		}
	}
	if len(plainPhone) > 32 || strings.Trim(plainPhone, "0123456789+-() ") != "" {
		return app.E(app.EINVALID, "access.bad_phone", "a phone number may hold only digits, spaces, '+', '-' and brackets (at most {max})", "max", 32)
	}
	if len(u.Roles) == 0 {
		return app.E(app.EINVALID, "access.no_role", "a user needs at least one role")
	}
	slices.Sort(u.Roles)
	u.Roles = slices.Compact(u.Roles)
	return nil
}

// ViewOf returns what callers see of u.
func (s *Service) ViewOf(u User) UserView {
	phone, err := s.Keys.Decrypt(u.Phone)
	if err != nil {
		phone = "" // without the data key the number stays hidden
	}
	roles := u.Roles
	if roles == nil {
		roles = []string{}
	}
	return UserView{ID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Email: u.Email, Phone: phone,
		Status: u.Status, Roles: roles, Hotels: u.Hotels, MustChangePassword: u.MustChangePassword,
		CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt}
}

// scopeCovers reports whether scope a covers every hotel of scope b.
func scopeCovers(a, b app.HotelScope) bool {
	if a.All {
		return true
	}
	if b.All {
		return false
	}
	for _, id := range b.IDs {
		if !slices.Contains(a.IDs, id) {
			return false
		}
	}
	return true
}

// userInScope returns user id when the actor's scope covers the user's;
// other users answer ENOTFOUND, as if they did not exist.
func userInScope(tx *store.Tx, a app.Actor, id string) (User, error) {
	u, err := Users.Get(tx, id)
	if err != nil {
		return User{}, app.NotFound(err, "user", id)
	}
	if !scopeCovers(a.Hotels, u.Hotels) {
		return User{}, app.NotFoundError("user", id)
	}
	return u, nil
}

// errUserNotFound is the error of a user that does not exist or lies
// outside the actor's scope: the two read the same.
func errUserNotFound(user string) error {
	return app.E(app.ENOTFOUND, "access.user_not_found", "user \"{user}\" not found", "user", user)
}

// errUsernameTaken is the error of a username that another user has.
func errUsernameTaken(username string) error {
	return app.E(app.ECONFLICT, "access.username_taken", "the username \"{username}\" is taken", "username", username)
}

// userToManage returns user id for a change by the actor: within the
// actor's scope, and holding no permission the actor lacks, so that nobody
// takes over (resets, disables, edits) an account more powerful than their
// own. Changing oneself is always allowed here.
func userToManage(tx *store.Tx, a app.Actor, id string) (User, error) {
	u, err := userInScope(tx, a, id)
	if err != nil || u.ID == a.UserID {
		return u, err
	}
	perms, err := permissionsOf(tx, u.Roles)
	if err != nil {
		return User{}, err
	}
	for p := range perms {
		if !a.Can(p) {
			return User{}, app.E(app.EFORBIDDEN, "access.user_more_powerful", "{user} holds the permission {permission}, which you do not; only someone who holds all of theirs may change their account",
				"user", u.Username, "permission", string(p))
		}
	}
	return u, nil
}

// checkGrant returns EFORBIDDEN when the actor would give roles or hotels
// beyond its own: nobody hands out more than they hold.
func checkGrant(tx *store.Tx, a app.Actor, roleIDs []string, scope app.HotelScope) error {
	for _, id := range roleIDs {
		if _, ok := builtinRole(id); !ok {
			if _, err := Roles.Get(tx, id); err != nil {
				return app.E(app.EINVALID, "access.no_such_role", "there is no role \"{role}\"", "role", id)
			}
		}
	}
	perms, err := permissionsOf(tx, roleIDs)
	if err != nil {
		return err
	}
	for p := range perms {
		if !a.Can(p) {
			return app.E(app.EFORBIDDEN, "access.cannot_grant_permission", "you cannot grant the permission {permission}, which you do not hold", "permission", string(p))
		}
	}
	if !scopeCovers(a.Hotels, scope) {
		return app.E(app.EFORBIDDEN, "access.cannot_grant_hotels", "you cannot grant access to hotels outside your own")
	}
	for _, id := range scope.IDs {
		if _, err := property.Hotels.Get(tx, id); err != nil {
			return app.E(app.EINVALID, "access.no_such_hotel", "there is no hotel \"{hotel}\"", "hotel", id)
		}
	}
	return nil
}

// userByName returns the user with username (case-insensitive).
func userByName(tx *store.Tx, username string) (User, error) {
	key := app.FoldKey(username)
	var id string
	err := tx.ScanPrefix(KindUser, IndexUserUsername, key, func(k, uid string) error {
		if k == key && id == "" {
			id = uid
		}
		return nil
	})
	if err != nil {
		return User{}, err
	}
	if id == "" || key == "" {
		return User{}, errUserNotFound(username)
	}
	return Users.Get(tx, id)
}

// CreateUser creates an active user. It needs users.create; the new
// user's roles and hotels must lie within the actor's own.
func (s *Service) CreateUser(ctx context.Context, a app.Actor, in UserInput) (UserView, error) {
	if err := a.Require(app.Perm("users", "create")); err != nil {
		return UserView{}, err
	}
	var u User
	err := s.newUser(ctx, a, in, false, func(nu User) { u = nu })
	return s.ViewOf(u), err
}

// newUser validates in, hashes the password and stores the user, with
// must-change set when asked. It calls done with the stored user.
func (s *Service) newUser(ctx context.Context, a app.Actor, in UserInput, mustChange bool, done func(User)) error {
	now := s.Now()
	u := User{ID: app.NewID(now), Username: in.Username, DisplayName: in.DisplayName, Email: in.Email,
		Status: UserActive, Roles: in.Roles, Hotels: in.Hotels, MustChangePassword: mustChange, CreatedAt: now, UpdatedAt: now}
	if err := u.Validate(in.Phone); err != nil {
		return err
	}
	if err := s.CheckPassword(ctx, u.Username, in.Password); err != nil {
		return err
	}
	hash, err := s.Hasher.Hash(ctx, in.Password)
	if err != nil {
		return err
	}
	u.PasswordHash = hash
	return s.DB.Update(a.String(), func(tx *store.Tx) error {
		return s.StoreNewUser(tx, a, &u, in.Phone, done)
	})
}

func (s *Service) StoreNewUser(tx *store.Tx, a app.Actor, u *User, phone string, done func(User)) error {
	if _, err := userByName(tx, u.Username); err == nil {
		return errUsernameTaken(u.Username)
	} else if app.ErrorCode(err) != app.ENOTFOUND {
		return err
	}
	if err := checkGrant(tx, a, u.Roles, u.Hotels); err != nil {
		return err
	}
	var err error
	if u.Phone, err = s.Keys.Seal(phone); err != nil {
		return err
	}
	if err := Users.Create(tx, u.ID, *u); err != nil {
		return err
	}
	done(*u)
	return s.Audit.Record(tx, a, "user.create", "user", u.ID, nil, *u)
}

// ListUsers returns the users within the actor's scope, by username.
func (s *Service) ListUsers(ctx context.Context, a app.Actor) ([]UserView, error) {
	if err := a.Require(app.Perm("users", "view")); err != nil {
		return nil, err
	}
	out := []UserView{}
	err := s.DB.View(func(tx *store.Tx) error {
		return Users.Scan(tx, IndexUserUsername, "", "", func(_, _ string, u User) error {
			if scopeCovers(a.Hotels, u.Hotels) {
				out = append(out, s.ViewOf(u))
			}
			return nil
		})
	})
	return out, err
}

// GetUser returns user id.
func (s *Service) GetUser(ctx context.Context, a app.Actor, id string) (UserView, error) {
	if err := a.Require(app.Perm("users", "view")); err != nil {
		return UserView{}, err
	}
	var u User
	err := s.DB.View(func(tx *store.Tx) error {
		var err error
		u, err = userInScope(tx, a, id)
		return err
	})
	return s.ViewOf(u), err
}

// UpdateUser changes the fields of user id that p sets.
func (s *Service) UpdateUser(ctx context.Context, a app.Actor, id string, p UserPatch) (UserView, error) {
	if err := a.Require(app.Perm("users", "update")); err != nil {
		return UserView{}, err
	}
	var u User
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		before, err := userToManage(tx, a, id)
		if err != nil {
			return err
		}
		u = before
		phone, err := s.Keys.Decrypt(before.Phone)
		if err != nil && before.Phone != "" && p.Phone == nil {
			return err
		}
		if p.Username != nil {
			u.Username = *p.Username
		}
		if p.DisplayName != nil {
			u.DisplayName = *p.DisplayName
		}
		if p.Email != nil {
			u.Email = *p.Email
		}
		if p.Phone != nil {
			phone = *p.Phone
		}
		if p.Roles != nil {
			u.Roles = slices.Clone(*p.Roles)
		}
		if p.Hotels != nil {
			u.Hotels = *p.Hotels
		}
		if err := u.Validate(phone); err != nil {
			return err
		}
		if p.Roles != nil || p.Hotels != nil {
			if err := checkGrant(tx, a, u.Roles, u.Hotels); err != nil {
				return err
			}
			if err := s.keepAnAdmin(tx, before, &u); err != nil {
				return err
			}
		}
		if p.Username != nil && app.FoldKey(u.Username) != app.FoldKey(before.Username) {
			if _, err := userByName(tx, u.Username); err == nil {
				return errUsernameTaken(u.Username)
			} else if app.ErrorCode(err) != app.ENOTFOUND {
				return err
			}
		}
		if p.Phone != nil {
			if u.Phone, err = s.Keys.Seal(phone); err != nil {
				return err
			}
		}
		u.UpdatedAt = s.Now()
		if err := Users.Put(tx, id, u); err != nil {
			return err
		}
		action := "user.update"
		if p.Roles != nil || p.Hotels != nil {
			action = "user.permissions"
		}

		return s.Audit.Record(tx, a, action, "user", id, before, u)
	})
	return s.ViewOf(u), err
}

// keepAnAdmin returns ECONFLICT when changing before into after would
// leave no active system administrator; when the change takes the role
// away and others keep it, it stamps after.AdminLostAt (see fallbackAdmin).
func (s *Service) keepAnAdmin(tx *store.Tx, before User, after *User) error {
	wasAdmin := before.Status == UserActive && slices.Contains(before.Roles, RoleSystemAdmin)
	isAdmin := after.Status == UserActive && slices.Contains(after.Roles, RoleSystemAdmin)
	if !wasAdmin || isAdmin {
		return nil
	}
	after.AdminLostAt = s.Now()
	others := 0
	err := tx.ScanPrefix(KindUser, IndexUserRole, RoleSystemAdmin, func(key, id string) error {
		if key != RoleSystemAdmin || id == before.ID {
			return nil
		}
		u, err := Users.Get(tx, id)
		if err == nil && u.Status == UserActive {
			others++
		}
		return err
	})
	if err != nil {
		return err
	}
	if others == 0 {
		return app.E(app.ECONFLICT, "access.last_admin", "{user} is the last active system administrator; make someone else one first", "user", before.Username)
	}
	return nil
}

// SetUserStatus disables or enables user id. Disabling ends the user's
// sessions; nobody can disable themselves or the last active system
// administrator.
func (s *Service) SetUserStatus(ctx context.Context, a app.Actor, id, status string) (UserView, error) {
	if err := a.Require(app.Perm("users", "update")); err != nil {
		return UserView{}, err
	}
	if status != UserActive && status != UserDisabled {
		return UserView{}, app.E(app.EINVALID, "access.bad_user_status", "a user's status is active or disabled")
	}
	if status == UserDisabled && id == a.UserID {
		return UserView{}, app.E(app.ECONFLICT, "access.cannot_disable_self", "you cannot disable your own account")
	}
	var u User
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		before, err := userToManage(tx, a, id)
		if err != nil {
			return err
		}
		u = before
		if before.Status == status {
			return nil
		}
		u.Status = status
		if err := s.keepAnAdmin(tx, before, &u); err != nil {
			return err
		}
		u.UpdatedAt = s.Now()
		if err := Users.Put(tx, id, u); err != nil {
			return err
		}
		if status == UserDisabled {
			if err := s.endSessions(tx, id, ""); err != nil {
				return err
			}
		}
		return s.Audit.Record(tx, a, "user."+map[string]string{UserActive: "enable", UserDisabled: "disable"}[status], "user", id, before, u)
	})
	return s.ViewOf(u), err
}

// ResetPassword gives user id a one-time code as password, forces a new
// password at the next sign-in and ends the user's sessions. The code is
// returned once and stored only as its hash.
func (s *Service) ResetPassword(ctx context.Context, a app.Actor, id string) (string, error) {
	if err := a.Require(app.Perm("users", "update")); err != nil {
		return "", err
	}
	code := OneTimeCode()
	hash, err := s.Hasher.Hash(ctx, code)
	if err != nil {
		return "", err
	}
	err = s.DB.Update(a.String(), func(tx *store.Tx) error {
		before, err := userToManage(tx, a, id)
		if err != nil {
			return err
		}
		u := before
		u.PasswordHash, u.MustChangePassword, u.UpdatedAt = hash, true, s.Now()
		if err := Users.Put(tx, id, u); err != nil {
			return err
		}
		if err := s.endSessions(tx, id, ""); err != nil {
			return err
		}
		if err := tx.LocalDelete(signinSpace, "user:"+app.FoldKey(u.Username)); err != nil {
			return err
		}
		return s.Audit.Record(tx, a, "user.reset_password", "user", id, before, u)
	})
	if err != nil {
		return "", err
	}
	return code, nil
}

// OneTimeCode returns a random code of 60 bits: 12 Crockford base-32
// characters in three groups, e.g. 7KQ2-M9XD-4TRB.
func OneTimeCode() string {
	id := app.NewID(time.Time{}) // the time part is zero; the last 12 characters are random
	c := id[len(id)-12:]
	return c[:4] + "-" + c[4:8] + "-" + c[8:]
}

// KindUser is the kind of User documents, and IndexUser… name its indexes.
const (
	KindUser          = "user"
	IndexUserUsername = "username"
	IndexUserRole     = "role"
)
