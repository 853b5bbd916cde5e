//go:build !windows

package store

import "math"

// defaultInitialMmapSize is what Open maps when Options.InitialMmapSize is
// zero: 1 GiB (256 MiB on 32-bit systems). On Unix systems the map is only
// address space: the file grows with its data (bbolt then extends it 16 MiB
// at a time, sparse on most file systems) and no memory is taken until
// pages are read. While the file fits in the map, a write never remaps, so
// it never waits for the read transactions open at that moment.
const defaultInitialMmapSize = min(1<<30, math.MaxInt/8)
