package api_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"innkeep/app"
	"innkeep/app/access"
	"innkeep/app/api"
	"innkeep/app/apptest"
	"innkeep/app/audit"
	"innkeep/app/datadir"
	"innkeep/app/desk"
	"innkeep/app/ops"
	"innkeep/store"
)

// hangBound is how long a request may take while another client stalls
// before the test calls it held up: far more than any of them needs, far
// less than the timeouts that would end the stall by themselves.
const hangBound = 30 * time.Second

// servedDesk is a hotel desk (see newHotelDesk) served over loopback by
// a real net/http server whose connections have small send buffers, so
// that a client that stops reading blocks the server's writes at once.
type servedDesk struct {
	*hotelDesk
	url  string // http://127.0.0.1:port
	addr string
}

// newServedDesk opens a desk whose store maps mmapSize bytes ahead (see
// store.Options.InitialMmapSize) and whose handler has the config that
// adjust makes, sets it up with a hotel, and serves it.
func newServedDesk(t *testing.T, mmapSize int, adjust func(*api.Config)) *servedDesk {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, datadir.StoreFileName), store.Options{
		Kinds: desk.Kinds(), Migrations: desk.Migrations(), NoSync: true, InitialMmapSize: mmapSize,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	k := apptest.OnStore(db, dir, apptest.Options{Clock: apptest.NewClock(time.Now().UTC().Truncate(time.Second))})
	cfg := api.Config{Desk: k.Desk}
	if adjust != nil {
		adjust(&cfg)
	}
	td := &testDesk{h: api.New(cfg), svc: k, clk: k.Clock}
	hd := hotelDeskOn(t, td)
	srv := httptest.NewUnstartedServer(td.h)
	srv.Listener = smallSendBuffers{srv.Listener}
	srv.Start()
	t.Cleanup(srv.Close)
	return &servedDesk{hotelDesk: hd, url: srv.URL, addr: srv.Listener.Addr().String()}
}

// smallSendBuffers gives each accepted connection a 4 KiB send buffer.
type smallSendBuffers struct{ net.Listener }

func (l smallSendBuffers) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetWriteBuffer(4 << 10)
	}
	return c, err
}

