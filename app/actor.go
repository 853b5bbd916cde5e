package app

import "context"

// Actor is who performs an operation: a signed-in user, the command line,
// or the system itself. Services take it explicitly; the API builds it from
// the session of the request.
type Actor struct {
	UserID    string        // "" for the system and the command line
	Username  string        // "cli" for the command line, "system" for the system
	Address   string        // the client's address, or "cli"
	SessionID string        // the session the request came with, if any
	Perms     PermissionSet // what the actor may do
	Hotels    HotelScope    // which hotels' records the actor may see
	// MustChangePassword limits a session opened with a one-time code to
	// changing the password.
	MustChangePassword bool
}

// SystemActor acts for Innkeep itself (migrations, setup): it may do
// everything.
func SystemActor() Actor {
	return Actor{Username: "system", Perms: NewPermissionSet(AllPermissions()...), Hotels: AllHotels}
}

// CLIActor acts for the administrator at the command line on the data
// folder: it may do everything.
func CLIActor() Actor {
	return Actor{Username: "cli", Address: "cli", Perms: NewPermissionSet(AllPermissions()...), Hotels: AllHotels}
}

// Can reports whether the actor holds permission p.
func (a Actor) Can(p Permission) bool { return a.Perms.Has(p) }

// Require returns EFORBIDDEN unless the actor holds p.
func (a Actor) Require(p Permission) error {
	if !a.Can(p) {
		return E(EFORBIDDEN, "app.no_permission", "you do not have the permission {permission}", "permission", string(p))
	}
	return nil
}

// String names the actor for the store's op log.
func (a Actor) String() string {
	if a.UserID != "" {
		return "user:" + a.UserID
	}
	return a.Username
}

type actorKey struct{}

// WithActor returns ctx carrying a.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor of ctx and whether there is one.
func ActorFrom(ctx context.Context) (Actor, bool) {
	a, ok := ctx.Value(actorKey{}).(Actor)
	return a, ok
}

// Client describes where a request comes from.
type Client struct {
	Address   string
	UserAgent string
}
