// Package desktop is the Wails glue of Innkeep: the native window that shows
// the UI, and native dialogs. It holds no logic: the window's every request
// goes to the same http.Handler that `innkeep serve` puts on the network.
//
// The window needs a binary built with the tags desktop,production and
// webkit2_40 (webkit2_41 where only WebKitGTK 4.1 exists). Without them the
// package still compiles, and Run and ShowError return an error.
package desktop

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	goruntime "runtime"
	"strings"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// The GUI toolkits want the main thread (Cocoa insists on it); init runs on
// it, and main then stays on it.
func init() { goruntime.LockOSThread() }

// Options configure Run.
type Options struct {
	// Handler serves every request of the window's web view. Required.
	Handler http.Handler
	// Logger receives the window's own log lines. Nil discards them.
	Logger *slog.Logger
	// Files, when set, is connected to the window: its SaveAs then shows
	// the native Save dialog.
	Files *Files
}

// Run opens the main window and blocks until the user closes it or ctx is
// done; then it quits the window and returns nil. It must be called from the
// main goroutine, once per process. It returns an error when no window can
// be opened: no display, or a build without the desktop tags.
func Run(ctx context.Context, opts Options) (err error) {
	if opts.Handler == nil {
		return errors.New("desktop.Run: Options.Handler is nil")
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if err := CanOpen(); err != nil {
		return err
	}
	defer func() {
		// Wails panics when GTK cannot start; that is an error to report,
		// not a crash.
		if v := recover(); v != nil {
			err = fmt.Errorf("the window failed to start: %v", v)
		}
	}()

	started := make(chan context.Context, 1)
	done := make(chan struct{})
	defer close(done)
	go quitOnDone(ctx, started, done, logger)

	return wails.Run(&options.App{
		Title:     "Innkeep",
		Width:     1280,
		Height:    800,
		MinWidth:  800,
		MinHeight: 560,
		// White until the page paints. Not the top bar's colour: the
		// window test looks for that colour to prove the page was drawn.
		BackgroundColour: options.NewRGB(255, 255, 255),
		AssetServer:      &assetserver.Options{Handler: opts.Handler},
		Logger:           wailsLogger{logger},
		OnStartup: func(wctx context.Context) {
			if opts.Files != nil {
				opts.Files.connect(wctx, saveDialog)
			}
			started <- wctx
		},
		OnShutdown: func(context.Context) {
			logger.Info("window closed")
		},
		Linux: &linux.Options{
			// Passing Linux options turns the GPU policy to "always" unless
			// it is set; some machines then show a blank window.
			WebviewGpuPolicy: linux.WebviewGpuPolicyNever,
			ProgramName:      "innkeep",
		},
	})
}

// quitOnDone quits the window when ctx is done, once Wails has started. Wails
// quits by gtk_main_quit, which is lost when it comes before the main loop
// runs; so the quit is repeated until Run has returned.
func quitOnDone(ctx context.Context, started <-chan context.Context, done <-chan struct{}, logger *slog.Logger) {
	var wctx context.Context
	select {
	case wctx = <-started:
	case <-done:
		return
	}
	select {
	case <-ctx.Done():
	case <-done:
		return
	}
	logger.Info("closing the window")
	// Wails quits by itself on SIGINT and SIGTERM; quitting again after its
	// main loop ended makes GTK complain, so give it a moment first.
	t := time.NewTicker(500 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-t.C:
		}
		runtime.Quit(wctx)
	}
}

// ShowError shows a native error dialog with the given title and message,
// and returns when the user dismisses it. It starts a hidden Wails
// application for the dialog, so it must be called from the main goroutine,
// instead of Run, once per process. It returns an error when no dialog can
// be shown (no display, a build without the desktop tags).
func ShowError(title, message string, logger *slog.Logger) (err error) {
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if err := CanOpen(); err != nil {
		return err
	}
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("the dialog failed to start: %v", v)
		}
	}()
	blank := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = io.WriteString(w, "<!doctype html><title>Innkeep</title>")
	})
	return wails.Run(&options.App{
		Title:       "Innkeep",
		Width:       480,
		Height:      240,
		StartHidden: true,
		AssetServer: &assetserver.Options{Handler: blank},
		Logger:      wailsLogger{logger},
		OnStartup: func(wctx context.Context) {
			// OnStartup runs on its own goroutine; the dialog runs on the
			// main loop, so once it returns the loop is running and Quit
			// is not lost.
			_, derr := runtime.MessageDialog(wctx, runtime.MessageDialogOptions{
				Type:    runtime.ErrorDialog,
				Title:   title,
				Message: gtkSafe(message),
			})
			if derr != nil {
				logger.Error("error dialog failed", "err", derr)
			}
			runtime.Quit(wctx)
		},
		Linux: &linux.Options{
			WebviewGpuPolicy: linux.WebviewGpuPolicyNever,
			ProgramName:      "innkeep",
		},
	})
}

// gtkSafe escapes message for Wails on Linux, which passes it to
// gtk_message_dialog_new as a printf format: a % in a folder name would
// otherwise be read as a directive.
func gtkSafe(message string) string {
	if goruntime.GOOS != "linux" {
		return message
	}
	return strings.ReplaceAll(message, "%", "%%")
}

// CanOpen returns an error, which tells what to do instead, when no window
// can be opened: the binary was built without the window, or, on Linux and
// the BSDs, there is no X11 or Wayland display (GTK would panic).
func CanOpen() error {
	if !Available {
		return errors.New("this build of Innkeep has no window (it was built without the tags desktop,production,webkit2_40); use `innkeep serve`")
	}
	switch goruntime.GOOS {
	case "windows", "darwin":
		return nil
	}
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return errors.New("there is no display to open a window on (DISPLAY and WAYLAND_DISPLAY are not set); use `innkeep serve` to run without a window")
	}
	return nil
}

// wailsLogger sends the log lines of Wails to a slog.Logger.
type wailsLogger struct{ l *slog.Logger }

func (w wailsLogger) Print(message string)   { w.l.Info(message, "source", "wails") }
func (w wailsLogger) Trace(message string)   { w.l.Debug(message, "source", "wails") }
func (w wailsLogger) Debug(message string)   { w.l.Debug(message, "source", "wails") }
func (w wailsLogger) Info(message string)    { w.l.Info(message, "source", "wails") }
func (w wailsLogger) Warning(message string) { w.l.Warn(message, "source", "wails") }
func (w wailsLogger) Error(message string)   { w.l.Error(message, "source", "wails") }

// Fatal logs message and exits, as the Wails logger contract requires.
func (w wailsLogger) Fatal(message string) {
	w.l.Error(message, "source", "wails", "fatal", true)
	os.Exit(1)
}
