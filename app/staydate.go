package app

import "time"

// NextDate returns the date after d (YYYY-MM-DD).
func NextDate(d string) string {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil {
		return d
	}
	return t.AddDate(0, 0, 1).Format(time.DateOnly)
}

// CalendarRange checks a half-open range of dates from ≤ date < to and,
// when limit > 0, returns its dates. It returns EINVALID for malformed
// dates, an empty range, or (when limit > 0) more than limit dates.
func CalendarRange(from, to string, limit int) ([]string, error) {
	f, err := time.Parse(time.DateOnly, from)
	if err != nil {
		return nil, E(EINVALID, "app.bad_from_date", "from \"{from}\" is not a date (YYYY-MM-DD)", "from", from)
	}
	t, err := time.Parse(time.DateOnly, to)
	if err != nil {
		return nil, E(EINVALID, "app.bad_to_date", "to \"{to}\" is not a date (YYYY-MM-DD)", "to", to)
	}
	if !f.Before(t) {
		return nil, E(EINVALID, "app.empty_date_range", "from ({from}) must come before to ({to})", "from", from, "to", to)
	}
	days := int(t.Sub(f).Hours()/24 + 0.5)
	if limit > 0 && days > limit {
		return nil, E(EINVALID, "app.date_range_too_long", "the range {from} to {to} has {days} days; at most {limit} at once",
			"from", from, "to", to, "days", days, "limit", limit)
	}
	if limit == 0 {
		return nil, nil
	}
	out := make([]string, 0, days)
	for d := f; d.Before(t); d = d.AddDate(0, 0, 1) {
		out = append(out, d.Format(time.DateOnly))
	}
	return out, nil
}

// KeySep joins the parts of index keys.
const KeySep = "\x1f"

// Nights returns the nights from ≤ date < to, as YYYY-MM-DD. It returns
// nil for malformed or empty ranges.
func Nights(from, to string) []string {
	f, err1 := time.Parse(time.DateOnly, from)
	t, err2 := time.Parse(time.DateOnly, to)
	if err1 != nil || err2 != nil || !f.Before(t) || t.Sub(f) > 400*24*time.Hour {
		return nil
	}
	var out []string
	for d := f; d.Before(t); d = d.AddDate(0, 0, 1) {
		out = append(out, d.Format(time.DateOnly))
	}
	return out
}
