package datadir

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"innkeep/app"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// keyFileVersion is the version of the key file's format.
const keyFileVersion = 1

// maxKeyFileSize bounds what LoadKeyFile reads: a real key file is about
// 100 bytes.
const maxKeyFileSize = 4096

// The recovery phrase is the data key (32 bytes) followed by the first
// 8 bytes of its SHA-256 as a checksum: 40 bytes, written as 64 characters of
// Crockford base 32 in 16 groups of 4 joined by "-".
const (
	phraseChecksumSize = 8
	phraseChars        = (app.DataKeySize + phraseChecksumSize) * 8 / 5 // 64
	phraseGroup        = 4
)

// keyFile is the JSON content of innkeep.key.
type keyFile struct {
	Version int    `json:"version"`
	KeyID   string `json:"key_id"`
	Key     string `json:"key"`
}

// CreateKeyFile makes a new random data key, writes it to dir/innkeep.key
// (mode 0600), and returns its keyring and recovery phrase. The phrase is
// not stored anywhere: show it once. The file appears atomically (written
// to a temporary file, synced, then linked into place, and the folder
// synced), so a crash leaves either no key file or a complete one. Returns
// ECONFLICT when the key file exists (it is never overwritten), and
// EUNAVAILABLE when the file cannot be written.
func CreateKeyFile(dir string) (*app.Keyring, string, error) {
	key := make([]byte, app.DataKeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, "", app.Errorf(app.EINTERNAL, "no random numbers for the data key: %v", err)
	}
	kr, err := app.NewKeyring(key)
	if err != nil {
		return nil, "", err
	}
	if err := writeKeyFile(dir, key); err != nil {
		return nil, "", err
	}
	return kr, RecoveryPhrase(key), nil
}

// LoadKeyFile reads dir/innkeep.key and returns its keyring. It returns
// ENOTFOUND when the file is missing, and EINVALID when it is malformed,
// does not match its own key id, or may be read or written by users other
// than its owner (its mode must be 0600; the message says to chmod 600).
func LoadKeyFile(dir string) (*app.Keyring, error) {
	path := filepath.Join(dir, app.KeyFileName)
	key, mode, err := readKeyFile(path)
	if err != nil {
		return nil, err
	}
	if notPrivate(mode) {
		return nil, app.E(app.EINVALID, "datadir.key_file_not_private", "{path} may be read by other users (mode {mode}); make it private with `chmod 600 {path}`",
			"path", path, "mode", fmt.Sprintf("%04o", mode.Perm()))
	}
	return app.NewKeyring(key)
}

// RecoverKeyFile rebuilds dir/innkeep.key from the recovery phrase and
// returns its keyring. When the key file exists and holds the same key,
// it only makes the file private again (mode 0600). It returns EINVALID
// when the phrase is wrong (see KeyFromPhrase), and ECONFLICT when the key
// file exists and holds another key or cannot be read: it is never
// overwritten.
func RecoverKeyFile(dir, phrase string) (*app.Keyring, error) {
	key, err := KeyFromPhrase(phrase)
	if err != nil {
		return nil, err
	}
	kr, err := app.NewKeyring(key)
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, app.KeyFileName)
	old, _, err := readKeyFile(path)
	switch {
	case err == nil && bytes.Equal(old, key):
		if err := os.Chmod(path, 0o600); err != nil {
			return nil, app.E(app.EUNAVAILABLE, "datadir.cannot_make_private", "cannot make {path} private: {reason}", "path", path, "reason", err.Error())
		}
		return kr, nil
	case err == nil:
		return nil, app.E(app.ECONFLICT, "datadir.key_file_holds_another_key", "{path} already holds another data key (id {id}, the phrase is for {phrase_id}); move it away first if you mean to replace it",
			"path", path, "id", app.KeyID(old), "phrase_id", kr.ID())
	case app.ErrorCode(err) != app.ENOTFOUND:
		return nil, app.E(app.ECONFLICT, "datadir.key_file_unreadable", "{path} exists but cannot be read ({reason}); move it away first if you mean to replace it", "path", path, "reason", err)
	}
	if err := writeKeyFile(dir, key); err != nil {
		return nil, err
	}
	return kr, nil
}

// RemoveKeyFile removes dir/innkeep.key when it holds the data key with id
// keyID, and leaves it otherwise (another key, or a file it cannot read, is
// never removed). It reports whether it removed the file.
func RemoveKeyFile(dir, keyID string) bool {
	path := filepath.Join(dir, app.KeyFileName)
	key, _, err := readKeyFile(path)
	if err != nil || app.KeyID(key) != keyID {
		return false
	}
	return os.Remove(path) == nil
}

