package datadir_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"innkeep/app"
	"innkeep/app/datadir"
)

// createTestKeyFile makes a key file in a new folder.
func createTestKeyFile(t *testing.T) (dir string, kr *app.Keyring, phrase string) {
	t.Helper()
	dir = t.TempDir()
	kr, phrase, err := datadir.CreateKeyFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	return dir, kr, phrase
}

func TestCreateKeyFileWritesAPrivateFileThatLoads(t *testing.T) {
	dir, kr, phrase := createTestKeyFile(t)
	path := filepath.Join(dir, app.KeyFileName)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("the key file has mode %04o, want 0600", fi.Mode().Perm())
	}
	raw, _ := os.ReadFile(path)
	var kf struct {
		Version int    `json:"version"`
		KeyID   string `json:"key_id"`
		Key     string `json:"key"`
	}
	if err := json.Unmarshal(raw, &kf); err != nil {
		t.Fatalf("key file is not JSON: %s", raw)
	}
	key, err := base64.StdEncoding.DecodeString(kf.Key)
	if err != nil || len(key) != 32 || kf.Version != 1 || kf.KeyID != kr.ID() {
		t.Errorf("key file content: %s", raw)
	}
	if got, err := datadir.KeyFromPhrase(phrase); err != nil || !bytes.Equal(got, key) {
		t.Errorf("the recovery phrase does not give the key: %v", err)
	}

	loaded, err := datadir.LoadKeyFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := kr.Encrypt("room 101 guest")
	if p, err := loaded.Decrypt(c); err != nil || p != "room 101 guest" || loaded.ID() != kr.ID() {
		t.Errorf("the loaded key does not decrypt: %q, %v", p, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the folder holds %d files, want only the key file (no temporary files left)", len(entries))
	}
}

func TestCreateKeyFileNeverOverwrites(t *testing.T) {
	dir, _, _ := createTestKeyFile(t)
	before, _ := os.ReadFile(filepath.Join(dir, app.KeyFileName))
	_, _, err := datadir.CreateKeyFile(dir)
	if app.ErrorCode(err) != app.ECONFLICT {
		t.Fatalf("a second CreateKeyFile: %v, want conflict", err)
	}
	after, _ := os.ReadFile(filepath.Join(dir, app.KeyFileName))
	if !bytes.Equal(before, after) {
		t.Error("the key file changed")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the folder holds %d files after a refused create, want 1", len(entries))
	}
}

func TestCreateKeyFileInAMissingFolderFails(t *testing.T) {
	_, _, err := datadir.CreateKeyFile(filepath.Join(t.TempDir(), "nowhere"))
	if app.ErrorCode(err) != app.EUNAVAILABLE {
		t.Errorf("create in a missing folder: %v", err)
	}
}

func TestLoadKeyFileRefusesBadFiles(t *testing.T) {
	key := bytes.Repeat([]byte{5}, 32)
	sum := sha256.Sum256(key)
	id := hex.EncodeToString(sum[:4])
	b64 := base64.StdEncoding.EncodeToString(key)
	cases := []struct {
		name     string
		content  string // "" means no file
		mode     os.FileMode
		wantCode string
		wantText string
	}{
		{"a missing file is not found", "", 0, app.ENOTFOUND, "innkeep key recover"},
		{"a file others may read is refused", `{"version":1,"key_id":"` + id + `","key":"` + b64 + `"}`, 0o644, app.EINVALID, "chmod 600"},
		{"a file the group may read is refused", `{"version":1,"key_id":"` + id + `","key":"` + b64 + `"}`, 0o640, app.EINVALID, "chmod 600"},
		{"a file that is not JSON is refused", `not json`, 0o600, app.EINVALID, "damaged"},
		{"an unknown version is refused", `{"version":2,"key_id":"` + id + `","key":"` + b64 + `"}`, 0o600, app.EINVALID, "version 2"},
		{"a key that is not base64 is refused", `{"version":1,"key_id":"` + id + `","key":"!!"}`, 0o600, app.EINVALID, "base64"},
		{"a short key is refused", `{"version":1,"key_id":"` + id + `","key":"` + base64.StdEncoding.EncodeToString(key[:16]) + `"}`, 0o600, app.EINVALID, "32 bytes"},
		{"a key that does not match its id is refused", `{"version":1,"key_id":"00000000","key":"` + b64 + `"}`, 0o600, app.EINVALID, "key id"},
		{"unknown fields are refused", `{"version":1,"key_id":"` + id + `","key":"` + b64 + `","extra":1}`, 0o600, app.EINVALID, "damaged"},
		{"a good file loads", `{"version":1,"key_id":"` + id + `","key":"` + b64 + `"}`, 0o600, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if runtime.GOOS == "windows" && tc.mode&0o077 != 0 {
				t.Skip("Windows has no Unix file modes")
			}
			dir := t.TempDir()
			if tc.content != "" {
				path := filepath.Join(dir, app.KeyFileName)
				if err := os.WriteFile(path, []byte(tc.content), tc.mode); err != nil {
					t.Fatal(err)
				}
				if err := os.Chmod(path, tc.mode); err != nil { // whatever the umask
					t.Fatal(err)
				}
			}
			kr, err := datadir.LoadKeyFile(dir)
			if app.ErrorCode(err) != tc.wantCode {
				t.Fatalf("error %v, want code %q", err, tc.wantCode)
			}
			if !strings.Contains(app.ErrorMessage(err), tc.wantText) {
				t.Errorf("message %q does not say %q", app.ErrorMessage(err), tc.wantText)
			}
			if tc.wantCode == "" && kr.ID() != id {
				t.Errorf("loaded key id %q, want %q", kr.ID(), id)
			}
		})
	}
}

