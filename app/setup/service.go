package setup

import (
	"sync"

	"innkeep/app"
	"innkeep/app/access"
	"innkeep/app/audit"
	"innkeep/app/property"
)

// Service runs the first run of a data folder (the first hotel, the first
// administrator and the data key) and the recovery of the data key from its
// phrase.
type Service struct {
	app.Env
	dataDir  string
	access   *access.Service
	property *property.Service
	log      *audit.Service

	mu sync.Mutex // one setup at a time
}

// New returns the setup slice over env for the data folder dataDir, where
// the key file is written.
func New(env app.Env, dataDir string, a *access.Service, p *property.Service, log *audit.Service) *Service {
	return &Service{Env: env, dataDir: dataDir, access: a, property: p, log: log}
}
