//go:build desktop && production

package desktop

// Available reports whether this binary was built with the window (the build
// tags desktop and production).
const Available = true
