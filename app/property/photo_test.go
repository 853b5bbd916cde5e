package property_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"innkeep/app"
	"innkeep/app/apptest"
	"innkeep/app/property"
)

// pngOf encodes img as a PNG.
func pngOf(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// jpegOf encodes a w×h picture as a baseline JPEG.
func jpegOf(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = uint8(i)
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withPNGSize returns a copy of the PNG data whose header (IHDR) declares
// w×h pixels, with a valid CRC: the pixel data that follows still holds the
// original small image, far too little for the size it declares.
func withPNGSize(data []byte, w, h uint32) []byte {
	out := bytes.Clone(data)
	binary.BigEndian.PutUint32(out[16:], w)
	binary.BigEndian.PutUint32(out[20:], h)
	binary.BigEndian.PutUint32(out[29:], crc32.ChecksumIEEE(out[12:29]))
	return out
}

// withJPEGFrame returns a copy of the JPEG data whose frame header declares
// w×h pixels, and marks it progressive (SOF2) when progressive is set.
func withJPEGFrame(data []byte, w, h uint16, progressive bool) []byte {
	out := bytes.Clone(data)
	i := bytes.Index(out, []byte{0xff, 0xc0})
	if progressive {
		out[i+1] = 0xc2
	}
	binary.BigEndian.PutUint16(out[i+5:], h)
	binary.BigEndian.PutUint16(out[i+7:], w)
	return out
}

// sixteenBitPNG is a small 16-bit RGBA PNG.
func sixteenBitPNG(t testing.TB) []byte {
	img := image.NewRGBA64(image.Rect(0, 0, 4, 4))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	return pngOf(t, img)
}

type photoDesk struct {
	kit  *apptest.Kit
	room property.RoomType
}

func newPhotoDesk(t *testing.T) *photoDesk {
	t.Helper()
	k := apptest.NewDesk(t, apptest.Options{})
	a := app.CLIActor()
	h, err := k.Property.CreateHotel(context.Background(), a, property.HotelInput{Name: "Harbour Inn", TimeZone: "Asia/Shanghai", Currency: "CNY"})
	if err != nil {
		t.Fatal(err)
	}
	rt, err := k.Property.CreateRoomType(context.Background(), a, h.ID, property.RoomTypeInput{Code: "DLX", Name: "Deluxe", BedType: "double", MaxAdults: 2})
	if err != nil {
		t.Fatal(err)
	}
	return &photoDesk{kit: k, room: rt}
}

func (d *photoDesk) add(ctx context.Context, data []byte) (property.Photo, error) {
	return d.kit.Property.AddPhoto(ctx, app.CLIActor(), d.room.ID, bytes.NewReader(data), "")
}

func TestSecurityATinyPNGDeclaringHugeSixteenBitPixelsIsRefusedBeforeDecoding(t *testing.T) {
	d := newPhotoDesk(t)
	var decodes atomic.Int32
	defer property.SetPhotoDecodeHook(func() { decodes.Add(1) })()
	// 6324×6324 is under the 40-megapixel cap, but 16-bit RGBA takes 8 bytes
	// a pixel: 320 MB to decode a file of a few hundred bytes.
	bomb := withPNGSize(sixteenBitPNG(t), 6324, 6324)
	before, err := d.kit.DB.StateHash()
	if err != nil {
		t.Fatal(err)
	}
	_, err = d.add(context.Background(), bomb)
	if app.ErrorCode(err) != app.EINVALID || !strings.Contains(app.ErrorMessage(err), "memory") {
		t.Fatalf("err = %v, want invalid naming the memory it would take", err)
	}
	if n := decodes.Load(); n != 0 {
		t.Errorf("the photo was decoded %d times; it must be refused from its header", n)
	}
	if after, _ := d.kit.DB.StateHash(); after != before {
		t.Error("the refused photo changed the store")
	}
	// A small photo of the same kind is still decoded and kept.
	if _, err := d.add(context.Background(), sixteenBitPNG(t)); err != nil {
		t.Fatalf("a small 16-bit PNG: %v", err)
	}
	if n := decodes.Load(); n != 1 {
		t.Errorf("decodes = %d after a good photo, want 1", n)
	}
}

func TestPhotoHeadersAreWeighedByWhatDecodingThemCosts(t *testing.T) {
	gray := pngOf(t, image.NewGray(image.Rect(0, 0, 2, 2)))
	paletted := pngOf(t, image.NewPaletted(image.Rect(0, 0, 2, 2), color.Palette{color.Black, color.White}))
	rgba := pngOf(t, image.NewNRGBA(image.Rect(0, 0, 2, 2)))
	wide := sixteenBitPNG(t)
	baseline := jpegOf(t, 16, 16)
	tests := []struct {
		name string
		data []byte
		ok   bool
	}{
		{"an 8-bit RGBA PNG of 25 megapixels (100 MB)", withPNGSize(rgba, 5000, 5000), true},
		{"a 16-bit PNG of 25 megapixels (200 MB)", withPNGSize(wide, 5000, 5000), false},
		{"a 16-bit PNG of 16 megapixels (128 MB)", withPNGSize(wide, 4096, 4096), true},
		{"a paletted PNG of 40 megapixels (40 MB)", withPNGSize(paletted, 6324, 6324), true},
		{"a grey PNG of 36 megapixels (may become NRGBA: 144 MB)", withPNGSize(gray, 6000, 6000), false},
		{"a PNG over 40 megapixels", withPNGSize(paletted, 7000, 7000), false},
		{"a baseline JPEG of 36 megapixels (108 MB)", withJPEGFrame(baseline, 6000, 6000, false), true},
		{"a progressive JPEG of 36 megapixels (540 MB)", withJPEGFrame(baseline, 6000, 6000, true), false},
		{"a progressive JPEG of 4 megapixels (60 MB)", withJPEGFrame(baseline, 2000, 2000, true), true},
		{"a panorama eight times as wide as tall", withPNGSize(rgba, 8000, 1000), true},
		{"a photo eight times as tall as wide", withPNGSize(rgba, 500, 4000), true},
		{"a PNG of one column and a million rows", withPNGSize(gray, 1, 1_000_000), false},
		{"a JPEG nine times as wide as tall", withJPEGFrame(baseline, 900, 100, false), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := property.CheckPhotoHeader(tt.data)
			if tt.ok && err != nil {
				t.Fatalf("refused: %v", err)
			}
			if !tt.ok && app.ErrorCode(err) != app.EINVALID {
				t.Fatalf("err = %v, want invalid", err)
			}
		})
	}
}

// TestSecurityAPhotoFarTallerThanWideIsRefusedBeforeDecoding: the
// thumbnail keeps a photo's aspect at a fixed width, so a 2 KB PNG of one
// column and a million rows would ask for a thumbnail of terabytes and end
// the process; it is refused from its header and changes nothing.
func TestSecurityAPhotoFarTallerThanWideIsRefusedBeforeDecoding(t *testing.T) {
	d := newPhotoDesk(t)
	var decodes atomic.Int32
	defer property.SetPhotoDecodeHook(func() { decodes.Add(1) })()
	var column bytes.Buffer
	if err := png.Encode(&column, image.NewGray(image.Rect(0, 0, 1, 1_000_000))); err != nil {
		t.Fatal(err)
	}
	before, err := d.kit.DB.StateHash()
	if err != nil {
		t.Fatal(err)
	}
	_, err = d.add(context.Background(), column.Bytes())
	var ae *app.Error
	if !errors.As(err, &ae) || ae.Key != "property.photo_too_narrow" {
		t.Fatalf("a %d-byte PNG of 1×1,000,000 pixels: %v, want property.photo_too_narrow", column.Len(), err)
	}
	if n := decodes.Load(); n != 0 {
		t.Errorf("the photo was decoded %d times; it must be refused from its header", n)
	}
	if after, _ := d.kit.DB.StateHash(); after != before {
		t.Error("the refused photo changed the store")
	}
}

func TestSecurityConcurrentPhotoDecodesStayWithinTheBound(t *testing.T) {
	// A photo's full image is in memory from the start of its decoding to
	// the end of its thumbnail: at most MaxPhotoDecodes photos may be
	// between the two at once.
	d := newPhotoDesk(t)
	var inFlight, most atomic.Int32
	release := make(chan struct{})
	defer property.SetPhotoDecodeHook(func() {
		n := inFlight.Add(1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
	})()
	defer property.SetPhotoThumbnailHook(func() {
		<-release
		inFlight.Add(-1)
	})()

	photo := jpegOf(t, 64, 48)
	const uploads = 3 * property.MaxPhotoDecodes
	errs := make(chan error, uploads)
	var wg sync.WaitGroup
	upload := func() {
		wg.Go(func() {
			_, err := d.add(context.Background(), photo)
			errs <- err
		})
	}
	for range property.MaxPhotoDecodes {
		upload()
	}
	apptest.Eventually(t, "the first photos to reach their thumbnails", func() bool { return inFlight.Load() == property.MaxPhotoDecodes })

	// Another upload, whose client does not wait: while the full images
	// of the first photos are alive it must be told to try again, not
	// decoded beside them.
	probe := make(chan error, 1)
	wg.Go(func() {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := d.add(ctx, photo)
		probe <- err
	})
	var probeErr error
	probed := false
	apptest.Eventually(t, "the extra upload to be answered or decoded", func() bool {
		select {
		case probeErr = <-probe:
			probed = true
			return true
		default:
			return inFlight.Load() > property.MaxPhotoDecodes
		}
	})
	var e *app.Error
	if !probed {
		t.Errorf("%d photos were between decoding and thumbnail at once; at most %d may be", inFlight.Load(), property.MaxPhotoDecodes)
	} else if !errors.As(probeErr, &e) || e.Key != "property.photo_busy" {
		t.Errorf("the extra upload: err = %v, want property.photo_busy", probeErr)
	}

	// Uploads that wait take their turn.
	for range uploads - property.MaxPhotoDecodes {
		upload()
	}
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("an upload that waited for its turn failed: %v", err)
		}
	}
	if m := most.Load(); m > property.MaxPhotoDecodes {
		t.Errorf("%d photos were between decoding and thumbnail at once; at most %d may be", m, property.MaxPhotoDecodes)
	}
}