func TestRecoveryPhraseRoundTrips(t *testing.T) {
	for _, key := range [][]byte{
		bytes.Repeat([]byte{0}, 32),
		bytes.Repeat([]byte{0xff}, 32),
		[]byte("0123456789abcdef0123456789abcdef"),
	} {
		phrase := datadir.RecoveryPhrase(key)
		if !regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){15}$`).MatchString(phrase) {
			t.Errorf("phrase %q is not 16 groups of 4 Crockford characters", phrase)
		}
		got, err := datadir.KeyFromPhrase(phrase)
		if err != nil || !bytes.Equal(got, key) {
			t.Errorf("KeyFromPhrase(RecoveryPhrase(%x)) = %x, %v", key, got, err)
		}
	}
	if datadir.RecoveryPhrase(make([]byte, 16)) != "" {
		t.Error("a phrase for a 16-byte key")
	}
}

func TestKeyFromPhraseToleratesHowPeopleTypeIt(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	phrase := datadir.RecoveryPhrase(key)
	// Look-alikes: write every 0 as O and every 1 as I or L.
	lookalike := strings.NewReplacer("0", "O", "1", "l").Replace(phrase)
	cases := map[string]string{
		"lower case":           strings.ToLower(phrase),
		"spaces for dashes":    strings.ReplaceAll(phrase, "-", " "),
		"no separators":        strings.ReplaceAll(phrase, "-", ""),
		"extra spaces":         "  " + strings.ReplaceAll(phrase, "-", " - ") + "\n",
		"O for 0, l for 1":     lookalike,
		"I for 1 lower case":   strings.ToLower(strings.ReplaceAll(phrase, "1", "I")),
		"groups of other size": strings.ReplaceAll(phrase, "-", "")[:10] + "-" + strings.ReplaceAll(phrase, "-", "")[10:],
	}
	for name, typed := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := datadir.KeyFromPhrase(typed)
			if err != nil || !bytes.Equal(got, key) {
				t.Errorf("KeyFromPhrase(%q) = %x, %v", typed, got, err)
			}
		})
	}
}

func TestKeyFromPhraseDetectsTypos(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	plain := strings.ReplaceAll(datadir.RecoveryPhrase(key), "-", "")
	const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	// Every single-character change anywhere is caught by the checksum.
	for i := range plain {
		for _, c := range []byte{alphabet[(strings.IndexByte(alphabet, plain[i])+1)%32], alphabet[(strings.IndexByte(alphabet, plain[i])+17)%32]} {
			typo := plain[:i] + string(c) + plain[i+1:]
			_, err := datadir.KeyFromPhrase(typo)
			if app.ErrorCode(err) != app.EINVALID || !strings.Contains(app.ErrorMessage(err), "the recovery phrase has a typo: its checksum does not match") {
				t.Fatalf("character %d changed to %c: %v", i, c, err)
			}
		}
	}
	// Two neighbours swapped.
	swapped := plain[:5] + string(plain[6]) + string(plain[5]) + plain[7:]
	if plain[5] != plain[6] {
		if _, err := datadir.KeyFromPhrase(swapped); app.ErrorCode(err) != app.EINVALID {
			t.Errorf("swapped characters: %v", err)
		}
	}
	bad := []struct {
		name, phrase, want string
	}{
		{"a missing character", plain[:63], "has 63 letters and digits; it should have 64"},
		{"an extra character", plain + "0", "has 65 letters and digits; it should have 64"},
		{"an empty phrase", "", "has 0 letters and digits"},
		{"a U", "U" + plain[1:], `cannot contain 'U'`},
		{"punctuation", plain[:10] + "!" + plain[11:], `cannot contain '!'`},
		{"a non-ASCII letter", "é" + plain[1:], `cannot contain 'é'`},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, err := datadir.KeyFromPhrase(tc.phrase)
			if app.ErrorCode(err) != app.EINVALID || !strings.Contains(app.ErrorMessage(err), tc.want) {
				t.Errorf("%v, want invalid %q", err, tc.want)
			}
		})
	}
}

func TestRecoverKeyFileRestoresADeletedKey(t *testing.T) {
	dir, kr, phrase := createTestKeyFile(t)
	sealed, err := kr.Encrypt("+86 138 0000 1234")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, app.KeyFileName)
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if _, err := datadir.LoadKeyFile(dir); app.ErrorCode(err) != app.ENOTFOUND {
		t.Fatalf("load of a deleted key file: %v", err)
	}

	rec, err := datadir.RecoverKeyFile(dir, strings.ToLower(phrase))
	if err != nil {
		t.Fatal(err)
	}
	loaded, err := datadir.LoadKeyFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []*app.Keyring{rec, loaded} {
		if p, err := k.Decrypt(sealed); err != nil || p != "+86 138 0000 1234" {
			t.Errorf("the recovered key decrypts %q, %v", p, err)
		}
	}
	if fi, _ := os.Stat(path); runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("recovered key file has mode %04o", fi.Mode().Perm())
	}

	// Recovering again with the same phrase is harmless, and makes a file
	// that became readable by others private again.
	if runtime.GOOS != "windows" {
		os.Chmod(path, 0o644)
	}
	if _, err := datadir.RecoverKeyFile(dir, phrase); err != nil {
		t.Errorf("recover over the same key: %v", err)
	}
	if _, err := datadir.LoadKeyFile(dir); err != nil {
		t.Errorf("load after the repeated recovery: %v", err)
	}

	// Another key's phrase never replaces the file.
	before, _ := os.ReadFile(path)
	other := datadir.RecoveryPhrase(bytes.Repeat([]byte{4}, 32))
	if _, err := datadir.RecoverKeyFile(dir, other); app.ErrorCode(err) != app.ECONFLICT {
		t.Errorf("recover with another key's phrase: %v, want conflict", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the key file changed")
	}
	// A wrong phrase writes nothing.
	os.Remove(path)
	typo := phrase[:len(phrase)-1] + "0"
	if strings.HasSuffix(phrase, "0") {
		typo = phrase[:len(phrase)-1] + "1"
	}
	if _, err := datadir.RecoverKeyFile(dir, typo); app.ErrorCode(err) != app.EINVALID {
		t.Errorf("recover with a typo: %v", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Error("a wrong phrase wrote a key file")
	}
}

func TestKeyFileErrorsReadInChineseWithTheirReasons(t *testing.T) {
	tr, err := app.NewTranslator(app.Messages(), datadir.Messages())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, app.KeyFileName)
	if err := os.WriteFile(path, []byte("not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, loadErr := datadir.LoadKeyFile(dir)
	_, recoverErr := datadir.RecoverKeyFile(dir, datadir.RecoveryPhrase(bytes.Repeat([]byte{4}, 32)))
	cases := []struct {
		name string
		err  error
		want []string
	}{
		{"a damaged file names why", loadErr, []string{"数据密钥文件 " + path + " 已损坏：内容不是预期的 JSON；"}},
		{"an unreadable file says why inside the outer message", recoverErr,
			[]string{path + " 已存在但无法读取（数据密钥文件 " + path + " 已损坏：内容不是预期的 JSON；", "如确要替换，请先将其移走"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := tr.Message(app.LangZH, tc.err)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("%q does not say %q", got, w)
				}
			}
			if strings.Contains(got, "damaged") || strings.Contains(got, "JSON;") {
				t.Errorf("%q has English left in it", got)
			}
		})
	}
}
