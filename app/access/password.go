package access

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"fmt"
	"innkeep/app"
	"strings"
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

// commonPasswords holds the 10,000 most common passwords, one per line,
// lower case: the head of the password frequency list of zxcvbn
// (Copyright (c) 2012-2016 Dan Wheeler and Dropbox, Inc., MIT licence).
//
//go:embed commonpasswords.txt
var commonPasswords []byte

// isCommonPassword reports whether p (case-insensitively) is on the list.
func isCommonPassword(p string) bool {
	needle := []byte("\n" + strings.ToLower(p) + "\n")
	return bytes.Contains(append([]byte{'\n'}, commonPasswords...), needle)
}

// CheckPasswordPolicy returns EINVALID saying what is wrong with password
// for username: shorter than 10 characters, longer than 256 bytes, equal to
// or containing the username, or one of the 10,000 most common passwords.
func CheckPasswordPolicy(username, password string) error {
	if !utf8.ValidString(password) {
		return app.E(app.EINVALID, "access.password_not_text", "the password is not valid text")
	}
	if utf8.RuneCountInString(password) < MinPasswordLen {
		return app.E(app.EINVALID, "access.password_too_short", "the password must have at least {min} characters", "min", MinPasswordLen)
	}
	if len(password) > MaxPasswordLen {
		return app.E(app.EINVALID, "access.password_too_long", "the password must have at most {max} bytes", "max", MaxPasswordLen)
	}
	if username != "" && strings.Contains(strings.ToLower(password), strings.ToLower(username)) {
		return app.E(app.EINVALID, "access.password_has_username", "the password must not contain the username")
	}
	if isCommonPassword(password) {
		return app.E(app.EINVALID, "access.password_too_common", "this password is one of the most common passwords; choose another")
	}
	return nil
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