func TestAnUploadThatCannotGetADecodingSlotIsToldToTryAgain(t *testing.T) {
	d := newPhotoDesk(t)
	var inFlight atomic.Int32
	release := make(chan struct{})
	defer property.SetPhotoDecodeHook(func() { inFlight.Add(1); <-release })()
	photo := jpegOf(t, 64, 48)
	var wg sync.WaitGroup
	for range property.MaxPhotoDecodes {
		wg.Go(func() { _, _ = d.add(context.Background(), photo) })
	}
	apptest.Eventually(t, "the decoding slots to fill", func() bool { return inFlight.Load() == property.MaxPhotoDecodes })

	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the client went away while it waited
	_, err := d.add(ctx, photo)
	var e *app.Error
	if !errors.As(err, &e) || e.Code != app.EUNAVAILABLE || e.Key != "property.photo_busy" {
		t.Errorf("err = %v, want unavailable (property.photo_busy)", err)
	}
	close(release)
	wg.Wait()
}

// FuzzPhotoDecode feeds the photo decoder (the header check, then the
// decode) arbitrary bytes: it never panics, and what it accepts is an
// image within the bounds.
func FuzzPhotoDecode(f *testing.F) {
	f.Add(sixteenBitPNG(f))
	f.Add(withPNGSize(sixteenBitPNG(f), 6324, 6324))
	f.Add(pngOf(f, image.NewPaletted(image.Rect(0, 0, 3, 2), color.Palette{color.Black, color.White})))
	f.Add(jpegOf(f, 8, 8))
	f.Add(withJPEGFrame(jpegOf(f, 8, 8), 8, 8, true))
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Add([]byte("\xff\xd8\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			return
		}
		img, contentType, err := property.DecodePhoto(data)
		if err != nil {
			var e *app.Error
			if !errors.As(err, &e) || e.Key == "" {
				t.Fatalf("an error without a code and key: %v", err)
			}
			return
		}
		b := img.Bounds()
		if contentType != property.PhotoJPEG && contentType != property.PhotoPNG {
			t.Fatalf("content type %q", contentType)
		}
		if b.Dx() < 1 || b.Dy() < 1 || b.Dx()*b.Dy() > 40_000_000 {
			t.Fatalf("accepted an image of %v", b)
		}
	})
}
