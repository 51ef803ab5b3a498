package school_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	contentfs "github.com/lantern-help/lantern/content"
	"github.com/lantern-help/lantern/internal/content"
	"github.com/lantern-help/lantern/internal/dialog"
	"github.com/lantern-help/lantern/internal/hotline"
	"github.com/lantern-help/lantern/internal/poster"
	"github.com/lantern-help/lantern/internal/school"
)

var update = flag.Bool("update", false, "rewrite testdata/posters.golden")

func TestNewCode(t *testing.T) {
	seen := map[string]bool{}
	for range 2000 {
		c, err := school.NewCode()
		if err != nil {
			t.Fatal(err)
		}
		if len(c) != school.CodeLen || strings.ContainsAny(c, "0O1lI") || seen[c] {
			t.Fatalf("bad or repeated code %q", c)
		}
		seen[c] = true
		p := dialog.Payload{Audience: "teen", Region: "GB", Lang: "en", School: c}
		if got, err := dialog.ParsePayload(p.String()); err != nil || got.School != c {
			t.Fatalf("code %q does not survive a deep link: %+v %v", c, got, err)
		}
	}
}

// TestPosterText is the golden test of every poster's words: the region's own emergency and
// child-helpline numbers, in the code's language, and nothing guessed.
func TestPosterText(t *testing.T) {
	lib, err := content.Load(contentfs.FS, "embedded")
	if err != nil {
		t.Fatal(err)
	}
	dir := hotline.New(lib.Countries)
	cases := []struct{ region, lang string }{
		{"GB", "en"}, {"US", "en"}, {"AU", "en"}, {"RU", "ru"}, {"UA", "uk"}, {"BR", "pt"}, {"MX", "es"},
		{"FR", "fr"}, {"DE", "de"}, {"EG", "ar"}, {"IR", "fa"}, {"IN", "hi"}, {"ID", "id"}, {"ET", "am"},
		{"AQ", "en"}, // no contact file: no numbers rather than guessed ones
	}
	var b strings.Builder
	for _, c := range cases {
		p := school.Poster(lib, dir, "lantern_test_bot", "TestCode0001", c.region, c.lang)
		fmt.Fprintf(&b, "== %s %s\nlink: %s\ntitle: %s\ntagline: %s\nscan: %s\n", c.region, c.lang, p.Link, p.Title, p.Tagline, p.Scan)
		for _, l := range p.Contacts {
			fmt.Fprintf(&b, "contact: %s\n", l)
		}
		fmt.Fprintf(&b, "promise: %s\nrtl: %v\n\n", p.Promise, p.RTL)
		if !poster.Covers(p.Title + p.Tagline + p.Scan + p.Promise + strings.Join(p.Contacts, "")) {
			t.Errorf("%s %s: the poster's fonts cannot draw its text", c.region, c.lang)
		}
		if _, err := school.PNG(lib, dir, "lantern_test_bot", "TestCode0001", c.region, c.lang); err != nil {
			t.Errorf("%s %s: %v", c.region, c.lang, err)
		}
	}
	golden := filepath.Join("testdata", "posters.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/school -update)", err)
	}
	if b.String() != string(want) {
		t.Errorf("poster text changed; run go test ./internal/school -update and read the diff")
	}
}
