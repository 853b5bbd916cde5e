package api

import (
	"errors"
	"io"
	"net/http"
	"os"
	"time"

	"innkeep/app"
)

// Default timeouts of Config.
const (
	// DefaultBodyTimeout bounds the time a client has to send the whole
	// body of a request (a sign-in, a booking: small JSON).
	DefaultBodyTimeout = 15 * time.Second
	// DefaultUploadTimeout bounds the time a client has to send the body
	// of an upload (a room type's photo), from when its request arrived.
	DefaultUploadTimeout = 2 * time.Minute
	// DefaultWriteTimeout bounds each write of a response: a client that
	// takes longer than this to take in one part of an answer (4 KiB or
	// so) is cut off. A long download is written in many parts, and the
	// deadline moves with each.
	DefaultWriteTimeout = 30 * time.Second
)

// timeouts are the deadlines of a Handler; see Config.
type timeouts struct {
	body, upload, write time.Duration
}

func newTimeouts(cfg Config) timeouts {
	t := timeouts{body: cfg.BodyTimeout, upload: cfg.UploadTimeout, write: cfg.WriteTimeout}
	if t.body <= 0 {
		t.body = DefaultBodyTimeout
	}
	if t.upload <= 0 {
		t.upload = DefaultUploadTimeout
	}
	if t.write <= 0 {
		t.write = DefaultWriteTimeout
	}
	return t
}

// withDeadlines sets the deadlines of a request on the connection it came
// by: its body must arrive within the body timeout (the route may allow an
// upload more; see bodyDeadline), and each write of its answer must be
// taken in within the write timeout. Writers that have no connection (the
// desktop window's asset server, a test's recorder) do not support
// deadlines; they are served without.
func (h *Handler) withDeadlines(w http.ResponseWriter, r *http.Request) (http.ResponseWriter, *http.Request) {
	rc := http.NewResponseController(w)
	dw := &deadlineWriter{ResponseWriter: w, rc: rc, d: h.timeouts.write}
	dw.extend()
	if r.Body != nil && r.Body != http.NoBody {
		_ = rc.SetReadDeadline(time.Now().Add(h.timeouts.body))
		r.Body = &deadlineBody{ReadCloser: r.Body, rc: rc}
	}
	return dw, r
}

// bodyDeadline gives the body of r until d after now to arrive: uploads
// get longer than the body timeout that withDeadlines set.
func bodyDeadline(w http.ResponseWriter, r *http.Request, d time.Duration) {
	if r.Body != nil && r.Body != http.NoBody {
		_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(d))
	}
}

// deadlineWriter moves the write deadline of the connection to d from now
// before each write, so that a client that stops reading is cut off after
// d, however long the answer.
type deadlineWriter struct {
	http.ResponseWriter
	rc *http.ResponseController
	d  time.Duration
}

func (w *deadlineWriter) extend() { _ = w.rc.SetWriteDeadline(time.Now().Add(w.d)) }

func (w *deadlineWriter) WriteHeader(code int) {
	w.extend()
	w.ResponseWriter.WriteHeader(code)
}

func (w *deadlineWriter) Write(p []byte) (int, error) {
	w.extend()
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *deadlineWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// deadlineBody lifts the read deadline once the whole body has arrived:
// net/http then reads on to learn whether the client went away, and must
// not take the passing of the deadline for that. A body cut off by the
// deadline keeps it, so that net/http does not wait for its rest either.
type deadlineBody struct {
	io.ReadCloser
	rc   *http.ResponseController
	done bool
}

func (b *deadlineBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err == io.EOF && !b.done {
		b.done = true
		_ = b.rc.SetReadDeadline(time.Time{})
	}
	return n, err
}

// bodyTimedOut reports whether err is the end of a body that did not
// arrive before its deadline.
func bodyTimedOut(err error) bool { return errors.Is(err, os.ErrDeadlineExceeded) }

// errBodyTimeout is the error of a request whose body did not arrive in
// time. It is answered with 408 Request Timeout.
func errBodyTimeout() error {
	return app.E(app.EINVALID, "api.body_timeout", "the request body did not arrive in time; nothing was changed")
}
