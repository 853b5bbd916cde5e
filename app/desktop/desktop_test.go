package desktop_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"innkeep/app/desktop"
)

func TestWithoutTheWindowRunAndShowErrorReturnAnError(t *testing.T) {
	if desktop.Available {
		t.Skip("this test binary has the window; the window tests of the root package cover it")
	}
	err := desktop.Run(context.Background(), desktop.Options{Handler: http.NotFoundHandler()})
	if err == nil || !strings.Contains(err.Error(), "innkeep serve") {
		t.Errorf("Run = %v, want an error that points to innkeep serve", err)
	}
	err = desktop.ShowError("title", "message", nil)
	if err == nil {
		t.Errorf("ShowError succeeded without a window")
	}
}

func TestRunRequiresAHandler(t *testing.T) {
	if err := desktop.Run(context.Background(), desktop.Options{}); err == nil {
		t.Fatal("Run without a handler succeeded")
	}
}
