package company

import (
	"context"
	"innkeep/app"
	"innkeep/app/property"
	"innkeep/store"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Profile is a company or a travel agent that books rooms at one hotel.
type Profile struct {
	ID           string    `json:"id"`
	HotelID      string    `json:"hotel_id"`
	Kind         string    `json:"kind" enum:"company,travel_agent"` // company or travel_agent
	Name         string    `json:"name"`
	TaxID        string    `json:"tax_id"` // upper case, as on the invoice
	Address      string    `json:"address"`
	ContactName  string    `json:"contact_name"`
	ContactPhone string    `json:"contact_phone"`
	ContactEmail string    `json:"contact_email"`
	RatePlanID   string    `json:"rate_plan_id"`  // the negotiated rate plan, of the same hotel; "" for none
	Commission   int       `json:"commission_bp"` // basis points (1/100 %) of the room revenue; travel agents only
	Notes        string    `json:"notes"`
	Archived     bool      `json:"archived"` // kept on the reservations that name it, never chosen anew
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// Kinds of profile.
const (
	KindCompany     = "company"
	KindTravelAgent = "travel_agent"
)

// ProfileKinds lists the kinds of profile, in the order forms offer them.
var ProfileKinds = []string{KindCompany, KindTravelAgent}

// Bounds of profile fields and lists.
const (
	NameMaxLen      = 200   // characters
	TaxIDMaxLen     = 40    // characters
	AddressMaxLen   = 500   // characters
	NotesMaxLen     = 4000  // characters
	SearchMaxLen    = 200   // characters of a search
	MaxCommission   = 10000 // basis points: 100 %
	DefaultLimit    = 200   // profiles listed when no limit is given
	MaxLimit        = 1000  // profiles listed at most
	contactPhoneMax = 32    // characters
)

// ProfileInput creates a profile.
type ProfileInput struct {
	Kind         string `json:"kind" enum:"company,travel_agent"`
	Name         string `json:"name"`
	TaxID        string `json:"tax_id"`
	Address      string `json:"address"`
	ContactName  string `json:"contact_name"`
	ContactPhone string `json:"contact_phone"`
	ContactEmail string `json:"contact_email"`
	RatePlanID   string `json:"rate_plan_id"`
	Commission   int    `json:"commission_bp"`
	Notes        string `json:"notes"`
}

// ProfilePatch changes some fields of a profile; nil fields stay. A
// profile keeps its hotel and its kind. RatePlanID "" removes the
// negotiated plan.
type ProfilePatch struct {
	Name         *string `json:"name"`
	TaxID        *string `json:"tax_id"`
	Address      *string `json:"address"`
	ContactName  *string `json:"contact_name"`
	ContactPhone *string `json:"contact_phone"`
	ContactEmail *string `json:"contact_email"`
	RatePlanID   *string `json:"rate_plan_id"`
	Commission   *int    `json:"commission_bp"`
	Notes        *string `json:"notes"`
}

// Filter narrows ListProfiles. Zero fields do not filter.
type Filter struct {
	Q        string // words of the name, or the start of the tax id
	Kind     string // company or travel_agent
	Archived bool   // list archived profiles too
	Limit    int    // at most this many (DefaultLimit when 0, at most MaxLimit)
}

var Profiles = store.NewCollection[Profile](KindProfile)

func profileKind() store.Kind {
	return store.Kind{Name: KindProfile, Indexes: []store.Index{
		// hotel 0x1f folded name: a hotel's profiles by name, and the
		// check that a name is not taken twice.
		{Name: IndexProfileHotelName, Keys: func(d store.Doc) []string {
			return []string{app.StringField(d, "hotel_id") + app.KeySep + app.Clean(app.FoldKey(app.StringField(d, "name")))}
		}},
	}}
}

// KindProfile is the kind of Profile documents, and IndexProfile… name its
// indexes.
const (
	KindProfile           = "company_profile"
	IndexProfileHotelName = "hotel_name"
)

// kindWord returns a kind of profile as a word of messages.
func kindWord(kind string) app.Word {
	if kind == KindTravelAgent {
		return app.MakeWord("company.kind_travel_agent", "travel agent")
	}
	return app.MakeWord("company.kind_company", "company")
}

// hasControl reports whether s holds a control character other than those
// allowed.
func hasControl(s string, allowed string) bool {
	return strings.IndexFunc(s, func(r rune) bool {
		return unicode.IsControl(r) && !strings.ContainsRune(allowed, r)
	}) >= 0
}

// validate normalizes the fields of p and returns EINVALID naming the
// first that is wrong. It does not look at the rate plan (see checkPlan).
func (p *Profile) validate() error {
	for _, v := range []string{p.Kind, p.Name, p.TaxID, p.Address, p.ContactName, p.ContactPhone, p.ContactEmail, p.RatePlanID, p.Notes} {
		if !utf8.ValidString(v) {
			return app.E(app.EINVALID, "company.not_utf8", "the profile's details must be valid UTF-8 text")
		}
	}
	if !slices.Contains(ProfileKinds, p.Kind) {
		return app.E(app.EINVALID, "company.kind_invalid", "\"{kind}\" is not a kind of profile; use company or travel_agent", "kind", p.Kind)
	}
	p.Name = strings.TrimSpace(p.Name)
	if p.Name == "" || utf8.RuneCountInString(p.Name) > NameMaxLen {
		return app.E(app.EINVALID, "company.name_length", "the name must be 1 to {max} characters", "max", NameMaxLen)
	}
	if err := app.CheckName(app.MakeWord("company.field_name", "company or agent name"), p.Name); err != nil {
		return err
	}
	p.TaxID = strings.ToUpper(strings.TrimSpace(p.TaxID))
	if utf8.RuneCountInString(p.TaxID) > TaxIDMaxLen || strings.IndexFunc(p.TaxID, func(r rune) bool {
		return !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(" -./", r))
	}) >= 0 {
		return app.E(app.EINVALID, "company.tax_id_invalid", "a tax id holds only letters A–Z, digits, spaces, '-', '.' and '/' (at most {max}), not \"{tax_id}\"", "max", TaxIDMaxLen, "tax_id", p.TaxID)
	}
	p.Address = strings.TrimSpace(p.Address)
	if utf8.RuneCountInString(p.Address) > AddressMaxLen {
		return app.E(app.EINVALID, "company.address_too_long", "the address must be at most {max} characters", "max", AddressMaxLen)
	}
	if hasControl(p.Address, "\n\r\t") {
		return app.E(app.EINVALID, "company.address_control_characters", "the address may not hold control characters other than line breaks and tabs")
	}
	p.ContactName = strings.TrimSpace(p.ContactName)
	if utf8.RuneCountInString(p.ContactName) > NameMaxLen {
		return app.E(app.EINVALID, "company.contact_name_too_long", "the contact's name must be at most {max} characters", "max", NameMaxLen)
	}
	if err := app.CheckName(app.MakeWord("company.field_contact_name", "contact's name"), p.ContactName); err != nil {
		return err
	}
	p.ContactPhone = strings.TrimSpace(p.ContactPhone)
	if len(p.ContactPhone) > contactPhoneMax || strings.Trim(p.ContactPhone, "0123456789+-() ") != "" {
		return app.E(app.EINVALID, "company.phone_invalid", "a phone number may hold only digits, spaces, '+', '-' and brackets (at most {max})", "max", contactPhoneMax)
	}
	p.ContactEmail = strings.TrimSpace(p.ContactEmail)
	if p.ContactEmail != "" {
		addr, err := mail.ParseAddress(p.ContactEmail)
		if err != nil || addr.Address != p.ContactEmail || len(p.ContactEmail) > 254 {
			return app.E(app.EINVALID, "company.email_invalid", "\"{email}\" is not an email address", "email", p.ContactEmail)
		}
	}
	if p.Commission < 0 || p.Commission > MaxCommission {
		return app.E(app.EINVALID, "company.commission_invalid", "the commission is 0 to {max} basis points (0 to 100 %), not {value}", "max", MaxCommission, "value", p.Commission)
	}
	if p.Commission > 0 && p.Kind != KindTravelAgent {
		return app.E(app.EINVALID, "company.commission_for_agents", "only a travel agent earns a commission; leave it 0 for a company")
	}
	p.Notes = strings.TrimSpace(p.Notes)
	if utf8.RuneCountInString(p.Notes) > NotesMaxLen {
		return app.E(app.EINVALID, "company.notes_too_long", "the notes must be at most {max} characters", "max", NotesMaxLen)
	}
	if hasControl(p.Notes, "\n\r\t") {
		return app.E(app.EINVALID, "company.notes_control_characters", "the notes may not hold control characters other than line breaks and tabs")
	}
	p.RatePlanID = strings.TrimSpace(p.RatePlanID)
	return nil
}

// checkPlan returns EINVALID unless p's negotiated rate plan, when set, is
// a rate plan of p's hotel.
func checkPlan(tx *store.Tx, p Profile) error {
	if p.RatePlanID == "" {
		return nil
	}
	plan, err := property.RatePlans.Get(tx, p.RatePlanID)
	if app.ErrorCode(err) == app.ENOTFOUND || err == nil && plan.HotelID != p.HotelID {
		return app.E(app.EINVALID, "company.rate_plan_not_of_hotel", "rate plan \"{id}\" is not a rate plan of this hotel", "id", p.RatePlanID)
	}
	return err
}

// checkNameFree returns ECONFLICT when another profile of the same kind at
// p's hotel has p's name (ignoring case).
func checkNameFree(tx *store.Tx, p Profile) error {
	key := p.HotelID + app.KeySep + app.Clean(app.FoldKey(p.Name))
	var clash *Profile
	err := tx.ScanPrefix(KindProfile, IndexProfileHotelName, key, func(k, id string) error {
		if k != key || id == p.ID || clash != nil {
			return nil
		}
		o, err := Profiles.Get(tx, id)
		if err != nil {
			return err
		}
		if o.Kind == p.Kind {
			clash = &o
		}
		return nil
	})
	if err != nil || clash == nil {
		return err
	}
	if clash.Archived {
		return app.E(app.ECONFLICT, "company.name_taken_archived", "an archived {kind} is already called \"{name}\"; unarchive it instead", "kind", kindWord(p.Kind), "name", clash.Name)
	}
	return app.E(app.ECONFLICT, "company.name_taken", "a {kind} is already called \"{name}\"", "kind", kindWord(p.Kind), "name", clash.Name)
}

// inScope returns profile id when its hotel is in the actor's scope;
// other profiles answer ENOTFOUND, as if they did not exist.
func inScope(tx *store.Tx, a app.Actor, id string) (Profile, error) {
	p, err := Profiles.Get(tx, id)
	if err != nil {
		return Profile{}, app.NotFound(err, "company_profile", id)
	}
	if !a.Hotels.Includes(p.HotelID) {
		return Profile{}, app.NotFoundError("company_profile", id)
	}
	return p, nil
}

// hotelInScope returns ENOTFOUND unless hotel id exists and lies in a's
// scope.
func hotelInScope(tx *store.Tx, a app.Actor, id string) error {
	if !a.Hotels.Includes(id) {
		return app.NotFoundError("hotel", id)
	}
	_, err := property.Hotels.Get(tx, id)
	return app.NotFound(err, "hotel", id)
}

// ForBooking returns profile id for a booking of hotel hotelID that names
// it as a profile of kind (company or travel_agent). It returns EINVALID
// when there is no such profile at that hotel, when it is of the other
// kind, or when it is archived. One read.
func ForBooking(tx *store.Tx, hotelID, id, kind string) (Profile, error) {
	p, err := Profiles.Get(tx, id)
	if app.ErrorCode(err) == app.ENOTFOUND || err == nil && p.HotelID != hotelID {
		return Profile{}, app.E(app.EINVALID, "company.not_of_hotel", "{kind} \"{id}\" is not a profile of this hotel", "kind", kindWord(kind), "id", id)
	}
	if err != nil {
		return Profile{}, err
	}
	if p.Kind != kind {
		return Profile{}, app.E(app.EINVALID, "company.wrong_kind", "\"{name}\" is a {is}, not a {want}", "name", p.Name, "is", kindWord(p.Kind), "want", kindWord(kind))
	}
	if p.Archived {
		return Profile{}, app.E(app.EINVALID, "company.archived", "\"{name}\" is archived: unarchive it to book with it", "name", p.Name)
	}
	return p, nil
}

// ListProfiles returns the profiles of hotel hotelID that match f, by
// name. It needs companies.view. Returns ENOTFOUND for a hotel outside
// the caller's scope and EINVALID for a bad filter.
func (s *Service) ListProfiles(ctx context.Context, a app.Actor, hotelID string, f Filter) ([]Profile, error) {
	if err := a.Require(app.Perm("companies", "view")); err != nil {
		return nil, err
	}
	if !utf8.ValidString(f.Q) || utf8.RuneCountInString(f.Q) > SearchMaxLen {
		return nil, app.E(app.EINVALID, "company.search_too_long", "a search is at most {max} characters of text", "max", SearchMaxLen)
	}
	if f.Kind != "" && f.Kind != KindCompany && f.Kind != KindTravelAgent {
		return nil, app.E(app.EINVALID, "company.kind_invalid", "\"{kind}\" is not a kind of profile; use company or travel_agent", "kind", f.Kind)
	}
	if f.Limit <= 0 {
		f.Limit = DefaultLimit
	}
	f.Limit = min(f.Limit, MaxLimit)
	words := strings.Fields(app.FoldKey(f.Q))
	taxQ := strings.ToUpper(strings.TrimSpace(f.Q))
	out := []Profile{}
	err := s.DB.View(func(tx *store.Tx) error {
		if err := hotelInScope(tx, a, hotelID); err != nil {
			return err
		}
		return Profiles.Scan(tx, IndexProfileHotelName, hotelID+app.KeySep, hotelID+"\x20", func(_, _ string, p Profile) error {
			if len(out) >= f.Limit || (p.Archived && !f.Archived) || (f.Kind != "" && p.Kind != f.Kind) {
				return nil
			}
			if len(words) > 0 && !matches(p, words, taxQ) {
				return nil
			}
			out = append(out, p)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// matches reports whether every word of a search starts a word of p's
// name (or lies inside it, for scripts written without spaces), or the
// search starts p's tax id.
func matches(p Profile, words []string, taxQ string) bool {
	if p.TaxID != "" && strings.HasPrefix(p.TaxID, taxQ) {
		return true
	}
	name := app.FoldKey(p.Name)
	for _, w := range words {
		if !strings.Contains(name, w) {
			return false
		}
	}
	return true
}

// GetProfile returns profile id. It needs companies.view. Returns
// ENOTFOUND when there is none or it is not of the caller's hotels.
func (s *Service) GetProfile(ctx context.Context, a app.Actor, id string) (Profile, error) {
	if err := a.Require(app.Perm("companies", "view")); err != nil {
		return Profile{}, err
	}
	var p Profile
	err := s.DB.View(func(tx *store.Tx) error {
		var err error
		p, err = inScope(tx, a, id)
		return err
	})
	return p, err
}

// CreateProfile validates in and stores it as a new profile of hotel
// hotelID. It needs companies.create. Returns ENOTFOUND for a hotel
// outside the caller's scope, EINVALID naming the first wrong field (a
// rate plan of another hotel included) and ECONFLICT when a profile of the
// same kind at the hotel has the name; nothing changes then.
func (s *Service) CreateProfile(ctx context.Context, a app.Actor, hotelID string, in ProfileInput) (Profile, error) {
	if err := a.Require(app.Perm("companies", "create")); err != nil {
		return Profile{}, err
	}
	now := s.Now()
	p := Profile{ID: app.NewID(now), HotelID: hotelID, Kind: in.Kind, Name: in.Name, TaxID: in.TaxID, Address: in.Address,
		ContactName: in.ContactName, ContactPhone: in.ContactPhone, ContactEmail: in.ContactEmail, RatePlanID: in.RatePlanID,
		Commission: in.Commission, Notes: in.Notes, CreatedAt: now, UpdatedAt: now}
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		if err := hotelInScope(tx, a, hotelID); err != nil {
			return err
		}
		if err := p.validate(); err != nil {
			return err
		}
		if err := checkPlan(tx, p); err != nil {
			return err
		}
		if err := checkNameFree(tx, p); err != nil {
			return err
		}
		if err := Profiles.Create(tx, p.ID, p); err != nil {
			return err
		}
		return s.Audit.Record(tx, a, "company.create", "company_profile", p.ID, nil, p)
	})
	if err != nil {
		return Profile{}, err
	}
	return p, nil
}

// UpdateProfile changes the fields of profile id that patch sets. It needs
// companies.update. Returns ENOTFOUND when there is no such profile in the
// caller's hotels, EINVALID for a wrong field and ECONFLICT for a name
// taken; nothing changes then. Reservations keep the names they were
// booked with.
func (s *Service) UpdateProfile(ctx context.Context, a app.Actor, id string, patch ProfilePatch) (Profile, error) {
	if err := a.Require(app.Perm("companies", "update")); err != nil {
		return Profile{}, err
	}
	var p Profile
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		before, err := inScope(tx, a, id)
		if err != nil {
			return err
		}
		p = before
		for _, f := range []struct {
			to   *string
			from *string
		}{{&p.Name, patch.Name}, {&p.TaxID, patch.TaxID}, {&p.Address, patch.Address}, {&p.ContactName, patch.ContactName},
			{&p.ContactPhone, patch.ContactPhone}, {&p.ContactEmail, patch.ContactEmail}, {&p.RatePlanID, patch.RatePlanID}, {&p.Notes, patch.Notes}} {
			if f.from != nil {
				*f.to = *f.from
			}
		}
		if patch.Commission != nil {
			p.Commission = *patch.Commission
		}
		if err := p.validate(); err != nil {
			return err
		}
		if p.RatePlanID != before.RatePlanID {
			// A plan deleted since may stay named until another is chosen.
			if err := checkPlan(tx, p); err != nil {
				return err
			}
		}
		if app.FoldKey(p.Name) != app.FoldKey(before.Name) {
			if err := checkNameFree(tx, p); err != nil {
				return err
			}
		}
		p.UpdatedAt = s.Now()
		if err := Profiles.Put(tx, id, p); err != nil {
			return err
		}
		return s.Audit.Record(tx, a, "company.update", "company_profile", id, before, p)
	})
	if err != nil {
		return Profile{}, err
	}
	return p, nil
}

// SetArchived archives profile id (archived true) or brings it back. It
// needs companies.update. An archived profile stays on the reservations
// that name it and cannot be chosen on a new booking or a change.
// Archiving an archived profile (or the reverse) changes nothing and is
// not an error. Returns ENOTFOUND when there is no such profile in the
// caller's hotels, and ECONFLICT when bringing it back would give its
// hotel two profiles of one kind with the same name.
func (s *Service) SetArchived(ctx context.Context, a app.Actor, id string, archived bool) (Profile, error) {
	if err := a.Require(app.Perm("companies", "update")); err != nil {
		return Profile{}, err
	}
	var p Profile
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		before, err := inScope(tx, a, id)
		if err != nil {
			return err
		}
		p = before
		if before.Archived == archived {
			return nil
		}
		p.Archived = archived
		p.UpdatedAt = s.Now()
		action := "company.archive"
		if !archived {
			action = "company.unarchive"
			if err := checkNameFree(tx, p); err != nil {
				return err
			}
		}
		if err := Profiles.Put(tx, id, p); err != nil {
			return err
		}
		return s.Audit.Record(tx, a, action, "company_profile", id, before, p)
	})
	if err != nil {
		return Profile{}, err
	}
	return p, nil
}

// DeleteProfile deletes profile id. It needs companies.delete. Returns
// ENOTFOUND when there is no such profile in the caller's hotels, and
// ECONFLICT naming a booking when a reservation (of any status) names it:
// archive it instead. Nothing changes then.
func (s *Service) DeleteProfile(ctx context.Context, a app.Actor, id string) error {
	if err := a.Require(app.Perm("companies", "delete")); err != nil {
		return err
	}
	return s.DB.Update(a.String(), func(tx *store.Tx) error {
		p, err := inScope(tx, a, id)
		if err != nil {
			return err
		}
		if code, ok, err := s.bookings.NamingProfile(tx, id); err != nil {
			return err
		} else if ok {
			return app.E(app.ECONFLICT, "company.in_use", "reservation {code} names \"{name}\"; archive the profile instead", "code", code, "name", p.Name)
		}
		if err := Profiles.Delete(tx, id); err != nil {
			return err
		}
		return s.Audit.Record(tx, a, "company.delete", "company_profile", id, p, nil)
	})
}
