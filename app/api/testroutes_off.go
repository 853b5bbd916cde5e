//go:build !innkeep_testroutes

package api

// testRoutes returns the routes that only binaries built with the tag
// innkeep_testroutes have: none in this build.
func testRoutes() []Route { return nil }
