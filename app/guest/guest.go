package guest

import (
	"context"
	"errors"
	"innkeep/app"
	"innkeep/store"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Guest is a guest's profile. The identity document number is sensitive
// and stored encrypted.
type Guest struct {
	ID          string     `json:"id"`
	Name        string     `json:"name"`
	Phone       string     `json:"phone"`
	Email       string     `json:"email"`
	Nationality string     `json:"nationality"` // ISO 3166-1 alpha-2
	IDDocument  IDDocument `json:"id_document"`
	Notes       string     `json:"notes"`
	MergedInto  string     `json:"merged_into"` // set on a duplicate merged into another profile
	HotelID     string     `json:"hotel_id"`    // the hotel the profile was created at; "" when unknown
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

// IDDocument is a guest's identity document. As stored (in Guest) the
// number is a ciphertext (see Keyring); in GuestView and GuestInput it is
// the number in plain text.
type IDDocument struct {
	Type   string `json:"type" enum:",passport,id_card,driving_licence,other"` // passport, id_card, driving_licence, other
	Number string `json:"number"`                                              // ciphertext as stored
}

// IDDocumentTypes are the kinds of identity document a guest may show.
var IDDocumentTypes = []string{"passport", "id_card", "driving_licence", "other"}

// Bounds of guest fields and searches.
const (
	GuestNameMaxLen     = 200  // characters
	GuestNotesMaxLen    = 4000 // characters
	IDNumberMaxLen      = 64   // characters
	GuestSearchMaxLen   = 200  // characters of a search
	GuestDefaultLimit   = 50   // guests listed when no limit is given
	GuestMaxLimit       = 200  // guests listed at most
	guestMergeChainLoop = 32   // merged_into links followed at most
)

// GuestView is a guest as callers see it: the identity document number in
// plain text ("" when the data key is missing).
type GuestView struct {
	ID          string     `json:"id"`
	Name        string     `json:"name"`
	Phone       string     `json:"phone"`
	Email       string     `json:"email"`
	Nationality string     `json:"nationality"`
	IDDocument  IDDocument `json:"id_document"`
	Notes       string     `json:"notes"`
	MergedInto  string     `json:"merged_into"` // "" unless this profile was merged into that one
	HotelID     string     `json:"hotel_id"`    // the hotel the profile was created at; "" when unknown
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

// GuestInput creates a guest. The identity document number is in plain
// text; it is encrypted before it is stored. HotelID is the hotel the guest
// is created at: it may be left out by a caller with every hotel, or with
// one hotel (which it then is); a booking sets it to the booking's hotel.
type GuestInput struct {
	HotelID     string     `json:"hotel_id,omitempty"`
	Name        string     `json:"name"`
	Phone       string     `json:"phone"`
	Email       string     `json:"email"`
	Nationality string     `json:"nationality"`
	IDDocument  IDDocument `json:"id_document"`
	Notes       string     `json:"notes"`
}

// GuestPatch changes some fields of a guest; nil fields stay.
type GuestPatch struct {
	Name        *string          `json:"name"`
	Phone       *string          `json:"phone"`
	Email       *string          `json:"email"`
	Nationality *string          `json:"nationality"`
	IDDocument  *IDDocumentPatch `json:"id_document"`
	Notes       *string          `json:"notes"`
}

// IDDocumentPatch changes a guest's identity document; nil fields stay.
// The number is in plain text; "" removes it.
type IDDocumentPatch struct {
	Type   *string `json:"type"`
	Number *string `json:"number"`
}

// GuestMergeInput names the duplicate profile that POST /guests/{id}/merge
// merges into the guest of the path.
type GuestMergeInput struct {
	DuplicateID string `json:"duplicate_id"`
}

var Guests = store.NewCollection[Guest](KindGuest)

func guestKind() store.Kind {
	return store.Kind{Name: KindGuest, Indexes: []store.Index{
		{Name: IndexGuestSearch, Version: 2, Keys: func(d store.Doc) []string {
			if app.StringField(d, "merged_into") != "" {
				return nil
			}
			words := app.SearchWords(app.StringField(d, "name"), app.StringField(d, "phone"))
			if e := app.FoldKey(app.StringField(d, "email")); e != "" {
				words = append(words, e)
			}
			return words
		}},
		// The id with every Crockford digit complemented, so that an
		// ascending scan meets the newest guest (the highest ULID) first.
		// Merged duplicates are left out.
		{Name: IndexGuestNewest, Keys: func(d store.Doc) []string {
			if app.StringField(d, "merged_into") != "" {
				return nil
			}
			return []string{reverseID(d.ID)}
		}},
	}}
}

// reverseID complements each Crockford base-32 digit of id (0↔Z, 1↔Y, …),
// so that ids of one length sort in reverse. Other characters stay.
func reverseID(id string) string {
	b := []byte(id)
	for i, c := range b {
		if j := strings.IndexByte(app.Crockford, c); j >= 0 {
			b[i] = app.Crockford[len(app.Crockford)-1-j]
		}
	}
	return string(b)
}

// iso3166 lists the officially assigned ISO 3166-1 alpha-2 country codes.
const iso3166 = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ " +
	"BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
	"CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ " +
	"DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR " +
	"GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY " +
	"HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP " +
	"KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY " +
	"MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ " +
	"NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA " +
	"RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ " +
	"TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ " +
	"VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"

// IsCountry reports whether code is an assigned ISO 3166-1 alpha-2 country
// code (two upper-case letters, such as CN or FR).
func IsCountry(code string) bool {
	return len(code) == 2 && strings.Contains(" "+iso3166+" ", " "+code+" ")
}

// hasControl reports whether s holds a control character other than those
// allowed (for notes: line breaks and tabs).
func hasControl(s string, allowed string) bool {
	return strings.IndexFunc(s, func(r rune) bool {
		return unicode.IsControl(r) && !strings.ContainsRune(allowed, r)
	}) >= 0
}

// Validate normalizes the fields of g and returns EINVALID naming the first
// that is wrong. number is the new identity document number in plain text,
// or nil when the stored one stays; it is checked before encryption.
func (g *Guest) Validate(number *string) error {
	for _, s := range []string{g.Name, g.Phone, g.Email, g.Nationality, g.IDDocument.Type, g.Notes} {
		if !utf8.ValidString(s) {
			return app.E(app.EINVALID, "guest.not_utf8", "the guest's details must be valid UTF-8 text")
		}
	}
	g.Name = strings.TrimSpace(g.Name)
	if g.Name == "" {
		return app.E(app.EINVALID, "guest.name_required", "the guest's name is required")
	}
	if utf8.RuneCountInString(g.Name) > GuestNameMaxLen {
		return app.E(app.EINVALID, "guest.name_too_long", "the guest's name must be at most {max} characters", "max", GuestNameMaxLen)
	}
	if strings.ContainsFunc(g.Name, app.HiddenRune) {
		return app.E(app.EINVALID, "guest.name_control_characters", "the guest's name may not hold control characters such as line breaks, text-direction marks or invisible characters")
	}
	g.Phone = strings.TrimSpace(g.Phone)
	if len(g.Phone) > 32 || strings.Trim(g.Phone, "0123456789+-() ") != "" {
		return app.E(app.EINVALID, "guest.phone_invalid", "a phone number may hold only digits, spaces, '+', '-' and brackets (at most 32)")
	}
	g.Email = strings.TrimSpace(g.Email)
	if g.Email != "" {
		addr, err := mail.ParseAddress(g.Email)
		if err != nil || addr.Address != g.Email || len(g.Email) > 254 {
			return app.E(app.EINVALID, "guest.email_invalid", "\"{email}\" is not an email address", "email", g.Email)
		}
	}
	g.Nationality = strings.ToUpper(strings.TrimSpace(g.Nationality))
	if g.Nationality != "" && !IsCountry(g.Nationality) {
		return app.E(app.EINVALID, "guest.nationality_invalid", "\"{nationality}\" is not an ISO 3166-1 country code; the nationality is two letters, such as CN or FR", "nationality", g.Nationality)
	}
	g.IDDocument.Type = strings.TrimSpace(g.IDDocument.Type)
	if g.IDDocument.Type != "" && !slices.Contains(IDDocumentTypes, g.IDDocument.Type) {
		return app.E(app.EINVALID, "guest.id_type_invalid", "\"{type}\" is not an identity document type; use passport, id_card, driving_licence or other", "type", g.IDDocument.Type)
	}
	hasNumber := g.IDDocument.Number != ""
	if number != nil {
		if !utf8.ValidString(*number) {
			return app.E(app.EINVALID, "guest.not_utf8", "the guest's details must be valid UTF-8 text")
		}
		*number = strings.TrimSpace(*number)
		if utf8.RuneCountInString(*number) > IDNumberMaxLen {
			return app.E(app.EINVALID, "guest.id_number_too_long", "the identity document number must be at most {max} characters", "max", IDNumberMaxLen)
		}
		if strings.ContainsFunc(*number, app.HiddenRune) {
			return app.E(app.EINVALID, "guest.id_number_control_characters", "the identity document number may not hold control characters, text-direction marks or invisible characters")
		}
		hasNumber = *number != ""
	}
	if hasNumber && g.IDDocument.Type == "" {
		return app.E(app.EINVALID, "guest.id_type_missing", "give the identity document's type (passport, id_card, driving_licence or other) with its number")
	}
	if !hasNumber && g.IDDocument.Type != "" {
		return app.E(app.EINVALID, "guest.id_number_missing", "give the identity document's number with its type")
	}
	g.Notes = strings.TrimSpace(g.Notes)
	if utf8.RuneCountInString(g.Notes) > GuestNotesMaxLen {
		return app.E(app.EINVALID, "guest.notes_too_long", "the notes must be at most {max} characters", "max", GuestNotesMaxLen)
	}
	if hasControl(g.Notes, "\n\r\t") {
		return app.E(app.EINVALID, "guest.notes_control_characters", "the notes may not hold control characters other than line breaks and tabs")
	}
	return nil
}

// errGuestNoKey is returned when an identity document number must be
// encrypted and the data key is missing.
func errGuestNoKey() error {
	return app.E(app.EUNAVAILABLE, "guest.data_key_missing", "identity document numbers are stored encrypted, and the data key is missing: restore {file} in the data folder or rebuild it with `innkeep key recover`, or save the guest without the number", "file", app.KeyFileName)
}

// sealNumber returns the ciphertext to store for the plain number, reusing
// old when it already seals the same number. "" stays "".
func (s *Service) sealNumber(plain, old string) (string, error) {
	if plain == "" {
		return "", nil
	}
	if s.Keys.Get() == nil {
		return "", errGuestNoKey()
	}
	if old != "" {
		if p, err := s.Keys.Decrypt(old); err == nil && p == plain {
			return old, nil
		}
	}
	return s.Keys.Seal(plain)
}

// guestView returns what callers see of g.
func (s *Service) guestView(g Guest) GuestView {
	number, err := s.Keys.Decrypt(g.IDDocument.Number)
	if err != nil {
		number = "" // without the data key the number stays hidden
	}
	return GuestView{ID: g.ID, Name: g.Name, Phone: g.Phone, Email: g.Email, Nationality: g.Nationality,
		IDDocument: IDDocument{Type: g.IDDocument.Type, Number: number}, Notes: g.Notes, MergedInto: g.MergedInto,
		HotelID: g.HotelID, CreatedAt: g.CreatedAt, UpdatedAt: g.UpdatedAt}
}

// Get returns guest id, merged or not; ENOTFOUND when there is none.
func Get(tx *store.Tx, id string) (Guest, error) {
	g, err := Guests.Get(tx, id)
	if err != nil {
		return Guest{}, app.NotFound(err, "guest", id)
	}
	return g, nil
}

// CreateGuest validates in and stores a new guest. It needs guests.create.
// Returns EINVALID naming the first wrong field (or no hotel_id from a
// caller with several hotels but not all), ENOTFOUND for a hotel_id that
// is not a hotel of the caller's scope, and EUNAVAILABLE when in has an
// identity document number and the data key is missing.
func (s *Service) CreateGuest(ctx context.Context, a app.Actor, in GuestInput) (GuestView, error) {
	if err := a.Require(app.Perm("guests", "create")); err != nil {
		return GuestView{}, err
	}
	var g Guest
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		if in.HotelID == "" && !a.Hotels.All {
			if len(a.Hotels.IDs) != 1 {
				return app.E(app.EINVALID, "guest.hotel_required", "choose the hotel the guest is created at (hotel_id)")
			}
			in.HotelID = a.Hotels.IDs[0]
		}
		if in.HotelID != "" {
			if err := s.stays.HotelInScope(tx, a, in.HotelID); err != nil {
				return err
			}
		}
		var err error
		g, err = s.createGuest(tx, a, in)
		return err
	})
	if err != nil {
		return GuestView{}, err
	}
	return s.guestView(g), nil
}

// createGuest validates in and stores it as a new guest, audited, in tx.
func (s *Service) createGuest(tx *store.Tx, a app.Actor, in GuestInput) (Guest, error) {
	now := s.Now()
	g := Guest{ID: app.NewID(now), HotelID: in.HotelID, Name: in.Name, Phone: in.Phone, Email: in.Email, Nationality: in.Nationality,
		IDDocument: IDDocument{Type: in.IDDocument.Type}, Notes: in.Notes, CreatedAt: now, UpdatedAt: now}
	number := in.IDDocument.Number
	if err := g.Validate(&number); err != nil {
		return Guest{}, err
	}
	var err error
	if g.IDDocument.Number, err = s.sealNumber(number, ""); err != nil {
		return Guest{}, err
	}
	if err := Guests.Create(tx, g.ID, g); err != nil {
		return Guest{}, err
	}
	return g, s.Audit.Record(tx, a, "guest.create", "guest", g.ID, nil, g)
}

// GetGuest returns guest id. It needs guests.view. A merged duplicate is
// returned too, with MergedInto naming the profile it was merged into.
// Returns ENOTFOUND when there is no such guest, or when it is not a guest
// of the caller's hotels (see InScope).
func (s *Service) GetGuest(ctx context.Context, a app.Actor, id string) (GuestView, error) {
	if err := a.Require(app.Perm("guests", "view")); err != nil {
		return GuestView{}, err
	}
	var g Guest
	err := s.DB.View(func(tx *store.Tx) error {
		var err error
		g, err = s.InScope(tx, a, id)
		return err
	})
	if err != nil {
		return GuestView{}, err
	}
	return s.guestView(g), nil
}

// UpdateGuest changes the fields of guest id that p sets. It needs
// guests.update. Returns ENOTFOUND when there is no such guest or it is not
// a guest of the caller's hotels (see InScope), EINVALID
// for a wrong field or a merged duplicate (change the profile it was merged
// into), and EUNAVAILABLE when p sets an identity document number and the
// data key is missing.
func (s *Service) UpdateGuest(ctx context.Context, a app.Actor, id string, p GuestPatch) (GuestView, error) {
	if err := a.Require(app.Perm("guests", "update")); err != nil {
		return GuestView{}, err
	}
	var g Guest
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		before, err := s.InScope(tx, a, id)
		if err != nil {
			return err
		}
		if before.MergedInto != "" {
			return app.E(app.EINVALID, "guest.update_merged", "guest \"{id}\" was merged into \"{into}\"; change that profile instead", "id", id, "into", before.MergedInto)
		}
		g = before
		if p.Name != nil {
			g.Name = *p.Name
		}
		if p.Phone != nil {
			g.Phone = *p.Phone
		}
		if p.Email != nil {
			g.Email = *p.Email
		}
		if p.Nationality != nil {
			g.Nationality = *p.Nationality
		}
		if p.Notes != nil {
			g.Notes = *p.Notes
		}
		var number *string
		if p.IDDocument != nil {
			if p.IDDocument.Type != nil {
				g.IDDocument.Type = *p.IDDocument.Type
			}
			if p.IDDocument.Number != nil {
				n := *p.IDDocument.Number
				number = &n
			}
		}
		if err := g.Validate(number); err != nil {
			return err
		}
		if number != nil {
			if g.IDDocument.Number, err = s.sealNumber(*number, before.IDDocument.Number); err != nil {
				return err
			}
		}
		if g == before {
			return nil // nothing changes: no write, no audit entry
		}
		g.UpdatedAt = s.Now()
		if err := Guests.Put(tx, id, g); err != nil {
			return err
		}
		return s.Audit.Record(tx, a, "guest.update", "guest", id, before, g)
	})
	if err != nil {
		return GuestView{}, err
	}
	return s.guestView(g), nil
}

