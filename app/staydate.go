package app

import "time"

// nextDate returns the date after d (YYYY-MM-DD).
func NextDate(d string) string {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil {
		return d
	}
	return t.AddDate(0, 0, 1).Format(time.DateOnly)
}

// calendarRange checks a half-open range of dates from ≤ date < to and,
// when limit > 0, returns its dates. It returns EINVALID for malformed
// dates, an empty range, or (when limit > 0) more than limit dates.
func CalendarRange(from, to string, limit int) ([]string, error) {
	f, err := time.Parse(time.DateOnly, from)
	if err != nil {
		return nil, Errorf(EINVALID, "from %q is not a date (YYYY-MM-DD)", from)
	}
	t, err := time.Parse(time.DateOnly, to)
	if err != nil {
		return nil, Errorf(EINVALID, "to %q is not a date (YYYY-MM-DD)", to)
	}
	if !f.Before(t) {
		return nil, Errorf(EINVALID, "from (%s) must come before to (%s)", from, to)
	}
	days := int(t.Sub(f).Hours()/24 + 0.5)
	if limit > 0 && days > limit {
		return nil, Errorf(EINVALID, "the range %s to %s has %d days; at most %d at once", from, to, days, limit)
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

// sep joins the parts of index keys.
const KeySep = "\x1f"

// nightsOf returns the nights from ≤ date < to, as YYYY-MM-DD. It returns
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
