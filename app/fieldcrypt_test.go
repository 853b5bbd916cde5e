package app_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"innkeep/app"
	"innkeep/store"
)

// testKeyring returns a keyring of a key made of the byte b.
func testKeyring(t *testing.T, b byte) *app.Keyring {
	t.Helper()
	kr, err := app.NewKeyring(bytes.Repeat([]byte{b}, app.DataKeySize))
	if err != nil {
		t.Fatal(err)
	}
	return kr
}

func TestKeyringRoundTrips(t *testing.T) {
	kr := testKeyring(t, 1)
	for _, plain := range []string{
		"",
		"x",
		"+86 138 0000 1234",
		"护照 E12345678 — 张伟",
		strings.Repeat("long value ", 1000),
		"enc:v1:looks:encrypted",
	} {
		c, err := kr.Encrypt(plain)
		if err != nil {
			t.Fatal(err)
		}
		if plain == "" {
			if c != "" {
				t.Errorf("the empty string encrypts to %q, want it to stay empty", c)
			}
			continue
		}
		if !strings.HasPrefix(c, "enc:v1:"+kr.ID()+":") || !app.IsEncrypted(c) {
			t.Errorf("ciphertext %q does not have the form enc:v1:<key id>:<data>", c)
		}
		// (A one-letter value may occur in base64 by chance.)
		if len(plain) > 3 && strings.Contains(c, plain) {
			t.Errorf("ciphertext %q contains the plain text", c)
		}
		got, err := kr.Decrypt(c)
		if err != nil || got != plain {
			t.Errorf("Decrypt(Encrypt(%.20q)) = %.20q, %v", plain, got, err)
		}
	}
}

func TestEncryptingTwiceGivesDifferentCiphertexts(t *testing.T) {
	kr := testKeyring(t, 1)
	a, _ := kr.Encrypt("same value")
	b, _ := kr.Encrypt("same value")
	if a == b {
		t.Error("two encryptions of one value are equal: the nonce is not random")
	}
}

func TestKeyringIDIsThePrefixOfTheKeyHash(t *testing.T) {
	key := bytes.Repeat([]byte{9}, app.DataKeySize)
	kr, err := app.NewKeyring(key)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(key)
	if want := hex.EncodeToString(sum[:4]); kr.ID() != want {
		t.Errorf("ID() = %q, want %q", kr.ID(), want)
	}
}

func TestNewKeyringRefusesKeysOfTheWrongSize(t *testing.T) {
	for _, n := range []int{0, 16, 24, 31, 33, 64} {
		if _, err := app.NewKeyring(make([]byte, n)); app.ErrorCode(err) != app.EINVALID {
			t.Errorf("a %d-byte key: %v, want invalid", n, err)
		}
	}
}

func TestDecryptRefusesTamperedCiphertexts(t *testing.T) {
	kr := testKeyring(t, 1)
	c, err := kr.Encrypt("+86 138 0000 1234")
	if err != nil {
		t.Fatal(err)
	}
	prefix := c[:strings.LastIndexByte(c, ':')+1]
	data, err := base64.RawURLEncoding.DecodeString(c[len(prefix):])
	if err != nil {
		t.Fatal(err)
	}
	for i := range data {
		for _, bit := range []byte{0x01, 0x80} {
			bad := bytes.Clone(data)
			bad[i] ^= bit
			_, err := kr.Decrypt(prefix + base64.RawURLEncoding.EncodeToString(bad))
			if app.ErrorCode(err) != app.EINVALID || !strings.Contains(app.ErrorMessage(err), "cannot be decrypted") {
				t.Fatalf("byte %d flipped by %#x: %v, want invalid 'cannot be decrypted'", i, bit, err)
			}
		}
	}
	// Cut short, or grown.
	for _, bad := range [][]byte{data[:len(data)-1], append(bytes.Clone(data), 0)} {
		if _, err := kr.Decrypt(prefix + base64.RawURLEncoding.EncodeToString(bad)); app.ErrorCode(err) != app.EINVALID {
			t.Errorf("a ciphertext of %d bytes instead of %d: %v", len(bad), len(data), err)
		}
	}
}