// errStopScan ends an index scan early.
var errStopScan = errors.New("stop scan")

// guestTerm is one word of a guest search and the index keys it matches.
type guestTerm struct {
	key   string
	also  []string // further prefixes whose keys match the term too
	match func(key string) bool
}

// isPhoneKey reports whether a key of the guest index "search" is a phone
// number's key (app.PhoneKeys): four or more digits, or the mark of the
// reversed digits and four or more digits.
func isPhoneKey(k string) bool {
	k = strings.TrimPrefix(k, app.PhoneSuffixMark)
	return len(k) >= 4 && strings.Trim(k, "0123456789") == ""
}

// guestTerms splits a search into terms: a word with '@' matches an email
// exactly; a number of four or more digits (spaces, '+', '-' and brackets
// allowed, so a whole phone number is one term) matches phone numbers that
// start or end with its digits; any other word matches the words of names
// that start with it.
func guestTerms(q string) []guestTerm {
	q = app.FoldKey(q)
	digitsOf := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, s)
	}
	phoneTerm := func(digits string) guestTerm {
		p := app.PhonePrefixes(digits)
		return guestTerm{key: p[0], also: p[1:], match: isPhoneKey}
	}
	if strings.Trim(q, "0123456789+-() ") == "" && len(digitsOf(q)) >= 4 {
		return []guestTerm{phoneTerm(digitsOf(q))}
	}
	var terms []guestTerm
	for _, w := range strings.Fields(q) {
		switch {
		case strings.Contains(w, "@"):
			email := w
			terms = append(terms, guestTerm{key: w, match: func(k string) bool { return k == email }})
		case strings.Trim(w, "0123456789+-()") == "" && len(digitsOf(w)) >= 4:
			terms = append(terms, phoneTerm(digitsOf(w)))
		default:
			terms = append(terms, guestTerm{key: w, match: func(k string) bool {
				return !strings.Contains(k, "@") && !isPhoneKey(k)
			}})
		}
	}
	return terms
}

