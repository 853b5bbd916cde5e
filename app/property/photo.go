package property

import (
	"context"
	"errors"
	"image"
	"image/color"
	"innkeep/app"
	"innkeep/store"
	"io"
	"io/fs"
	"mime"
	"os"
	"path/filepath"
	"regexp"
	"slices"
)

// Bounds of photos.
const (
	MaxPhotoBytes    = 5 << 20 // the largest photo file accepted
	ThumbnailWidth   = 320     // pixels
	maxPhotoPixels   = 40_000_000
	maxPhotosPerType = 30
)

// Content types of photos.
const (
	PhotoJPEG = "image/jpeg"
	PhotoPNG  = "image/png"
)

// photoIDPattern matches the ids NewID makes. Ids of photos name files,
// so nothing else is ever joined to a path.
var photoIDPattern = regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{26}$`)

// photoPath returns the path of photo p's file, or of its thumbnail.
func (s *Service) photoPath(p Photo, thumb bool) string {
	name := p.ID + ".jpg"
	switch {
	case thumb:
		name = p.ID + ".thumb.jpg"
	case p.ContentType == PhotoPNG:
		name = p.ID + ".png"
	}
	return filepath.Join(s.photoDir, name)
}

// AddPhoto adds the image that r holds to room type typeID: a JPEG or PNG
// of at most MaxPhotoBytes, whatever declared (the request's content type)
// says; the content decides. It writes the file and its thumbnail to the
// photos/ directory, then records the photo on the room type (audited).
// It returns EINVALID for a declared type other than JPEG or PNG, an empty,
// oversized, undecodable or other kind of file, or one whose decoded
// pixels would take more than MaxPhotoDecodedBytes of memory (checked from
// the header, before decoding); ECONFLICT when the type has
// maxPhotosPerType photos; and EUNAVAILABLE when maxPhotoDecodes photos are
// being decoded already and no slot frees within photoDecodeWait (or ctx
// ends first).
func (s *Service) AddPhoto(ctx context.Context, a app.Actor, typeID string, r io.Reader, declared string) (Photo, error) {
	if err := a.Require(app.Perm("rooms", "update")); err != nil {
		return Photo{}, err
	}
	if declared != "" {
		mt, _, err := mime.ParseMediaType(declared)
		if err != nil || (mt != PhotoJPEG && mt != PhotoPNG) {
			return Photo{}, app.E(app.EINVALID, "property.photo_type_not_allowed", "send the photo as {jpeg} or {png}, not \"{type}\"",
				"jpeg", PhotoJPEG, "png", PhotoPNG, "type", declared)
		}
	}
	if err := s.DB.View(func(tx *store.Tx) error {
		t, err := roomTypeInScope(tx, a, typeID)
		if err == nil && len(t.Photos) >= maxPhotosPerType {
			err = tooManyPhotos(t)
		}
		return err
	}); err != nil {
		return Photo{}, err
	}

	data, err := io.ReadAll(io.LimitReader(r, MaxPhotoBytes+1))
	if err != nil {
		return Photo{}, err
	}
	if len(data) > MaxPhotoBytes {
		return Photo{}, app.E(app.EINVALID, "property.photo_too_large", "the photo is larger than 5 MB")
	}
	if len(data) == 0 {
		return Photo{}, app.E(app.EINVALID, "property.photo_missing", "the request holds no image")
	}
	p := Photo{ID: app.NewID(s.Now()), Bytes: int64(len(data))}
	read, err := s.readPhoto(ctx, data)
	if err != nil {
		return Photo{}, err
	}
	p.ContentType, p.Width, p.Height = read.contentType, read.width, read.height

	dir := s.photoDir
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return Photo{}, err
	}
	if err := writeFileAtomic(s.photoPath(p, false), data); err != nil {
		return Photo{}, err
	}
	if err := writeFileAtomic(s.photoPath(p, true), read.thumb); err != nil {
		s.removePhotoFiles(p)
		return Photo{}, err
	}
	err = s.DB.Update(a.String(), func(tx *store.Tx) error {
		before, err := roomTypeInScope(tx, a, typeID)
		if err != nil {
			return err
		}
		if len(before.Photos) >= maxPhotosPerType {
			return tooManyPhotos(before)
		}
		t := before
		t.Photos = append(slices.Clone(before.Photos), p)
		t.UpdatedAt = s.Now()
		if err := RoomTypes.Put(tx, typeID, t); err != nil {
			return err
		}
		return s.Audit.Record(tx, a, "room_type.photo.add", "room_type", typeID, before, t)
	})
	if err != nil {
		s.removePhotoFiles(p)
		return Photo{}, err
	}
	return p, nil
}

// tooManyPhotos is the error of adding a photo to room type t, which has
// maxPhotosPerType already.
func tooManyPhotos(t RoomType) error {
	return app.E(app.ECONFLICT, "property.too_many_photos", "room type {code} has {count} photos, the most it may have; delete one first",
		"code", t.Code, "count", len(t.Photos))
}

// PhotoFile returns the path and content type of photo photoID's file, or
// of its thumbnail (a JPEG), for serving. It returns ENOTFOUND when no room
// type in the actor's scope has the photo, or when its file is not on this
// desk (photo files are not replicated yet).
func (s *Service) PhotoFile(ctx context.Context, a app.Actor, photoID string, thumb bool) (path, contentType string, err error) {
	if err := a.Require(app.Perm("rooms", "view")); err != nil {
		return "", "", err
	}
	notFound := app.E(app.ENOTFOUND, "property.photo_not_found", "photo \"{id}\" not found", "id", photoID)
	if !photoIDPattern.MatchString(photoID) {
		return "", "", notFound
	}
	var photo Photo
	found := false
	err = s.DB.View(func(tx *store.Tx) error {
		return RoomTypes.ForEach(tx, func(_ string, t RoomType) error {
			if i := slices.IndexFunc(t.Photos, func(p Photo) bool { return p.ID == photoID }); i >= 0 && a.Hotels.Includes(t.HotelID) {
				photo, found = t.Photos[i], true
				return errPropertyScanDone
			}
			return nil
		})
	})
	if err != nil && !errors.Is(err, errPropertyScanDone) {
		return "", "", err
	}
	if !found {
		return "", "", notFound
	}
	path = s.photoPath(photo, thumb)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return "", "", app.E(app.ENOTFOUND, "property.photo_file_not_on_desk", "the file of photo \"{id}\" is not on this desk; photos are not copied between desks yet", "id", photoID)
	} else if err != nil {
		return "", "", err
	}
	contentType = photo.ContentType
	if thumb {
		contentType = PhotoJPEG
	}
	return path, contentType, nil
}

// DeletePhoto removes photo photoID from room type typeID (audited), then
// its files. It returns ENOTFOUND when the type has no such photo.
func (s *Service) DeletePhoto(ctx context.Context, a app.Actor, typeID, photoID string) error {
	if err := a.Require(app.Perm("rooms", "update")); err != nil {
		return err
	}
	var photo Photo
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		before, err := roomTypeInScope(tx, a, typeID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(before.Photos, func(p Photo) bool { return p.ID == photoID })
		if i < 0 {
			return app.E(app.ENOTFOUND, "property.room_type_has_no_photo", "room type {code} has no photo \"{id}\"", "code", before.Code, "id", photoID)
		}
		photo = before.Photos[i]
		t := before
		t.Photos = slices.Delete(slices.Clone(before.Photos), i, i+1)
		t.UpdatedAt = s.Now()
		if err := RoomTypes.Put(tx, typeID, t); err != nil {
			return err
		}
		return s.Audit.Record(tx, a, "room_type.photo.delete", "room_type", typeID, before, t)
	})
	if err != nil {
		return err
	}
	s.removePhotoFiles(photo)
	return nil
}

// removePhotoFiles removes the files of p, if any. A photo whose id is not
// one NewID makes has no files.
func (s *Service) removePhotoFiles(p Photo) {
	if !photoIDPattern.MatchString(p.ID) {
		return
	}
	_ = os.Remove(s.photoPath(p, false))
	_ = os.Remove(s.photoPath(p, true))
}

// writeFileAtomic writes data to path with mode 0600: to a temporary file
// in the same directory first, then renamed over path, so that readers
// never see half a file.
func writeFileAtomic(path string, data []byte) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Thumbnail scales src to width pixels wide, keeping its aspect, over a
// white background. Shrinking averages the source pixels that fall in each
// Thumbnail pixel (a box filter); enlarging repeats the nearest pixel.
func Thumbnail(src image.Image, width int) *image.RGBA {
	b := src.Bounds()
	sw, sh := b.Dx(), b.Dy()
	height := max(1, (sh*width+sw/2)/sw)
	dst := image.NewRGBA(image.Rect(0, 0, width, height))
	at := pixelReader(src)

	// Sums of 16-bit premultiplied channels per thumbnail pixel.
	sums := make([]uint64, width*height*4)
	counts := make([]uint32, width*height)
	for y := range sh {
		ty := y * height / sh
		for x := range sw {
			tx := x * width / sw
			r, g, bl, al := at(b.Min.X+x, b.Min.Y+y)
			i := ty*width + tx
			sums[4*i] += uint64(r)
			sums[4*i+1] += uint64(g)
			sums[4*i+2] += uint64(bl)
			sums[4*i+3] += uint64(al)
			counts[i]++
		}
	}
	for ty := range height {
		for tx := range width {
			i := ty*width + tx
			var r, g, bl, al uint64
			if n := uint64(counts[i]); n > 0 {
				r, g, bl, al = sums[4*i]/n, sums[4*i+1]/n, sums[4*i+2]/n, sums[4*i+3]/n
			} else {
				pr, pg, pb, pa := at(b.Min.X+tx*sw/width, b.Min.Y+ty*sh/height)
				r, g, bl, al = uint64(pr), uint64(pg), uint64(pb), uint64(pa)
			}
			// Over white: c + (1 - alpha) × white, in 16 bits.
			white := 0xffff - al
			o := dst.PixOffset(tx, ty)
			dst.Pix[o] = uint8((r + white) >> 8)
			dst.Pix[o+1] = uint8((g + white) >> 8)
			dst.Pix[o+2] = uint8((bl + white) >> 8)
			dst.Pix[o+3] = 0xff
		}
	}
	return dst
}

// pixelReader returns a function that reads the 16-bit premultiplied
// colour of a pixel of img, without the per-pixel allocations of At for
// the image types the JPEG and PNG decoders make.
func pixelReader(img image.Image) func(x, y int) (r, g, b, a uint32) {
	switch m := img.(type) {
	case *image.YCbCr:
		return func(x, y int) (uint32, uint32, uint32, uint32) { return m.YCbCrAt(x, y).RGBA() }
	case *image.RGBA:
		return func(x, y int) (uint32, uint32, uint32, uint32) { return m.RGBAAt(x, y).RGBA() }
	case *image.NRGBA:
		return func(x, y int) (uint32, uint32, uint32, uint32) { return m.NRGBAAt(x, y).RGBA() }
	case *image.Gray:
		return func(x, y int) (uint32, uint32, uint32, uint32) { return m.GrayAt(x, y).RGBA() }
	case *image.Paletted:
		palette := make([]color.RGBA64, len(m.Palette))
		for i, c := range m.Palette {
			r, g, b, a := c.RGBA()
			palette[i] = color.RGBA64{R: uint16(r), G: uint16(g), B: uint16(b), A: uint16(a)}
		}
		return func(x, y int) (uint32, uint32, uint32, uint32) {
			i := int(m.ColorIndexAt(x, y))
			if i >= len(palette) {
				return 0, 0, 0, 0
			}
			return palette[i].RGBA()
		}
	}
	return func(x, y int) (uint32, uint32, uint32, uint32) { return img.At(x, y).RGBA() }
}
