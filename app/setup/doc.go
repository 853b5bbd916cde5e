// Package setup is the first run of a data folder (the first hotel, the
// first system administrator and the data key with its recovery phrase)
// and the recovery of the data key from that phrase.
package setup
