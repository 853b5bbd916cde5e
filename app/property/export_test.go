package property

import (
	"context"
	"image"
	"innkeep/app"
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

// CheckPhotoHeader is checkPhotoHeader.
func CheckPhotoHeader(data []byte) (string, error) { return checkPhotoHeader(data) }

// DecodePhoto decodes data as AddPhoto does, on a service of its own.
func DecodePhoto(data []byte) (image.Image, string, error) {
	return New(app.Env{}, "").decodePhoto(context.Background(), data)
}
