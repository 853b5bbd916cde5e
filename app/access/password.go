package access

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"innkeep/app"
	"innkeep/app/property"
	"innkeep/store"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Argon2Params are the argon2id parameters of a password hash.
type Argon2Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8  // lanes
	SaltLen uint32
	KeyLen  uint32
}

// DefaultArgon2 is OWASP's current minimum for argon2id: 19 MiB, 2 passes,
// 1 lane. Hashes record their parameters, so raising these later keeps old
// hashes verifiable (and VerifyPassword reports them for rehashing).
var DefaultArgon2 = Argon2Params{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// Password policy.
const (
	MinPasswordLen = 10
	MaxPasswordLen = 256 // bounds the work of hashing attacker-chosen input
)

// CheckPasswordPolicy returns EINVALID saying what is wrong with password
// for username, with a message key of its own for each rule:
//
//   - access.password_not_text: not valid UTF-8;
//   - access.password_too_short, access.password_too_long: fewer than
//     MinPasswordLen characters, more than MaxPasswordLen bytes;
//   - access.password_blank: only spaces;
//   - access.password_repeats: one character or a short group repeated
//     (aaaaaaaaaa, abcabcabca);
//   - access.password_sequence: made of runs of letters or digits in order,
//     forward or backward, or along a keyboard row (abcdefghij, 9876543210,
//     qwertyuiop, abcd1234);
//   - access.password_has_username: contains the username;
//   - access.password_has_product_name: contains "innkeep";
//   - access.password_has_hotel_name: contains one of names (the hotels'
//     names, compared by their letters and digits only, case-insensitively),
//     or is a word of one of them with only digits and symbols added;
//   - access.password_word_and_digits: a word of the trade ("hotel",
//     "reception"…) with only digits and symbols added;
//   - access.password_too_common: on the list of breached passwords (see
//     commonpasswords.go).
func CheckPasswordPolicy(username, password string, names ...string) error {
	if !utf8.ValidString(password) {
		return app.E(app.EINVALID, "access.password_not_text", "the password is not valid text")
	}
	if utf8.RuneCountInString(password) < MinPasswordLen {
		return app.E(app.EINVALID, "access.password_too_short", "the password must have at least {min} characters", "min", MinPasswordLen)
	}
	if len(password) > MaxPasswordLen {
		return app.E(app.EINVALID, "access.password_too_long", "the password must have at most {max} bytes", "max", MaxPasswordLen)
	}
	if strings.TrimSpace(password) == "" {
		return app.E(app.EINVALID, "access.password_blank", "the password must not be only spaces")
	}
	lower := strings.ToLower(password)
	if repeatsAUnit(lower) {
		return app.E(app.EINVALID, "access.password_repeats", "the password repeats a character or a short group (such as aaaa or abcabc); choose one that is harder to guess")
	}
	if isSequence(lower) {
		return app.E(app.EINVALID, "access.password_sequence", "the password is a sequence (such as abcd, 4321 or qwerty); choose one that is harder to guess")
	}
	if username != "" && strings.Contains(lower, strings.ToLower(username)) {
		return app.E(app.EINVALID, "access.password_has_username", "the password must not contain the username")
	}
	squashed := lettersAndDigits(lower)
	if strings.Contains(squashed, productName) {
		return app.E(app.EINVALID, "access.password_has_product_name", "the password must not contain the name of the program, Innkeep")
	}
	stem := strings.TrimRightFunc(squashed, unicode.IsDigit)
	for _, name := range names {
		sq := lettersAndDigits(strings.ToLower(name))
		if utf8.RuneCountInString(sq) >= 4 && strings.Contains(squashed, sq) {
			return app.E(app.EINVALID, "access.password_has_hotel_name", "the password must not contain the hotel's name ({name})", "name", name)
		}
		for _, w := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			if utf8.RuneCountInString(w) >= 3 && stem == w {
				return app.E(app.EINVALID, "access.password_has_hotel_name", "the password must not contain the hotel's name ({name})", "name", name)
			}
		}
	}
	for _, w := range tradeWords {
		if stem == w {
			return app.E(app.EINVALID, "access.password_word_and_digits", "the password is the word \"{word}\" with digits or symbols added, which is easy to guess", "word", w)
		}
	}
	if isCommonPassword(lower) {
		return app.E(app.EINVALID, "access.password_too_common", "this password is on a list of passwords that were leaked and are tried first; choose another")
	}
	return nil
}

