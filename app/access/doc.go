// Package access is staff accounts: users, built-in and custom roles,
// sign-in sessions with their limits and lockouts, and password changes
// and resets. Permissions and hotel scopes themselves are the kernel's
// (app.Permission, app.HotelScope); docs/access.md says who may do what.
package access
