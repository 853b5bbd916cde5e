package property

import (
	"bytes"
	"context"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"innkeep/app"
	"net/http"
	"time"
)

// Bounds of decoding photos. A photo file is small (MaxPhotoBytes) but
// its pixels need not be: a 300 KB PNG may declare 6,000×6,000 16-bit
// pixels, which the decoder allocates (8 bytes a pixel, 300 MB) before it
// reads a single one. So the header says what decoding will cost, and a
// photo that would cost more than MaxPhotoDecodedBytes is refused before
// it is decoded; at most maxPhotoDecodes photos are decoded at once, each
// holding its slot until its thumbnail is made and its full image dropped,
// so the decoded pixels of photos take at most maxPhotoDecodes ×
// MaxPhotoDecodedBytes whatever the number of uploads (uploads waiting for
// a slot hold only their file, at most MaxPhotoBytes each).
const (
	// MaxPhotoDecodedBytes is the most memory the decoded pixels of one
	// photo may take: a 33-megapixel 8-bit photo, a 44-megapixel baseline
	// JPEG, a 16-megapixel 16-bit PNG or a 9-megapixel progressive JPEG.
	MaxPhotoDecodedBytes = 128 << 20
	// maxPhotoDecodes is how many photos are decoded at once.
	maxPhotoDecodes = 2
	// photoDecodeWait is how long an upload waits for a decoding slot
	// before it is answered EUNAVAILABLE.
	photoDecodeWait = 30 * time.Second
)

// photoDecodeHook, when set (by tests), is called inside the decoding slot
// just before a photo's pixels are decoded.
var photoDecodeHook func()

// photoThumbnailHook, when set (by tests), is called inside the decoding
// slot once a photo's thumbnail is made.
var photoThumbnailHook func()

// photoSlots bounds concurrent decodes of a Service's photos.
type photoSlots chan struct{}

// acquire takes a decoding slot, waiting at most photoDecodeWait, and
// returns the function that gives it back. It returns EUNAVAILABLE when
// no slot frees in time or ctx ends first.
func (s photoSlots) acquire(ctx context.Context) (release func(), err error) {
	select {
	case s <- struct{}{}:
		return func() { <-s }, nil
	default:
	}
	timer := time.NewTimer(photoDecodeWait)
	defer timer.Stop()
	select {
	case s <- struct{}{}:
		return func() { <-s }, nil
	case <-ctx.Done():
	case <-timer.C:
	}
	return nil, app.E(app.EUNAVAILABLE, "property.photo_busy", "other photos are being processed; send this one again in a moment")
}

// photoRead is what AddPhoto keeps of a decoded photo: its content type,
// its size in pixels and its thumbnail, a JPEG. The full image is not
// kept.
type photoRead struct {
	contentType   string
	width, height int
	thumb         []byte
}

// readPhoto reads data, a JPEG or PNG photo: its content type, its size
// and its thumbnail. It reads the header first and refuses (EINVALID) a
// photo whose pixels would take more than MaxPhotoDecodedBytes, or more
// than maxPhotoPixels pixels, before any pixel is decoded; then it takes
// one of maxPhotoDecodes slots (EUNAVAILABLE when none frees in time) and
// keeps it until the thumbnail is made and the full image is no longer
// referenced, so at most maxPhotoDecodes full images are in memory at once.
func (s *Service) readPhoto(ctx context.Context, data []byte) (photoRead, error) {
	contentType, err := checkPhotoHeader(data)
	if err != nil {
		return photoRead{}, err
	}
	release, err := s.photoSlots.acquire(ctx)
	if err != nil {
		return photoRead{}, err
	}
	defer release()
	// The full image lives only in this call: it is garbage once
	// thumbnailPhoto returns, before the slot is given back.
	return thumbnailPhoto(contentType, data)
}

// thumbnailPhoto decodes data, whose header checkPhotoHeader accepted as
// contentType, and makes its thumbnail. Its caller holds a decoding slot.
func thumbnailPhoto(contentType string, data []byte) (photoRead, error) {
	img, err := decodePixels(contentType, data)
	if err != nil {
		return photoRead{}, err
	}
	var thumb bytes.Buffer
	if err := jpeg.Encode(&thumb, Thumbnail(img, ThumbnailWidth), &jpeg.Options{Quality: 85}); err != nil {
		return photoRead{}, err
	}
	if photoThumbnailHook != nil {
		photoThumbnailHook()
	}
	return photoRead{contentType: contentType, width: img.Bounds().Dx(), height: img.Bounds().Dy(), thumb: thumb.Bytes()}, nil
}

// decodePixels decodes data, a JPEG or PNG of contentType. Its caller
// holds a decoding slot.
func decodePixels(contentType string, data []byte) (image.Image, error) {
	if photoDecodeHook != nil {
		photoDecodeHook()
	}
	var img image.Image
	var err error
	if contentType == PhotoPNG {
		img, err = png.Decode(bytes.NewReader(data))
	} else {
		img, err = jpeg.Decode(bytes.NewReader(data))
	}
	if err != nil {
		return nil, errPhotoUnreadable(contentType)
	}
	return img, nil
}

func errPhotoUnreadable(contentType string) error {
	return app.E(app.EINVALID, "property.photo_unreadable", "the photo is not a readable {type} image", "type", contentType)
}

// MaxPhotoAspect is how many times longer one side of a photo may be than
// the other.
const MaxPhotoAspect = 8