// readKeyFile returns the key held by the key file at path and the file's
// mode. It returns ENOTFOUND when the file is missing and EINVALID when it
// is malformed.
func readKeyFile(path string) ([]byte, fs.FileMode, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, app.E(app.ENOTFOUND, "datadir.key_file_missing", "the data key file {path} is missing; restore it from a backup, or rebuild it with `innkeep key recover` and the recovery phrase", "path", path)
	}
	if err != nil {
		return nil, 0, app.E(app.EINVALID, "datadir.cannot_open_key_file", "cannot open the data key file {path}: {reason}", "path", path, "reason", err.Error())
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, 0, app.E(app.EINVALID, "datadir.cannot_read_key_file", "cannot read the data key file {path}: {reason}", "path", path, "reason", err.Error())
	}
	if !fi.Mode().IsRegular() {
		return nil, 0, app.E(app.EINVALID, "datadir.key_file_not_regular", "the data key file {path} is not a regular file", "path", path)
	}
	raw, err := io.ReadAll(io.LimitReader(f, maxKeyFileSize+1))
	if err != nil {
		return nil, 0, app.E(app.EINVALID, "datadir.cannot_read_key_file", "cannot read the data key file {path}: {reason}", "path", path, "reason", err.Error())
	}
	key, err := parseKeyFile(path, raw)
	if err != nil {
		return nil, 0, err
	}
	return key, fi.Mode(), nil
}

// parseKeyFile returns the data key held by raw, the content of the key
// file at path. It returns EINVALID (naming path) when raw is too large, is
// not the expected JSON, has another version, or holds a key that is not
// 32 bytes of base64 or does not match its key id. It never panics.
func parseKeyFile(path string, raw []byte) ([]byte, error) {
	damaged := func(why app.Word) error {
		return app.E(app.EINVALID, "datadir.key_file_damaged", "the data key file {path} is damaged: {why}; restore it from a backup, or rebuild it with `innkeep key recover`", "path", path, "why", why)
	}
	if len(raw) > maxKeyFileSize {
		return nil, damaged(app.MakeWord("datadir.key_file_too_large", "it is far too large"))
	}
	var kf keyFile
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&kf); err != nil {
		return nil, damaged(app.MakeWord("datadir.key_file_not_json", "it is not the expected JSON"))
	}
	if kf.Version != keyFileVersion {
		return nil, app.E(app.EINVALID, "datadir.key_file_version", "the data key file {path} has version {version}; this Innkeep reads version {supported}",
			"path", path, "version", kf.Version, "supported", keyFileVersion)
	}
	key, err := base64.StdEncoding.DecodeString(kf.Key)
	if err != nil {
		return nil, damaged(app.MakeWord("datadir.key_not_base64", "its key is not base64"))
	}
	if len(key) != app.DataKeySize {
		return nil, damaged(app.MakeWord("datadir.key_wrong_size", "its key is not 32 bytes long"))
	}
	if app.KeyID(key) != kf.KeyID {
		return nil, damaged(app.MakeWord("datadir.key_id_mismatch", "its key does not match its key id"))
	}
	return key, nil
}

// writeKeyFile writes key to dir/innkeep.key with mode 0600, atomically and
// without ever replacing an existing file. It returns ECONFLICT when the
// file exists and EUNAVAILABLE when it cannot be written.
func writeKeyFile(dir string, key []byte) error {
	path := filepath.Join(dir, app.KeyFileName)
	data, err := json.Marshal(keyFile{Version: keyFileVersion, KeyID: app.KeyID(key), Key: base64.StdEncoding.EncodeToString(key)})
	if err != nil {
		return app.Errorf(app.EINTERNAL, "encode the key file: %v", err)
	}
	data = append(data, '\n')
	failed := func(err error) error {
		return app.E(app.EUNAVAILABLE, "datadir.cannot_write_key_file", "cannot write the data key file {path}: {reason}", "path", path, "reason", err.Error())
	}

	tmpName, err := writeTemp(dir, app.KeyFileName, data, 0o600)
	if err != nil {
		return failed(err)
	}
	defer os.Remove(tmpName) // after the link below, only the temporary name goes

	// A hard link never replaces an existing file, so two processes
	// racing here cannot overwrite each other's key. Where hard links are
	// not supported, fall back to check-then-rename.
	if err := os.Link(tmpName, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return app.E(app.ECONFLICT, "datadir.key_file_exists", "the data key file {path} already exists; it is never overwritten", "path", path)
		}
		if _, serr := os.Lstat(path); serr == nil {
			return app.E(app.ECONFLICT, "datadir.key_file_exists", "the data key file {path} already exists; it is never overwritten", "path", path)
		}
		if err := os.Rename(tmpName, path); err != nil {
			return failed(err)
		}
	}
	if err := syncDir(dir); err != nil {
		return failed(err)
	}
	return nil
}

