package hotline_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/lantern-help/lantern/internal/content"
	"github.com/lantern-help/lantern/internal/hotline"
)

const hotlinesDir = "../../content/hotlines"

// loadCountries reads the real generated hotline files, strictly (unknown fields fail).
func loadCountries(t testing.TB) map[string]*content.Country {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(hotlinesDir, "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatalf("no hotline files in %s", hotlinesDir)
	}
	out := map[string]*content.Country{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		var c content.Country
		if err := dec.Decode(&c); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		code := strings.TrimSuffix(filepath.Base(p), ".yaml")
		if c.Code != code {
			t.Fatalf("%s: country %q does not match the file name", p, c.Code)
		}
		out[code] = &c
	}
	return out
}

// loadDirectory builds a Directory from the real files.
func loadDirectory(t testing.TB) *hotline.Directory {
	t.Helper()
	return hotline.New(loadCountries(t))
}

// hasPhone reports whether any entry has the given name fragment and phone fragment.
func find(entries []hotline.Entry, name, phone string) (hotline.Entry, bool) {
	for _, e := range entries {
		if strings.Contains(e.Name, name) && strings.Contains(e.Phone, phone) {
			return e, true
		}
	}
	return hotline.Entry{}, false
}

func names(entries []hotline.Entry) []string {
	var out []string
	for _, e := range entries {
		out = append(out, e.Country+":"+e.Kind+":"+e.Name)
	}
	return out
}
