package datadir

// ParseKeyFile exposes parseKeyFile to the fuzz target.
var ParseKeyFile = parseKeyFile