// syncDir makes the creation of a file in dir durable. Windows cannot sync
// folders (and needs not: NTFS journals names), so there it does nothing.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// RecoveryPhrase returns the recovery phrase of a 32-byte data key: the key
// and the first 8 bytes of its SHA-256, 40 bytes in Crockford base 32, as
// 16 groups of 4 characters joined by "-". It returns "" when key is not
// 32 bytes long.
func RecoveryPhrase(key []byte) string {
	if len(key) != app.DataKeySize {
		return ""
	}
	sum := sha256.Sum256(key)
	raw := append(append(make([]byte, 0, app.DataKeySize+phraseChecksumSize), key...), sum[:phraseChecksumSize]...)
	chars := encodeBase32(raw)
	groups := make([]string, 0, len(chars)/phraseGroup)
	for i := 0; i < len(chars); i += phraseGroup {
		groups = append(groups, chars[i:i+phraseGroup])
	}
	return strings.Join(groups, "-")
}

// KeyFromPhrase returns the data key of a recovery phrase. It ignores case,
// spaces and dashes, and reads the look-alikes O as 0 and I, L as 1. It
// returns EINVALID when a character cannot belong to a phrase, when the
// phrase is too short or too long, or when its checksum does not match
// (a typo).
func KeyFromPhrase(phrase string) ([]byte, error) {
	vals := make([]byte, 0, phraseChars)
	for _, r := range phrase {
		switch {
		case r == '-' || r == ' ' || r == '\t' || r == '\n' || r == '\r':
			continue
		case r > 0x7f:
			return nil, app.E(app.EINVALID, "datadir.phrase_not_ascii", "the recovery phrase cannot contain '{char}': it has only the letters and digits 0-9 A-Z", "char", quoteRune(r))
		}
		v, ok := crockfordValue(byte(r))
		if !ok {
			return nil, app.E(app.EINVALID, "datadir.phrase_bad_char", "the recovery phrase cannot contain '{char}': it has only the letters and digits 0-9 A-Z (without U)", "char", quoteRune(r))
		}
		vals = append(vals, v)
	}
	if len(vals) != phraseChars {
		return nil, app.E(app.EINVALID, "datadir.phrase_length", "the recovery phrase has {count} letters and digits; it should have {want} (16 groups of 4)", "count", len(vals), "want", phraseChars)
	}
	raw := decodeBase32(vals)
	key, check := raw[:app.DataKeySize], raw[app.DataKeySize:]
	sum := sha256.Sum256(key)
	if !bytes.Equal(check, sum[:phraseChecksumSize]) {
		return nil, app.E(app.EINVALID, "datadir.phrase_typo", "the recovery phrase has a typo: its checksum does not match")
	}
	return key, nil
}

// quoteRune returns r as Go quotes it, without the quotes: the letter
// itself when it is printable, else an escape such as \u00a0 (a no-break
// space pasted with the phrase would otherwise be invisible).
func quoteRune(r rune) string {
	q := strconv.QuoteRune(r)
	return q[1 : len(q)-1]
}

// encodeBase32 encodes b, whose length in bits must be a multiple of 5, in
// Crockford base 32, most significant bits first.
func encodeBase32(b []byte) string {
	out := make([]byte, 0, len(b)*8/5)
	var acc uint32
	bits := 0
	for _, c := range b {
		acc = acc<<8 | uint32(c)
		bits += 8
		for bits >= 5 {
			bits -= 5
			out = append(out, app.Crockford[(acc>>bits)&31])
		}
	}
	return string(out)
}

// decodeBase32 reverses encodeBase32 on 5-bit values.
func decodeBase32(vals []byte) []byte {
	out := make([]byte, 0, len(vals)*5/8)
	var acc uint32
	bits := 0
	for _, v := range vals {
		acc = acc<<5 | uint32(v)
		bits += 5
		if bits >= 8 {
			bits -= 8
			out = append(out, byte(acc>>bits))
		}
	}
	return out
}

// crockfordValue returns the 5-bit value of a Crockford base-32 character,
// case-insensitively, reading O as 0 and I, L as 1.
func crockfordValue(c byte) (byte, bool) {
	if 'a' <= c && c <= 'z' {
		c -= 'a' - 'A'
	}
	switch c {
	case 'O':
		c = '0'
	case 'I', 'L':
		c = '1'
	}
	i := strings.IndexByte(app.Crockford, c)
	if i < 0 {
		return 0, false
	}
	return byte(i), true
}
