// Package datadir is the data folder on disk: where it is (flag,
// INNKEEP_DATA, the user's config folder), the rotating log file, and the
// key file that holds the data key. It is infrastructure, not domain: the
// slices know nothing of files but the photos folder they are given.
package datadir
