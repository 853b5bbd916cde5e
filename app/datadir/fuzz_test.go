package datadir_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"innkeep/app"
	"innkeep/app/datadir"
)

// keyFileOf returns the content of a key file holding key, as
// CreateKeyFile writes it.
func keyFileOf(key []byte) []byte {
	b, _ := json.Marshal(map[string]any{"version": 1, "key_id": app.KeyID(key), "key": base64.StdEncoding.EncodeToString(key)})
	return append(b, '\n')
}

// FuzzParseKeyFile feeds the key file parser any content: it never panics,
// it either returns a 32-byte key or an EINVALID error with a message key,
// and a key file it wrote itself reads back to its key.
func FuzzParseKeyFile(f *testing.F) {
	key := bytes.Repeat([]byte{7}, app.DataKeySize)
	f.Add(keyFileOf(key))
	f.Add([]byte(""))
	f.Add([]byte("{}"))
	f.Add([]byte(`{"version": 2, "key_id": "x", "key": ""}`))
	f.Add([]byte(`{"version": 1, "key_id": "x", "key": "AAAA"}`))
	f.Add([]byte(`{"version": 1, "key_id": "x", "key": "not base64!", "extra": 1}`))
	f.Add(bytes.Repeat([]byte("{"), 5000))
	f.Fuzz(func(t *testing.T, raw []byte) {
		got, err := datadir.ParseKeyFile("innkeep.key", raw)
		if err != nil {
			e, ok := err.(*app.Error)
			if !ok || e.Code != app.EINVALID || e.Key == "" {
				t.Fatalf("error %v is not an EINVALID *app.Error with a key", err)
			}
			return
		}
		if len(got) != app.DataKeySize {
			t.Fatalf("parsed a key of %d bytes", len(got))
		}
		back, err := datadir.ParseKeyFile("innkeep.key", keyFileOf(got))
		if err != nil || !bytes.Equal(back, got) {
			t.Fatalf("round trip: %v", err)
		}
	})
}

// FuzzKeyFromPhrase feeds the recovery phrase parser any text: it never
// panics, it either returns a 32-byte key whose phrase reads back to it, or
// an EINVALID error with a message key.
func FuzzKeyFromPhrase(f *testing.F) {
	phrase := datadir.RecoveryPhrase(bytes.Repeat([]byte{0xa5}, app.DataKeySize))
	f.Add(phrase)
	f.Add(strings.ToLower(phrase))
	f.Add(strings.ReplaceAll(phrase, "-", " "))
	f.Add(phrase[:len(phrase)-1] + "Z")
	f.Add("")
	f.Add("0000-\u00a0")
	f.Add("UUUU")
	f.Add(strings.Repeat("0", 64))
	f.Fuzz(func(t *testing.T, s string) {
		key, err := datadir.KeyFromPhrase(s)
		if err != nil {
			e, ok := err.(*app.Error)
			if !ok || e.Code != app.EINVALID || e.Key == "" {
				t.Fatalf("error %v is not an EINVALID *app.Error with a key", err)
			}
			return
		}
		if len(key) != app.DataKeySize {
			t.Fatalf("a key of %d bytes", len(key))
		}
		back, err := datadir.KeyFromPhrase(datadir.RecoveryPhrase(key))
		if err != nil || !bytes.Equal(back, key) {
			t.Fatalf("round trip: %v", err)
		}
	})
}