// SearchGuests returns up to limit guests (GuestDefaultLimit when limit ≤ 0,
// at most GuestMaxLimit), newest first, that match every word of q: words
// of the name by prefix, a phone number by the first or the last of its
// digits (four or more), an email exactly, case-insensitively. An empty q lists the
// newest guests. Merged duplicates never appear, nor guests outside the
// caller's hotels (see InScope). It needs guests.view.
func (s *Service) SearchGuests(ctx context.Context, a app.Actor, q string, limit int) ([]GuestView, error) {
	if err := a.Require(app.Perm("guests", "view")); err != nil {
		return nil, err
	}
	if !utf8.ValidString(q) || utf8.RuneCountInString(q) > GuestSearchMaxLen {
		return nil, app.E(app.EINVALID, "guest.search_too_long", "a guest search is at most {max} characters of text", "max", GuestSearchMaxLen)
	}
	if limit <= 0 {
		limit = GuestDefaultLimit
	}
	limit = min(limit, GuestMaxLimit)
	out := []GuestView{}
	err := s.DB.View(func(tx *store.Tx) error {
		scan := limit
		if !a.Hotels.All {
			scan = 0 // some of the newest may be other hotels' guests
		}
		ids, err := guestMatches(tx, q, scan)
		if err != nil {
			return err
		}
		for _, id := range ids {
			g, err := Guests.Get(tx, id)
			if app.ErrorCode(err) == app.ENOTFOUND || g.MergedInto != "" {
				continue
			}
			if err != nil {
				return err
			}
			if ok, err := s.visible(tx, a, g); err != nil {
				return err
			} else if !ok {
				continue
			}
			out = append(out, s.guestView(g))
			if len(out) == limit {
				break
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// guestMatches returns the ids of the guests that match q, newest first:
// all of them for a search, the newest limit when q is empty (all of them
// when limit is 0).
func guestMatches(tx *store.Tx, q string, limit int) ([]string, error) {
	terms := guestTerms(q)
	if len(terms) == 0 {
		var ids []string
		err := tx.Scan(KindGuest, IndexGuestNewest, "", "", func(_, id string) error {
			ids = append(ids, id)
			if limit > 0 && len(ids) == limit {
				return errStopScan
			}
			return nil
		})
		if err != nil && !errors.Is(err, errStopScan) {
			return nil, err
		}
		return ids, nil
	}
	var found map[string]bool
	for _, t := range terms {
		hits := map[string]bool{}
		for _, key := range append([]string{t.key}, t.also...) {
			err := tx.ScanPrefix(KindGuest, IndexGuestSearch, key, func(k, id string) error {
				if t.match(k) && (found == nil || found[id]) {
					hits[id] = true
				}
				return nil
			})
			if err != nil {
				return nil, err
			}
		}
		found = hits
		if len(found) == 0 {
			return nil, nil
		}
	}
	ids := make([]string, 0, len(found))
	for id := range found {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	slices.Reverse(ids)
	return ids, nil
}

// MergeGuests merges the duplicate profile into the kept one, in one
// transaction: every reservation of the duplicate moves to the kept guest
// (its guest name and phone as booked stay), the kept guest's empty fields
// are filled from the duplicate's (never overwriting), the notes are joined,
// and the duplicate is marked merged into the kept guest, which takes it out
// of searches. Each changed record is audited as guest.merge. It needs
// guests.update, and returns the kept guest.
//
// Returns ENOTFOUND when either guest does not exist or is not a guest of
// the caller's hotels (see InScope), EFORBIDDEN when the duplicate has
// reservations at hotels outside the caller's scope (the merge would
// rewrite them), and EINVALID for a merge of a guest into itself, into a
// merged duplicate, of a duplicate merged already, or when the joined
// notes would be too long.
func (s *Service) MergeGuests(ctx context.Context, a app.Actor, keepID, duplicateID string) (GuestView, error) {
	if err := a.Require(app.Perm("guests", "update")); err != nil {
		return GuestView{}, err
	}
	if duplicateID == "" {
		return GuestView{}, app.E(app.EINVALID, "guest.merge_needs_duplicate", "name the duplicate guest to merge (duplicate_id)")
	}
	if keepID == duplicateID {
		return GuestView{}, app.E(app.EINVALID, "guest.merge_into_itself", "a guest cannot be merged into itself")
	}
	var keep Guest
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		before, err := s.InScope(tx, a, keepID)
		if err != nil {
			return err
		}
		dup, err := s.InScope(tx, a, duplicateID)
		if err != nil {
			return err
		}
		if !a.Hotels.All {
			hotels, err := s.stays.StayHotels(tx, duplicateID)
			if err != nil {
				return err
			}
			if slices.ContainsFunc(hotels, func(h string) bool { return !a.Hotels.Includes(h) }) {
				return app.E(app.EFORBIDDEN, "guest.merge_other_hotels_stays", "guest \"{id}\" also has reservations at hotels outside yours; someone who holds those hotels must merge it", "id", duplicateID)
			}
		}
		if before.MergedInto != "" {
			return app.E(app.EINVALID, "guest.merge_into_merged", "guest \"{id}\" was itself merged into \"{into}\"; merge into that profile instead", "id", keepID, "into", before.MergedInto)
		}
		if dup.MergedInto != "" {
			return app.E(app.EINVALID, "guest.already_merged", "guest \"{id}\" is already merged into \"{into}\"", "id", duplicateID, "into", dup.MergedInto)
		}
		now := s.Now()

		keep = before
		fill := func(dst *string, src string) {
			if *dst == "" {
				*dst = src
			}
		}
		fill(&keep.Phone, dup.Phone)
		fill(&keep.Email, dup.Email)
		fill(&keep.Nationality, dup.Nationality)
		fill(&keep.HotelID, dup.HotelID)
		if keep.IDDocument.Type == "" && keep.IDDocument.Number == "" {
			keep.IDDocument = dup.IDDocument
		}
		switch {
		case dup.Notes == "":
		case keep.Notes == "":
			keep.Notes = dup.Notes
		default:
			keep.Notes += "\n\n" + dup.Notes
		}
		if utf8.RuneCountInString(keep.Notes) > GuestNotesMaxLen {
			return app.E(app.EINVALID, "guest.merged_notes_too_long", "the notes of both guests together would be longer than {max} characters; shorten them first", "max", GuestNotesMaxLen)
		}
		if keep != before {
			keep.UpdatedAt = now
			if err := Guests.Put(tx, keepID, keep); err != nil {
				return err
			}
		}

		if err := s.stays.MoveStays(tx, a, duplicateID, keepID); err != nil {
			return err
		}

		merged := dup
		merged.MergedInto, merged.UpdatedAt = keepID, now
		if err := Guests.Put(tx, duplicateID, merged); err != nil {
			return err
		}
		type mergedFrom struct {
			Guest
			MergedFrom string `json:"merged_from"`
		}
		if err := s.Audit.Record(tx, a, "guest.merge", "guest", keepID, before, mergedFrom{keep, duplicateID}); err != nil {
			return err
		}
		return s.Audit.Record(tx, a, "guest.merge", "guest", duplicateID, dup, merged)
	})
	if err != nil {
		return GuestView{}, err
	}
	return s.guestView(keep), nil
}

// InScope returns guest id, merged or not, when actor a may see it: a
// caller with every hotel sees every guest; a caller with a list of hotels
// sees a guest created at one of them, or with a reservation at one of
// them, and a merged duplicate when it may see the profile it was merged
// into. Returns ENOTFOUND, the same as for a guest that does not exist,
// otherwise.
func (s *Service) InScope(tx *store.Tx, a app.Actor, id string) (Guest, error) {
	g, err := Get(tx, id)
	if err != nil {
		return Guest{}, err
	}
	ok, err := s.visible(tx, a, g)
	if err != nil {
		return Guest{}, err
	}
	if !ok {
		return Guest{}, app.NotFoundError("guest", id)
	}
	return g, nil
}

// visible reports whether actor a may see guest g (see InScope).
func (s *Service) visible(tx *store.Tx, a app.Actor, g Guest) (bool, error) {
	if a.Hotels.All {
		return true, nil
	}
	for hops := 0; ; hops++ {
		if g.HotelID != "" && a.Hotels.Includes(g.HotelID) {
			return true, nil
		}
		hotels, err := s.stays.StayHotels(tx, g.ID)
		if err != nil {
			return false, err
		}
		if slices.ContainsFunc(hotels, a.Hotels.Includes) {
			return true, nil
		}
		if g.MergedInto == "" || hops == guestMergeChainLoop {
			return false, nil
		}
		next, err := Guests.Get(tx, g.MergedInto)
		if app.ErrorCode(err) == app.ENOTFOUND {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		g = next
	}
}

// GuestForBooking returns the guest of a booking at hotel hotelID, inside
// the caller's write transaction tx. When id is set it loads that guest,
// following merged_into to the profile a duplicate was merged into
// (ENOTFOUND when there is no such guest or it is not a guest of the
// caller's hotels; EINVALID when a merge points nowhere). Otherwise it
// validates in and creates a new guest at hotelID, audited, which needs
// guests.create (EFORBIDDEN without it), and EUNAVAILABLE for a document
// number without the data key.
func (s *Service) GuestForBooking(tx *store.Tx, a app.Actor, hotelID string, in GuestInput, id string) (Guest, error) {
	if id == "" {
		if err := a.Require(app.Perm("guests", "create")); err != nil {
			return Guest{}, err
		}
		in.HotelID = hotelID
		return s.createGuest(tx, a, in)
	}
	g, err := s.InScope(tx, a, id)
	if err != nil {
		return Guest{}, err
	}
	for hops := 0; g.MergedInto != ""; hops++ {
		if hops == guestMergeChainLoop {
			return Guest{}, app.E(app.EINVALID, "guest.merge_chain_too_long", "guest \"{id}\" was merged into a profile that cannot be found; choose the guest again", "id", id)
		}
		next, err := Guests.Get(tx, g.MergedInto)
		if app.ErrorCode(err) == app.ENOTFOUND {
			return Guest{}, app.E(app.EINVALID, "guest.merged_into_missing", "guest \"{id}\" was merged into \"{into}\", which cannot be found; choose the guest again", "id", id, "into", g.MergedInto)
		}
		if err != nil {
			return Guest{}, err
		}
		g = next
	}
	if ok, err := s.visible(tx, a, g); err != nil {
		return Guest{}, err
	} else if !ok {
		return Guest{}, app.NotFoundError("guest", id)
	}
	return g, nil
}

// KindGuest is the kind of Guest documents, and IndexGuest… name its indexes.
const (
	KindGuest        = "guest"
	IndexGuestSearch = "search"
	IndexGuestNewest = "newest"
)