// productName is refused in passwords, in the squashed form of
// lettersAndDigits.
const productName = "innkeep"

// tradeWords are words that a hotel's staff would try first; a password
// that is one of them with only digits and symbols added is refused.
var tradeWords = []string{"hotel", "motel", "hostel", "inn", "frontdesk", "reception", "guesthouse", "lobby", "booking", "welcome", "admin", "manager", "password"}

// lettersAndDigits returns s without anything but its letters and digits.
func lettersAndDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
}

// repeatsAUnit reports whether s is a group of at most half its length
// repeated (the last repetition may be cut short): aaaa, abab, abcabca.
func repeatsAUnit(s string) bool {
	r := []rune(s)
	for p := 1; p <= len(r)/2; p++ {
		ok := true
		for i := p; i < len(r); i++ {
			if r[i] != r[i-p] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// keyboardRows are the rows of a US keyboard, in which a run of three or
// more keys (either way) counts as a sequence.
var keyboardRows = []string{"`1234567890-=", "qwertyuiop[]\\", "asdfghjkl;'", "zxcvbnm,./", "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p"}

// isSequence reports whether s is made only of runs of three or more
// characters that repeat, go up or down by one (abc, 321) or follow a
// keyboard row (qwe, lkj).
func isSequence(s string) bool {
	r := []rune(s)
	for i := 0; i < len(r); {
		n := longestRun(r[i:])
		if n < 3 {
			return false
		}
		i += n
	}
	return true
}

// longestRun returns the length of the longest run at the start of r.
func longestRun(r []rune) int {
	best := 1
	for _, step := range []int{0, 1, -1} {
		n := 1
		for n < len(r) && int(r[n])-int(r[n-1]) == step {
			n++
		}
		best = max(best, n)
	}
	for _, row := range keyboardRows {
		for _, dir := range []int{1, -1} {
			n := 1
			for n < len(r) {
				a, b := strings.IndexRune(row, r[n-1]), strings.IndexRune(row, r[n])
				if a < 0 || b < 0 || b-a != dir {
					break
				}
				n++
			}
			best = max(best, n)
		}
	}
	return best
}

// CheckPassword returns the error of CheckPasswordPolicy for a password of
// username, with the names of the hotels in the store refused too.
func (s *Service) CheckPassword(ctx context.Context, username, password string) error {
	var names []string
	err := s.DB.View(func(tx *store.Tx) error {
		return property.Hotels.ForEach(tx, func(_ string, h property.Hotel) error {
			names = append(names, h.Name)
			return nil
		})
	})
	if err != nil {
		return err
	}
	return CheckPasswordPolicy(username, password, names...)
}

// HashPassword returns the argon2id hash of password in the PHC string
// format: $argon2id$v=19$m=…,t=…,p=…$salt$key (base64 without padding).
func HashPassword(password string, p Argon2Params) (string, error) {
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifyPassword reports whether password matches the PHC-format hash,
// comparing in constant time. It returns EINTERNAL for a hash it cannot
// parse.
func VerifyPassword(hash, password string) (bool, error) {
	p, salt, key, err := parseHash(hash)
	if err != nil {
		return false, err
	}
	if len(password) > MaxPasswordLen {
		return false, nil
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

func parseHash(hash string) (p Argon2Params, salt, key []byte, err error) {
	parts := strings.Split(hash, "$")
	bad := app.Errorf(app.EINTERNAL, "a stored password hash is damaged")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return p, nil, nil, bad
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return p, nil, nil, bad
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil || p.Time == 0 || p.Threads == 0 || p.Memory < 8*uint32(p.Threads) || p.Memory > 4<<20 {
		return p, nil, nil, bad
	}
	b64 := base64.RawStdEncoding
	if salt, err = b64.DecodeString(parts[4]); err != nil || len(salt) < 8 {
		return p, nil, nil, bad
	}
	if key, err = b64.DecodeString(parts[5]); err != nil || len(key) < 16 {
		return p, nil, nil, bad
	}
	return p, salt, key, nil
}

// dummyHash is verified against when a username does not exist, so that a
// failed sign-in takes as long whether or not the user exists.
const dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$4gYKa6nVr4c8RUjHSfShcA4jHqj0ZJYpL6tXv0P6cVQ"
