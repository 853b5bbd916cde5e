// Package property is the hotels' property: hotels, room types and their
// photos, rooms and their out-of-order periods, rate plans, the rate
// calendar and inventory caps.
//
// It sits below the bookings: before it changes or deletes a part that a
// reservation may use, it asks them through the Bookings interface, which
// app/booking implements and app/desk wires.
//
// Photos of room types live as files in the data folder's photos/
// directory: <id>.jpg or <id>.png as uploaded, and <id>.thumb.jpg, a
// ThumbnailWidth-pixel-wide JPEG made at upload. Only the Photo records
// (in RoomType.Photos) are in the store: the files are not replicated yet,
// so a desk serves only the photos uploaded on it, and PhotoFile answers
// ENOTFOUND for the others.
package property
