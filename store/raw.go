package store

import "encoding/json"

// StoredDoc is one document as the file holds it, stamps included, for
// tools that read or repair a store file without opening it as a store
// (and for tests that tamper with one as an intruder would). Everything
// else reads documents through transactions.
type StoredDoc struct{ st *docState }

// DecodeStoredDoc decodes a value of the documents bucket. It returns an
// EINTERNAL error for damaged bytes.
func DecodeStoredDoc(b []byte) (*StoredDoc, error) {
	st, err := decodeState(b)
	if err != nil {
		return nil, err
	}
	return &StoredDoc{st: st}, nil
}

// Fields returns the document's current values, as Doc.Fields.
func (d *StoredDoc) Fields() map[string]json.RawMessage { return d.st.doc("", "").Fields }

// SetValue replaces the value of field name, keeping the stamp that wrote
// it (a field never written gets the zero stamp).
func (d *StoredDoc) SetValue(name string, v json.RawMessage) {
	r := d.st.Fields[name]
	d.st.setRegister(name, v, r.stamp)
}

// Encode returns the document's stored encoding.
func (d *StoredDoc) Encode() []byte {
	b, _ := d.st.encode()
	return b
}

// DecodeStoredOp decodes the entry key → val of the ops bucket.
func DecodeStoredOp(key, val []byte) (Op, error) { return decodeLogOp(key, val) }

// EncodeStoredOp returns the value the ops bucket holds for op (its key is
// its origin and seq).
func EncodeStoredOp(op Op) []byte { return encodeLogOp(&op) }