// fillAuditLog writes n audit entries of about 500 bytes each.
func fillAuditLog(t *testing.T, k *apptest.Kit, n int, note string) {
	t.Helper()
	for done := 0; done < n; {
		err := k.DB.Update("test", func(tx *store.Tx) error {
			for i := 0; i < 500 && done < n; i, done = i+1, done+1 {
				if err := k.Audit.Record(tx, app.SystemActor(), "test.fill", "room", fmt.Sprint(done), nil, map[string]any{"note": note}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// stallExport asks for the whole audit log as CSV on a connection with a
// small receive buffer, reads the answer's head, and then stops reading.
// It returns the connection, which the test closes at its end.
func (s *servedDesk) stallExport(t *testing.T) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", s.addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	_ = c.(*net.TCPConn).SetReadBuffer(4 << 10)
	fmt.Fprintf(c, "GET /api/v1/audit/export.csv HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\n\r\n", s.addr, s.token)
	_ = c.SetReadDeadline(time.Now().Add(hangBound))
	status, err := bufio.NewReaderSize(c, 16).ReadString('\n')
	if err != nil || !strings.Contains(status, " 200 ") {
		t.Fatalf("export answered %q, %v; want 200", status, err)
	}
	return c
}

// call sends one request to the served desk as its administrator and
// returns the status and body; the request fails after hangBound.
func (s *servedDesk) call(method, path, body string) (int, string, error) {
	req, err := http.NewRequest(method, s.url+path, strings.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Authorization", "Bearer "+s.token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := (&http.Client{Timeout: hangBound}).Do(req)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, string(b), err
}

func TestSecurityAStalledExportDoesNotHoldUpTheDesk(t *testing.T) {
	// The store maps only its file, so that the writes below must remap
	// it, and a remap waits for every open read transaction; the write
	// timeout is long, so that only the export's short reads can let them
	// through in time.
	s := newServedDesk(t, -1, func(c *api.Config) { c.WriteTimeout = 10 * time.Minute })
	fillAuditLog(t, s.svc, 1500, strings.Repeat("a quiet night at the desk ", 16))
	s.stallExport(t)

	done := make(chan error, 1)
	go func() {
		// Writes that outgrow the map: twice the data the file holds.
		st, err := s.svc.DB.Stats()
		if err != nil {
			done <- err
			return
		}
		blob := make([]byte, 64<<10)
		for i := 0; int64(i*len(blob)) < 2*st.SizeBytes; i++ {
			err := s.svc.DB.Update("test", func(tx *store.Tx) error { return tx.LocalPut("test.grow", fmt.Sprint(i), blob) })
			if err != nil {
				done <- err
				return
			}
		}
		if code, body, err := s.call("POST", "/api/v1/reservations", s.bookBody(s.dlx, s.dlxPlan, s.day(1), s.day(2))); err != nil || code != http.StatusCreated {
			done <- fmt.Errorf("booking: %d %v: %.300s", code, err, body)
			return
		}
		if code, body, err := s.call("GET", "/api/v1/health", ""); err != nil || code != http.StatusOK {
			done <- fmt.Errorf("health: %d %v: %.300s", code, err, body)
			return
		}
		done <- nil
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(hangBound):
		t.Fatalf("while a client stalled an export, the desk could not write, book or answer health for %v", hangBound)
	}
}

func TestSecurityAClientThatStopsReadingIsCutOff(t *testing.T) {
	s := newServedDesk(t, 0, func(c *api.Config) { c.WriteTimeout = time.Second })
	fillAuditLog(t, s.svc, 1500, strings.Repeat("a quiet night at the desk ", 16))
	s.stallExport(t)

	// The export ends, cut short, and says so in the audit log.
	deadline := time.Now().Add(hangBound)
	for {
		page, err := s.svc.Audit.List(t.Context(), app.SystemActor(), audit.Filter{Action: "audit.export"})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Entries) > 0 {
			var after struct {
				Complete bool `json:"complete"`
				Rows     int  `json:"rows"`
			}
			if err := json.Unmarshal(mustJSON(t, page.Entries[0].After), &after); err != nil {
				t.Fatal(err)
			}
			if after.Complete || after.Rows >= 1500 {
				t.Fatalf("the stalled export was recorded as %+v, want cut short", after)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a client that stopped reading an export was not cut off within %v", hangBound)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if code, body, err := s.call("GET", "/api/v1/health", ""); err != nil || code != http.StatusOK {
		t.Fatalf("health after the cut: %d %v: %.300s", code, err, body)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSecuritySlowSignInBodiesAreCutOffAndChangeNothing(t *testing.T) {
	s := newServedDesk(t, 0, func(c *api.Config) { c.BodyTimeout = time.Second })
	before := s.stateHash(t)

	// Two slow clients: one sends half a body and waits, one trickles a
	// byte at a time; neither may keep its connection past the timeout.
	body := fmt.Sprintf(`{"username":%q,"password":%q}`, adminName, adminPassword)
	for _, trickle := range []bool{false, true} {
		t.Run(fmt.Sprintf("trickle=%v", trickle), func(t *testing.T) {
			c, err := net.Dial("tcp", s.addr)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			fmt.Fprintf(c, "POST /api/v1/sessions HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s",
				s.addr, len(body), body[:len(body)/2])
			stop := make(chan struct{})
			defer close(stop)
			if trickle {
				go func() {
					for i := len(body) / 2; i < len(body)-1; i++ {
						select {
						case <-stop:
							return
						case <-time.After(100 * time.Millisecond):
						}
						if _, err := c.Write([]byte{body[i]}); err != nil {
							return
						}
					}
				}()
			}
			_ = c.SetReadDeadline(time.Now().Add(hangBound))
			res, err := http.ReadResponse(bufio.NewReader(c), nil)
			if err != nil {
				t.Fatalf("the server did not answer a slow body within %v: %v", hangBound, err)
			}
			b, _ := io.ReadAll(res.Body)
			if res.StatusCode != http.StatusRequestTimeout || !strings.Contains(string(b), `"key":"api.body_timeout"`) {
				t.Fatalf("slow body answered %d: %s; want 408 api.body_timeout", res.StatusCode, b)
			}
			// And then the connection is closed.
			if _, err := io.ReadAll(c); err != nil {
				t.Fatalf("after the answer: %v, want the connection closed", err)
			}
		})
	}
	if after := s.stateHash(t); after != before {
		t.Errorf("slow sign-ins changed the store")
	}
	// A sign-in sent at once still works.
	code, b, err := s.call("POST", "/api/v1/sessions", body)
	if err != nil || code != http.StatusCreated {
		t.Fatalf("a normal sign-in answered %d %v: %.300s", code, err, b)
	}
}

// TestABodyCutOffIsBadInputNotAnInternalError: a client that announces a
// longer body than it sends and stops sending is told its request was
// incomplete (400, not 500 internal error), and nothing changes.
func TestABodyCutOffIsBadInputNotAnInternalError(t *testing.T) {
	s := newServedDesk(t, 0, nil)
	before := s.stateHash(t)
	body := fmt.Sprintf(`{"username":%q,"password":%q}`, adminName, adminPassword)
	c, err := net.Dial("tcp", s.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintf(c, "POST /api/v1/sessions HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nAccept-Language: zh-CN\r\nContent-Length: %d\r\n\r\n%s",
		s.addr, len(body)+100, body)
	c.(*net.TCPConn).CloseWrite()
	_ = c.SetReadDeadline(time.Now().Add(hangBound))
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("no answer to a cut-off body: %v", err)
	}
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), `"key":"api.body_cut_off"`) || !strings.Contains(string(b), "未完整") {
		t.Fatalf("a cut-off body answered %d: %s; want 400 api.body_cut_off in Chinese", res.StatusCode, b)
	}
	if s.stateHash(t) != before {
		t.Error("a cut-off sign-in changed the store")
	}
}

// hotelDeskOn sets up d with a hotel, as newHotelDesk does: one room type
// with a rate plan and a room is all these tests book.
func hotelDeskOn(t *testing.T, d *testDesk) *hotelDesk {
	t.Helper()
	setup := d.setUp(t)
	hd := &hotelDesk{testDesk: d, hotel: setup.Hotel, token: d.signIn(t, adminName, adminPassword).Token}
	post := func(path, body string, v any) {
		t.Helper()
		hd.do(t, request{method: "POST", path: path, body: body, token: hd.token}).want(t, 201).decode(t, v)
	}
	h := "/api/v1/hotels/" + hd.hotel.ID
	post(h+"/room-types", `{"code":"DLX","name":"Deluxe","bed_type":"king","max_adults":2,"max_children":1}`, &hd.dlx)
	post(h+"/rate-plans", fmt.Sprintf(`{"room_type_id":%q,"code":"DBAR","name":"Best","base_rate":50000,"included_adults":2}`, hd.dlx.ID), &hd.dlxPlan)
	post(h+"/rooms", fmt.Sprintf(`{"number":"101","floor":1,"room_type_id":%q}`, hd.dlx.ID), &hd.room1)
	return hd
}

func TestSecurityHealthTellsOnlyTheStatusToThoseWhoMayNotSeeTheSystem(t *testing.T) {
	d := newDesk(t)
	status := `{"status":"ok"}` + "\n"
	if got := d.do(t, request{method: "GET", path: "/api/v1/health"}).want(t, 200).body; got != status {
		t.Errorf("anonymous health before setup = %s, want the status only", got)
	}
	d.setUp(t)
	admin := d.signIn(t, adminName, adminPassword).Token
	d.addUser(t, admin, access.UserInput{Username: "dora", Roles: []string{access.RoleFrontDesk}, Hotels: app.AllHotels, Password: staffPassword})
	dora := d.signIn(t, "dora", staffPassword).Token
	for _, tok := range []string{"", dora, admin} {
		if got := d.do(t, request{method: "GET", path: "/api/v1/health", token: tok}).want(t, 200).body; got != status {
			t.Errorf("health = %s, want the status only, whoever asks", got)
		}
	}
	d.do(t, request{method: "GET", path: "/api/v1/system/health"}).want(t, http.StatusUnauthorized)
	if code, _ := d.do(t, request{method: "GET", path: "/api/v1/system/health", token: dora}).want(t, http.StatusForbidden).envelope(t); code != "forbidden" {
		t.Errorf("system health without system.view: code %q, want forbidden", code)
	}

	var h ops.Health
	d.do(t, request{method: "GET", path: "/api/v1/system/health", token: admin}).want(t, 200).decode(t, &h)
	st, err := d.svc.DB.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if h.NodeID != d.svc.DB.NodeID() || h.DataDir != d.svc.Dir || h.Version != "0.1.0" || h.Mode != ops.ModeServe ||
		h.Store.File != d.svc.DB.Path() || h.Store.Documents.Total != st.Documents || h.Disk.TotalBytes == 0 {
		t.Errorf("system health = %+v, want the node, its store and its disk", h)
	}
	if want := map[bool]string{false: ops.StatusOK, true: ops.StatusWarning}[h.Disk.Low || h.Disk.WriteFailedFull]; h.Status != want {
		t.Errorf("status = %q with disk %+v, want %q", h.Status, h.Disk, want)
	}
}

func TestUploadsGetTheUploadTimeoutForTheirBody(t *testing.T) {
	// Ordinary bodies get all the time in the world here; uploads one
	// second: a slow upload is cut off by the upload timeout.
	slowUpload := api.Route{Method: "POST", Path: "/api/v1/test/slow-upload", ID: "testSlowUpload", Summary: "Read the whole body.",
		Permission: api.PermPublic, BeforeSetup: true, MaxBody: api.MaxBodyBytes * 4,
		Endpoint: api.Raw(http.StatusNoContent, "", func(w http.ResponseWriter, r *http.Request, _ api.None) error {
			if _, err := io.Copy(io.Discard, r.Body); err != nil {
				return err
			}
			w.WriteHeader(http.StatusNoContent)
			return nil
		})}
	k := apptest.NewDesk(t, apptest.Options{})
	srv := httptest.NewServer(api.New(api.Config{Desk: k.Desk, BodyTimeout: 10 * time.Minute, UploadTimeout: time.Second, Routes: []api.Route{slowUpload}}))
	t.Cleanup(srv.Close)
	addr := srv.Listener.Addr().String()

	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintf(c, "POST /api/v1/test/slow-upload HTTP/1.1\r\nHost: %s\r\nContent-Length: 100000\r\n\r\n%s", addr, strings.Repeat("x", 1000))
	_ = c.SetReadDeadline(time.Now().Add(hangBound))
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("the server did not answer a slow upload within %v: %v", hangBound, err)
	}
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusRequestTimeout || !strings.Contains(string(b), `"key":"api.body_timeout"`) {
		t.Fatalf("slow upload answered %d: %s; want 408 api.body_timeout", res.StatusCode, b)
	}
}
