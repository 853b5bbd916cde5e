package property

import (
	"image"
)

// Exported for the tests of package property_test.
const (
	MaxPhotoDecodes = maxPhotoDecodes
)

// SetPhotoDecodeHook makes f run inside the decoding slot just before each
// photo is decoded, until the returned function undoes it.
func SetPhotoDecodeHook(f func()) (undo func()) {
	photoDecodeHook = f
	return func() { photoDecodeHook = nil }
}

// SetPhotoThumbnailHook makes f run once each photo's thumbnail is made,
// until the returned function undoes it.
func SetPhotoThumbnailHook(f func()) (undo func()) {
	photoThumbnailHook = f
	return func() { photoThumbnailHook = nil }
}

// CheckPhotoHeader is checkPhotoHeader.
func CheckPhotoHeader(data []byte) (string, error) { return checkPhotoHeader(data) }

// DecodePhoto decodes data as AddPhoto does (the header check, then the
// pixels), outside any decoding slot, and returns the full image.
func DecodePhoto(data []byte) (image.Image, string, error) {
	contentType, err := checkPhotoHeader(data)
	if err != nil {
		return nil, "", err
	}
	img, err := decodePixels(contentType, data)
	return img, contentType, err
}
