package store

// Batch is a page of ops as it travels between desks: the ops and the
// schema version of the program that sent them (ProgramSchemaVersion).
// Desks of different schema versions do not exchange ops: an older desk
// would misread the newer one's documents, and the newer one would merge
// values its migrations never saw.
type Batch struct {
	Schema int  `json:"schema"`
	Ops    []Op `json:"ops"`
}

// CheckSchema returns nil when a desk whose program has schema version
// theirs may exchange ops with this one (the versions are equal), and
// otherwise an ECONFLICT error whose cause is a *SchemaMismatch (ours,
// theirs) and whose message says which desk must be updated. Replication
// calls it when two desks meet, before any op moves.
func (db *DB) CheckSchema(theirs int) error {
	if ours := db.ProgramSchemaVersion(); theirs != ours {
		return schemaError(ECONFLICT, ours, theirs, "desk", "the other desk")
	}
	return nil
}

// OpsBatch is OpsSince for a peer: the ops a store holding have lacks (up
// to limit), with this program's schema version. It returns EUNAVAILABLE
// while migrations are pending (their ops are not written yet), and the
// errors of OpsSince, among them the one whose cause is a *PrunedError.
func (db *DB) OpsBatch(have VersionVector, limit int) (Batch, error) {
	if db.MigrationsPending() {
		return Batch{}, Errorf(EUNAVAILABLE, "the store's migrations have not run yet")
	}
	ops, err := db.OpsSince(have, limit)
	if err != nil {
		return Batch{}, err
	}
	return Batch{Schema: db.ProgramSchemaVersion(), Ops: ops}, nil
}

// ApplyBatch applies a batch from a peer as ApplyRemote does, after
// CheckSchema: a batch of another schema version is refused whole, with
// the error of CheckSchema, and changes nothing. A store whose migrations
// are pending accepts batches of its program's schema, so that it can
// receive the migrated values before Migrate.
func (db *DB) ApplyBatch(b Batch) (int, error) {
	if err := db.CheckSchema(b.Schema); err != nil {
		return 0, err
	}
	return db.ApplyRemote(b.Ops)
}
