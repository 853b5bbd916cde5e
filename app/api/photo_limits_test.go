package api_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/png"
	"net/http"
	"strings"
	"testing"

	"innkeep/app/property"
)

// TestSecurityATinyPNGDeclaringHugeSixteenBitPixelsIsRefused: a PNG of a
// few hundred bytes whose header declares 6324×6324 16-bit pixels (under
// the 40-megapixel cap, but 320 MB to decode) is refused for the memory it
// would take, from its header, and changes nothing.
func TestSecurityATinyPNGDeclaringHugeSixteenBitPixelsIsRefused(t *testing.T) {
	hd := newHotelDesk(t)
	img := image.NewRGBA64(image.Rect(0, 0, 4, 4))
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	bomb := b.Bytes()
	binary.BigEndian.PutUint32(bomb[16:], 6324)
	binary.BigEndian.PutUint32(bomb[20:], 6324)
	binary.BigEndian.PutUint32(bomb[29:], crc32.ChecksumIEEE(bomb[12:29]))

	before := hd.stateHash(t)
	r := hd.do(t, request{method: "POST", path: "/api/v1/room-types/" + hd.dlx.ID + "/photos", body: string(bomb), token: hd.token,
		header: map[string]string{"Content-Type": property.PhotoPNG}}).want(t, http.StatusBadRequest)
	if code, msg := r.envelope(t); code != "invalid" || !strings.Contains(msg, "memory") {
		t.Errorf("answer %s %q, want invalid naming the memory it would take", code, msg)
	}
	if hd.stateHash(t) != before {
		t.Error("the refused photo changed the store")
	}
}