// checkPhotoHeader returns the content type of data, a JPEG or PNG, from
// its content, after checking from its header alone that decoding it stays
// within maxPhotoPixels and MaxPhotoDecodedBytes, and that its sides differ
// by MaxPhotoAspect at most. It returns EINVALID otherwise, naming what is
// wrong.

func checkPhotoHeader(data []byte) (string, error) {
	contentType := http.DetectContentType(data)
	var cfg image.Config
	var err error
	switch contentType {
	case PhotoJPEG:
		cfg, err = jpeg.DecodeConfig(bytes.NewReader(data))
	case PhotoPNG:
		cfg, err = png.DecodeConfig(bytes.NewReader(data))
	default:
		return "", app.E(app.EINVALID, "property.photo_not_jpeg_or_png", "photos must be JPEG or PNG images; this file is {type}", "type", contentType)
	}
	if err != nil {
		return "", errPhotoUnreadable(contentType)
	}
	if cfg.Width < 1 || cfg.Height < 1 || int64(cfg.Width)*int64(cfg.Height) > maxPhotoPixels {
		return "", app.E(app.EINVALID, "property.photo_too_many_pixels", "the photo has {width}×{height} pixels; at most {max} megapixels",
			"width", cfg.Width, "height", cfg.Height, "max", maxPhotoPixels/1_000_000)
	}
	// The thumbnail keeps the photo's aspect at a fixed width, so a photo
	// far taller than wide (a 1×1,000,000 PNG is 2 KB) would make a
	// thumbnail of millions of rows: the sides may differ by MaxPhotoAspect
	// at most, which admits panoramas.
	if long, short := max(cfg.Width, cfg.Height), min(cfg.Width, cfg.Height); long > short*MaxPhotoAspect {
		return "", app.E(app.EINVALID, "property.photo_too_narrow",
			"the photo is {width}×{height} pixels: one side may be at most {max} times the other",
			"width", cfg.Width, "height", cfg.Height, "max", MaxPhotoAspect)
	}
	var perPixel int64
	if contentType == PhotoPNG {
		perPixel = pngBytesPerPixel(cfg.ColorModel, pngInterlaced(data))
	} else {
		perPixel = jpegBytesPerPixel(cfg.ColorModel, jpegProgressive(data))
	}
	if need := int64(cfg.Width) * int64(cfg.Height) * perPixel; need > MaxPhotoDecodedBytes {
		return "", app.E(app.EINVALID, "property.photo_too_much_memory",
			"the photo has {width}×{height} pixels of a depth that would take {mb} MB of memory to read; at most {max} MB: save it smaller or with 8 bits per channel",
			"width", cfg.Width, "height", cfg.Height, "mb", (need+(1<<20)-1)>>20, "max", MaxPhotoDecodedBytes>>20)
	}
	return contentType, nil
}

// pngBytesPerPixel is what the PNG decoder allocates per pixel for an
// image of colour model m (from png.DecodeConfig): the Go image type it
// makes, counting a grey image with a transparent colour as the NRGBA
// image the decoder then makes, and twice that when the image is
// interlaced (the decoder keeps each pass apart before joining them).
func pngBytesPerPixel(m color.Model, interlaced bool) int64 {
	var n int64
	switch m {
	case color.GrayModel, color.RGBAModel, color.NRGBAModel:
		n = 4
	case color.Gray16Model, color.RGBA64Model, color.NRGBA64Model:
		n = 8
	default:
		if _, ok := m.(color.Palette); ok {
			n = 1
		} else {
			n = 8 // unknown: the widest the decoder makes
		}
	}
	if interlaced {
		n *= 2
	}
	return n
}

// pngInterlaced reports whether the PNG data declares Adam7 interlacing
// (the last byte of its IHDR chunk).
func pngInterlaced(data []byte) bool {
	// signature (8), length (4), "IHDR" (4), width, height (8), depth,
	// colour type, compression, filter, interlace.
	return len(data) > 28 && string(data[12:16]) == "IHDR" && data[28] != 0
}

// jpegBytesPerPixel is what the JPEG decoder allocates per pixel for an
// image of colour model m (from jpeg.DecodeConfig): at most 3 bytes for
// YCbCr (4:4:4), 1 for grey, and for CMYK the YCbCr and black planes it
// reads into plus the CMYK image it converts them to. A progressive JPEG
// also keeps every coefficient (64 int32 per 8×8 block and component: 4
// bytes a pixel per component) until its last scan.
func jpegBytesPerPixel(m color.Model, progressive bool) int64 {
	var planes, image int64
	switch m {
	case color.GrayModel:
		planes, image = 1, 1
	case color.CMYKModel:
		planes, image = 4, 8
	default:
		planes, image = 3, 3
	}
	if progressive {
		return image + 4*planes
	}
	return image
}

// jpegProgressive reports whether the JPEG data's frame is progressive
// (SOF2, or the arithmetic-coded SOF6, SOF10 and SOF14): it walks the
// marker segments up to the first frame header. A malformed stream counts
// as progressive, the dearer case; the decoder refuses it anyway.
func jpegProgressive(data []byte) bool {
	i := 2 // after SOI
	for i+4 <= len(data) {
		if data[i] != 0xff {
			return true
		}
		marker := data[i+1]
		switch {
		case marker == 0xff: // fill byte
			i++
			continue
		case marker == 0x01 || (marker >= 0xd0 && marker <= 0xd8): // standalone markers
			i += 2
			continue
		case marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc: // SOFn
			return marker == 0xc2 || marker == 0xc6 || marker == 0xca || marker == 0xce
		}
		i += 2 + int(binary.BigEndian.Uint16(data[i+2:]))
	}
	return true
}
