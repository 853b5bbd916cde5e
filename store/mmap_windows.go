//go:build windows

package store

// defaultInitialMmapSize is what Open maps when Options.InitialMmapSize is
// zero. On Windows bbolt makes the file as large as the map (a mapping may
// not reach past the end of the file there), so a large map costs disk
// space at once: 64 MiB, which holds years of a small hotel's records, is
// reserved when the store is created. Beyond it the file grows by doubling,
// and a write that remaps waits for the reads open at that moment; no read
// of the API stays open while it answers a client, so that wait is short.
const defaultInitialMmapSize = 64 << 20