func TestDecryptNamesTheMissingKey(t *testing.T) {
	c, err := testKeyring(t, 1).Encrypt("secret")
	if err != nil {
		t.Fatal(err)
	}
	other := testKeyring(t, 2)
	_, err = other.Decrypt(c)
	if app.ErrorCode(err) != app.EUNAVAILABLE {
		t.Fatalf("another key's ciphertext: %v, want unavailable", err)
	}
	msg := app.ErrorMessage(err)
	if !strings.Contains(msg, "another data key") || !strings.Contains(msg, testKeyring(t, 1).ID()) || !strings.Contains(msg, app.KeyFileName) {
		t.Errorf("message %q does not name the key id and innkeep.key", msg)
	}

	// A value relabelled with another key id fails authentication (the id
	// is bound as additional data), not just the lookup.
	relabelled := strings.Replace(c, testKeyring(t, 1).ID(), other.ID(), 1)
	if _, err := other.Decrypt(relabelled); app.ErrorCode(err) != app.EINVALID {
		t.Errorf("a relabelled ciphertext: %v, want invalid", err)
	}
}

func TestDecryptRefusesValuesThatAreNotCiphertexts(t *testing.T) {
	kr := testKeyring(t, 1)
	for _, s := range []string{
		"plain text",
		"enc:v1:",
		"enc:v1:0123abcd",
		"enc:v1:0123abcd:",
		"enc:v1:0123ABCD:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"enc:v1:0123abc:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"enc:v1:0123abcd:not base64!",
		"enc:v1:0123abcd:AAAA",
		"enc:v2:0123abcd:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	} {
		if app.IsEncrypted(s) {
			t.Errorf("IsEncrypted(%q) = true", s)
		}
		if _, err := kr.Decrypt(s); app.ErrorCode(err) != app.EINVALID {
			t.Errorf("Decrypt(%q): %v, want invalid", s, err)
		}
	}
	if !app.IsEncrypted("enc:v1:0123abcd:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA") {
		t.Error("IsEncrypted refuses a well-formed value of an unknown key")
	}
}

func TestNilKeyringReportsTheMissingKey(t *testing.T) {
	var kr *app.Keyring
	c, _ := testKeyring(t, 1).Encrypt("secret")
	if _, err := kr.Encrypt("secret"); app.ErrorCode(err) != app.EUNAVAILABLE || !strings.Contains(app.ErrorMessage(err), "the data key is missing") {
		t.Errorf("Encrypt on a nil keyring: %v", err)
	}
	if _, err := kr.Decrypt(c); app.ErrorCode(err) != app.EUNAVAILABLE || !strings.Contains(app.ErrorMessage(err), "the data key is missing") {
		t.Errorf("Decrypt on a nil keyring: %v", err)
	}
	if got, err := kr.Encrypt(""); got != "" || err != nil {
		t.Errorf("Encrypt(\"\") on a nil keyring = %q, %v", got, err)
	}
	if got, err := kr.Decrypt(""); got != "" || err != nil {
		t.Errorf("Decrypt(\"\") on a nil keyring = %q, %v", got, err)
	}
	if kr.ID() != "" {
		t.Errorf("a nil keyring has the id %q", kr.ID())
	}
}

// TestEncryptedFieldsLeaveNoPlaintextInTheStoreFile stores an encrypted and
// a plain field through the store, and reads the file's raw bytes: the
// plain field's text must be there (or the scan proves nothing) and the
// encrypted one's must not.
func TestEncryptedFieldsLeaveNoPlaintextInTheStoreFile(t *testing.T) {
	const secret = "PASSPORT-Q7X9-ZEBRA-31415"
	const control = "CONTROL-K2M4-OTTER-27182"
	kr := testKeyring(t, 3)
	sealed, err := kr.Encrypt(secret)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "innkeep.db")
	db, err := store.Open(path, store.Options{Kinds: []store.Kind{{Name: "probe"}}})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update("test", func(tx *store.Tx) error {
		s, _ := json.Marshal(sealed)
		c, _ := json.Marshal(control)
		return tx.Put("probe", "p1", map[string]json.RawMessage{"document_number": s, "name": c})
	})
	if err != nil {
		t.Fatal(err)
	}
	var back string
	err = db.View(func(tx *store.Tx) error {
		d, err := tx.Get("probe", "p1")
		if err != nil {
			return err
		}
		return json.Unmarshal(d.Field("document_number"), &back)
	})
	if err != nil {
		t.Fatal(err)
	}
	if plain, err := kr.Decrypt(back); err != nil || plain != secret {
		t.Fatalf("the stored field decrypts to %q, %v", plain, err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(raw, []byte(control)) {
		t.Fatal("the unencrypted control field is not in the file: the scan cannot see plain text")
	}
	if bytes.Contains(raw, []byte(secret)) {
		t.Error("the encrypted field's plain text is in the store file")
	}
	if !bytes.Contains(raw, []byte(sealed)) {
		t.Error("the ciphertext is not in the store file")
	}
}
