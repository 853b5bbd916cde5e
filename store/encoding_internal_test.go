package store

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
	"pgregory.net/rapid"
)

// genState draws a document state with fields, sets and stamps.
func genState(t *rapid.T) *docState {
	st := func(label string) stamp {
		return stamp{HLC: Timestamp(rapid.Uint64Range(0, 1<<62).Draw(t, label+"t")), Node: rapid.SampledFrom([]string{"", "a", "node-b"}).Draw(t, label+"n")}
	}
	s := &docState{Deleted: rapid.Bool().Draw(t, "deleted"), DelAt: st("del")}
	for _, name := range rapid.SliceOfDistinct(rapid.StringMatching(`[a-z]{1,6}`), rapid.ID[string]).Draw(t, "fields") {
		if s.Fields == nil {
			s.Fields = map[string]register{}
		}
		s.Fields[name] = register{V: json.RawMessage(rapid.SampledFrom([]string{`1`, `"x"`, `null`, `[1,2]`, `{"a":"\u00e9"}`}).Draw(t, "v")), stamp: st("f")}
	}
	for _, name := range rapid.SliceOfDistinct(rapid.StringMatching(`[A-Z]{1,3}`), rapid.ID[string]).Draw(t, "sets") {
		if s.Sets == nil {
			s.Sets = map[string]*setState{}
		}
		ss := &setState{Cleared: st("c"), Elems: map[string]setElem{}}
		for _, e := range rapid.SliceOfDistinct(rapid.SampledFrom([]string{`"a"`, `"b"`, `3`, `{"x":1}`}), rapid.ID[string]).Draw(t, "elems") {
			ss.Elems[e] = setElem{stamp: st("e"), In: rapid.Bool().Draw(t, "in")}
		}
		s.Sets[name] = ss
	}
	return s
}

func TestStateEncodingRoundTrips(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genState(t)
		enc, err := s.encode()
		if err != nil {
			t.Fatal(err)
		}
		back, err := decodeState(enc)
		if err != nil {
			t.Fatalf("decode: %v", err)
		}
		again, _ := back.encode()
		if !bytes.Equal(enc, again) {
			t.Fatalf("re-encoding differs:\n%x\n%x", enc, again)
		}
		if len(back.Fields) != len(s.Fields) || len(back.Sets) != len(s.Sets) || back.Deleted != s.Deleted || back.DelAt != s.DelAt {
			t.Fatalf("decoded state differs: %+v vs %+v", back, s)
		}
		for n, r := range s.Fields {
			if b := back.Fields[n]; b.stamp != r.stamp || !bytes.Equal(b.V, r.V) {
				t.Fatalf("field %s: %+v vs %+v", n, b, r)
			}
		}
		// Every cut of the encoding is refused, never a panic.
		for i := 0; i < len(enc); i++ {
			if _, err := decodeState(enc[:i]); err == nil {
				t.Fatalf("a cut at %d of %d bytes decoded", i, len(enc))
			}
		}
	})
}

func TestLogOpEncodingRoundTrips(t *testing.T) {
	op := Op{Origin: "a", Seq: 7, HLC: 99, Kind: "stay", ID: "r1", Actor: "user:1",
		Fields: map[string]json.RawMessage{"x": json.RawMessage(`1`), "y": json.RawMessage(`"\u4e2d"`)},
		Sets:   map[string]SetChange{"tags": {Add: []json.RawMessage{json.RawMessage(`"a"`)}, Remove: []json.RawMessage{json.RawMessage(`"b"`), json.RawMessage(`2`)}}}}
	enc := encodeLogOp(&op)
	back, err := decodeLogOp(opKey("a", 7), enc)
	if err != nil {
		t.Fatal(err)
	}
	if !sameOp(&op, &back) {
		t.Fatalf("round trip: %+v vs %+v", back, op)
	}
	for i := 0; i < len(enc); i++ {
		if _, err := decodeLogOp(opKey("a", 7), enc[:i]); err == nil {
			t.Fatalf("a cut at %d of %d bytes decoded", i, len(enc))
		}
	}
}

