//go:build !cgo

package store_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/lantern-help/lantern/internal/store"
)

// TestOpenWithoutCgo runs only in a CGO_ENABLED=0 build, where go-sqlite3 is a stub:
// Open must fail at once and say how to fix the build. (The other tests fail in such a
// build; run this one with -run TestOpenWithoutCgo.)
func TestOpenWithoutCgo(t *testing.T) {
	_, err := store.Open(filepath.Join(t.TempDir(), "lantern.db"))
	if err == nil {
		t.Fatal("Open succeeded without cgo")
	}
	if !strings.Contains(err.Error(), "CGO_ENABLED=1") {
		t.Errorf("error %q does not say CGO_ENABLED=1", err)
	}
	t.Log(err)
}
