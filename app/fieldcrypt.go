package app

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
)

// Sensitive fields (staff phone numbers, guests' identity document numbers,
// payment references) are stored encrypted, so that a copy of innkeep.db
// without innkeep.key does not reveal them. An encrypted value is a string:
//
//	enc:v1:<key id>:<base64url, no padding, of nonce ‖ ciphertext ‖ tag>
//
// sealed with AES-256-GCM under the data key, a random 96-bit nonce per
// value, and the key id as additional authenticated data (so a value cannot
// be passed off as sealed by another key).

// DataKeySize is the size of the data key in bytes (AES-256).
const DataKeySize = 32

// encPrefix starts every encrypted value.
const encPrefix = "enc:v1:"

// keyIDLen is the length of a key id: 8 hex digits.
const keyIDLen = 8

// gcmNonceSize and gcmTagSize are AES-GCM's standard sizes.
const (
	gcmNonceSize = 12
	gcmTagSize   = 16
)

// Keyring seals and opens sensitive fields with the data key. A *Keyring is
// safe for concurrent use. A nil *Keyring stands for a missing data key: its
// methods return EUNAVAILABLE instead of panicking.
type Keyring struct {
	id   string
	aead cipher.AEAD
}

// NewKeyring returns the keyring of key. It returns EINVALID unless key is
// DataKeySize (32) bytes long.
func NewKeyring(key []byte) (*Keyring, error) {
	if len(key) != DataKeySize {
		return nil, E(EINVALID, "app.data_key_size", "the data key must be {size} bytes, not {got}", "size", DataKeySize, "got", len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, E(EINVALID, "app.data_key_unusable", "the data key cannot be used: {reason}", "reason", err.Error())
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, E(EINVALID, "app.data_key_unusable", "the data key cannot be used: {reason}", "reason", err.Error())
	}
	return &Keyring{id: KeyID(key), aead: aead}, nil
}

// KeyID returns the id of key: the first 8 hex digits of its SHA-256.
func KeyID(key []byte) string {
	sum := sha256.Sum256(key)
	return hex.EncodeToString(sum[:])[:keyIDLen]
}

// ID returns the key id: the first 8 hex digits of the SHA-256 of the data
// key. It names the key without revealing it. A nil keyring has the id "".
func (k *Keyring) ID() string {
	if k == nil {
		return ""
	}
	return k.id
}

// errNoKey is returned by a nil keyring.
func errNoKey() error {
	return E(EUNAVAILABLE, "app.data_key_missing", "the data key is missing; restore {file} in the data folder or rebuild it with `innkeep key recover`", "file", KeyFileName)
}

// Encrypt seals plain and returns "enc:v1:<key id>:<data>". Two encryptions
// of the same value differ. The empty string encrypts to itself, so that an
// empty field stays empty. Returns EUNAVAILABLE when k is nil (and plain is
// not empty).
func (k *Keyring) Encrypt(plain string) (string, error) {
	if plain == "" {
		return "", nil
	}
	if k == nil {
		return "", errNoKey()
	}
	buf := make([]byte, gcmNonceSize, gcmNonceSize+len(plain)+gcmTagSize)
	if _, err := rand.Read(buf); err != nil {
		return "", Errorf(EINTERNAL, "no random numbers for a nonce: %v", err)
	}
	buf = k.aead.Seal(buf, buf[:gcmNonceSize], []byte(plain), []byte(k.id))
	return encPrefix + k.id + ":" + base64.RawURLEncoding.EncodeToString(buf), nil
}

// Decrypt opens a value made by Encrypt. The empty string decrypts to
// itself. It returns
//   - EINVALID when s is not an encrypted value, or when it was changed or
//     damaged (it "cannot be decrypted");
//   - EUNAVAILABLE when s was sealed by another data key than k's, or when
//     k is nil (the data key is missing).
func (k *Keyring) Decrypt(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	id, data, ok := SplitEncrypted(s)
	if !ok {
		return "", E(EINVALID, "app.not_encrypted", "the value is not an encrypted field")
	}
	if k == nil {
		return "", errNoKey()
	}
	if id != k.id {
		return "", E(EUNAVAILABLE, "app.other_data_key", "the value was encrypted with another data key (id {id}); restore the {file} that belongs to this data (this one has id {current})",
			"id", id, "file", KeyFileName, "current", k.id)
	}
	plain, err := k.aead.Open(nil, data[:gcmNonceSize], data[gcmNonceSize:], []byte(id))
	if err != nil {
		return "", E(EINVALID, "app.cannot_decrypt", "the encrypted value cannot be decrypted: it was changed or damaged")
	}
	return string(plain), nil
}

// IsEncrypted reports whether s has the form of a value made by
// Keyring.Encrypt (whatever the key). It does not check that s decrypts.
func IsEncrypted(s string) bool {
	_, _, ok := SplitEncrypted(s)
	return ok
}

// SplitEncrypted returns the key id and the nonce ‖ ciphertext of an
// encrypted value, and whether s is one.
func SplitEncrypted(s string) (id string, data []byte, ok bool) {
	rest, found := strings.CutPrefix(s, encPrefix)
	if !found {
		return "", nil, false
	}
	id, enc, found := strings.Cut(rest, ":")
	if !found || !IsKeyID(id) {
		return "", nil, false
	}
	data, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil || len(data) < gcmNonceSize+gcmTagSize {
		return "", nil, false
	}
	return id, data, true
}

// IsKeyID reports whether s is 8 lower-case hex digits.
func IsKeyID(s string) bool {
	if len(s) != keyIDLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// KeyFileName is the file of the data key, beside innkeep.db in the data
// folder. Its content is JSON:
//
//	{"version": 1, "key_id": "1a2b3c4d", "key": "<standard base64 of 32 bytes>"}
const KeyFileName = "innkeep.key"