// FuzzDecodeStored feeds arbitrary bytes to the decoders of stored
// documents and logged ops: a damaged file gives errors, never a panic or
// a huge allocation.
func FuzzDecodeStored(f *testing.F) {
	s := &docState{Fields: map[string]register{"a": {V: json.RawMessage(`1`), stamp: stamp{HLC: 5, Node: "n"}}},
		Sets: map[string]*setState{"t": {Elems: map[string]setElem{`"x"`: {stamp: stamp{HLC: 6, Node: "n"}, In: true}}}}}
	enc, _ := s.encode()
	f.Add(enc)
	f.Add(encodeLogOp(&Op{HLC: 3, Kind: "k", ID: "i", Fields: map[string]json.RawMessage{"a": json.RawMessage(`1`)}}))
	f.Add([]byte(`{"f":{"a":{"v":1,"t":5,"n":"n"}},"d":{"t":0,"n":""}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if st, err := decodeState(b); err == nil {
			_ = st.doc("k", "i").Object()
			if _, err := st.encode(); err != nil {
				t.Fatal(err)
			}
		}
		_, _ = decodeLogOp(opKey("a", 1), b)
	})
}

// TestJSONStoreIsConvertedOnOpen writes a store, turns its documents and
// ops back into the JSON encoding of earlier versions, and checks that
// Open converts them with documents, stamps and ops unchanged.
func TestJSONStoreIsConvertedOnOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "innkeep.db")
	kinds := []Kind{{Name: "room", Sets: []string{"tags"}, Indexes: []Index{{Name: "tag", Counted: true, Keys: func(d Doc) []string {
		var tags []string
		_ = json.Unmarshal(d.Field("tags"), &tags)
		return tags
	}}}}}
	db, err := Open(path, Options{Kinds: []Kind{{Name: "room"}}})
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range []string{`{"n":1,"tags":["a","b"]}`, `{"n":2}`, `{"tags":["c"]}`} {
		var m map[string]json.RawMessage
		_ = json.Unmarshal([]byte(f), &m)
		if err := db.Update("t", func(tx *Tx) error { return tx.Put("room", string(rune('1'+i%2)), m) }); err != nil {
			t.Fatal(err)
		}
	}
	wantOps, err := db.OpsSince(VersionVector{}, 100)
	if err != nil {
		t.Fatal(err)
	}
	// Back to JSON, as the first versions wrote it.
	err = db.bolt.Update(func(btx *bolt.Tx) error {
		for _, b := range [][]byte{bucketDocs, bucketOps} {
			bk := btx.Bucket(b)
			var keys, vals [][]byte
			_ = bk.ForEach(func(k, v []byte) error {
				var js []byte
				if bytes.Equal(b, bucketDocs) {
					st, _ := decodeState(v)
					l := map[string]any{"d": map[string]any{"t": st.DelAt.HLC, "n": st.DelAt.Node}, "x": st.Deleted}
					f := map[string]any{}
					for n, r := range st.Fields {
						f[n] = map[string]any{"v": r.V, "t": r.HLC, "n": r.Node}
					}
					l["f"] = f
					js, _ = json.Marshal(l)
				} else {
					op, _ := decodeLogOp(k, v)
					js, _ = json.Marshal(op)
				}
				keys, vals = append(keys, bytes.Clone(k)), append(vals, js)
				return nil
			})
			for i := range keys {
				if err := bk.Put(keys[i], vals[i]); err != nil {
					return err
				}
			}
		}
		return btx.Bucket(bucketMeta).Delete(keyEncoding)
	})
	if err != nil {
		t.Fatal(err)
	}
	wantHash, err := db.StateHash()
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	db, err = Open(path, Options{Kinds: []Kind{{Name: "room"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.View(func(tx *Tx) error {
		for _, b := range [][]byte{bucketDocs, bucketOps} {
			if err := tx.btx.Bucket(b).ForEach(func(k, v []byte) error {
				if v[0] != formatBinary {
					t.Errorf("%s %q still holds %s", b, k, v)
				}
				return nil
			}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if h, _ := db.StateHash(); h != wantHash {
		t.Errorf("state hash changed in the conversion")
	}
	gotOps, _ := db.OpsSince(VersionVector{}, 100)
	if len(gotOps) != len(wantOps) {
		t.Fatalf("%d ops after, %d before", len(gotOps), len(wantOps))
	}
	for i := range gotOps {
		if !sameOp(&gotOps[i], &wantOps[i]) {
			t.Errorf("op %d: %+v, was %+v", i, gotOps[i], wantOps[i])
		}
	}
	if err := db.Check(); err != nil {
		t.Fatal(err)
	}
	db.Close()

	// A field that becomes a set reads as before and then merges as one.
	db, err = Open(path, Options{Kinds: kinds})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Check(); err != nil {
		t.Fatal(err)
	}
	if err := db.Update("t", func(tx *Tx) error {
		return tx.Put("room", "1", map[string]json.RawMessage{"tags": json.RawMessage(`["c","d"]`)})
	}); err != nil {
		t.Fatal(err)
	}
	ops, _ := db.OpsSince(VersionVector{db.NodeID(): uint64(len(wantOps))}, 10)
	if len(ops) != 1 || len(ops[0].Sets["tags"].Add) != 1 || len(ops[0].Fields) != 0 {
		t.Fatalf("write to a converted set: ops %+v, want one add", ops)
	}
	if err := db.Check(); err != nil {
		t.Fatal(err)
	}
}
