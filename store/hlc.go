package store

import (
	"fmt"
	"sync"
	"time"
)

// Timestamp is a hybrid logical clock reading: milliseconds since the Unix
// epoch in the high 48 bits and a logical counter in the low 16 bits. Readings
// of one Clock strictly increase, whatever the wall clock does, and a reading
// taken after observing a remote timestamp is greater than it.
type Timestamp uint64

const logicalBits = 16

// MakeTimestamp returns the timestamp of wall-clock time t with logical counter l.
func MakeTimestamp(t time.Time, l uint16) Timestamp {
	return Timestamp(uint64(t.UnixMilli())<<logicalBits | uint64(l))
}

// Millis returns the physical part in milliseconds since the Unix epoch.
func (t Timestamp) Millis() int64 { return int64(uint64(t) >> logicalBits) }

// Logical returns the logical counter.
func (t Timestamp) Logical() uint16 { return uint16(t) }

// Time returns the physical part as a time.Time in UTC.
func (t Timestamp) Time() time.Time { return time.UnixMilli(t.Millis()).UTC() }

// String formats t as RFC 3339 time with milliseconds and the counter.
func (t Timestamp) String() string {
	return fmt.Sprintf("%s+%d", t.Time().Format("2006-01-02T15:04:05.000Z07:00"), t.Logical())
}

// DefaultMaxDrift is how far ahead of the local wall clock a remote timestamp
// may be before it is refused.
const DefaultMaxDrift = 5 * time.Minute

// Clock is a hybrid logical clock. It is safe for concurrent use.
type Clock struct {
	mu       sync.Mutex
	last     Timestamp
	now      func() time.Time
	maxDrift time.Duration
}

// NewClock returns a clock that reads wall time from now (time.Now when nil)
// and refuses remote timestamps more than maxDrift ahead of it.
func NewClock(now func() time.Time, maxDrift time.Duration) *Clock {
	if now == nil {
		now = time.Now
	}
	if maxDrift <= 0 {
		maxDrift = DefaultMaxDrift
	}
	return &Clock{now: now, maxDrift: maxDrift}
}

// Now returns a timestamp greater than every timestamp this clock has
// returned or observed.
func (c *Clock) Now() Timestamp {
	c.mu.Lock()
	defer c.mu.Unlock()
	pt := MakeTimestamp(c.now(), 0)
	if pt > c.last {
		c.last = pt
	} else {
		c.last++
	}
	return c.last
}

// CheckDrift returns an ECONFLICT error when remote lies further ahead of the
// local wall clock than the allowed drift. It does not change the clock.
func (c *Clock) CheckDrift(remote Timestamp) error {
	now := c.now()
	if remote.Millis() > now.Add(c.maxDrift).UnixMilli() {
		ahead := time.Duration(remote.Millis()-now.UnixMilli()) * time.Millisecond
		return Errorf(ECONFLICT, "remote clock is ahead of this computer's clock by %s, more than the %s allowed (remote time %s); check the clocks of both computers",
			ahead.Round(time.Second), c.maxDrift, remote.Time().Format(time.RFC3339))
	}
	return nil
}

// Observe moves the clock past remote so that later readings order after it.
// Callers check drift first with CheckDrift.
func (c *Clock) Observe(remote Timestamp) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if remote > c.last {
		c.last = remote
	}
}

// Last returns the greatest timestamp returned or observed so far.
func (c *Clock) Last() Timestamp {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last
}
