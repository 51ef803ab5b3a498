package console_test

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	contentfs "github.com/lantern-help/lantern/content"
	"github.com/lantern-help/lantern/internal/console"
	"github.com/lantern-help/lantern/internal/content"
	"github.com/lantern-help/lantern/internal/dialog"
	"github.com/lantern-help/lantern/internal/hotline"
	"github.com/lantern-help/lantern/internal/safetytest"
	"github.com/lantern-help/lantern/internal/store"
	"github.com/lantern-help/lantern/internal/turn"
)

var update = flag.Bool("update", false, "rewrite the golden transcripts in testdata")

// TestTranscripts plays every testdata/*.in conversation through the real engine, rules and
// SQLite store, and compares what the person would read with testdata/*.golden.
//
// An .in file starts with optional settings ("# audience: teen", "# region: GB",
// "# lang: en", "# welcome: yes", "# bot: lantern_test_bot", "# posters: yes"), then one line per thing the person types or presses.
func TestTranscripts(t *testing.T) {
	lib, err := content.Load(contentfs.FS, "embedded")
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("testdata/*.in")
	if err != nil || len(files) == 0 {
		t.Fatalf("no transcripts found: %v", err)
	}
	for _, in := range files {
		name := strings.TrimSuffix(filepath.Base(in), ".in")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			opt, body := parseScript(t, string(src))
			r := runner(t, lib)
			var out bytes.Buffer
			if err := console.Run(context.Background(), r, strings.NewReader(body), &out, opt); err != nil {
				t.Fatal(err)
			}
			golden := strings.TrimSuffix(in, ".in") + ".golden"
			if *update {
				if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run: go test ./internal/console -update)", err)
			}
			if got := out.String(); got != string(want) {
				t.Errorf("transcript %s changed; if the change is intended, run go test ./internal/console -update and read the diff.\n%s",
					name, firstDiff(string(want), got))
			}
		})
	}
}

func parseScript(t *testing.T, src string) (console.Options, string) {
	t.Helper()
	opt := console.Options{Echo: true}
	var body strings.Builder
	sc := bufio.NewScanner(strings.NewReader(src))
	for sc.Scan() {
		line := sc.Text()
		if k, v, ok := strings.Cut(strings.TrimPrefix(line, "#"), ":"); strings.HasPrefix(line, "#") && ok {
			v = strings.TrimSpace(v)
			switch strings.TrimSpace(k) {
			case "audience":
				opt.Preset.Audience = v
			case "region":
				opt.Preset.Region = v
			case "lang":
				opt.Preset.Lang = v
			case "welcome":
				opt.Welcome = v == "yes"
			case "bot":
				opt.Bot = v
			case "posters":
				if v == "yes" {
					opt.PosterDir = t.TempDir()
				}
			default:
				t.Fatalf("unknown setting %q", k)
			}
			continue
		}
		body.WriteString(line + "\n")
	}
	return opt, body.String()
}

func runner(t *testing.T, lib *content.Library) *turn.Runner {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "lantern.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	keyer, err := store.NewKeyer(bytes.Repeat([]byte("t"), 32))
	if err != nil {
		t.Fatal(err)
	}
	// Days written (a school code's "made" date) are the same every run.
	db.Now = func() time.Time { return time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC) }
	n := 0
	return &turn.Runner{
		Engine:   dialog.New(lib, hotline.New(lib.Countries)),
		Assessor: safetytest.Rules(),
		Store:    db,
		Keyer:    keyer,
		// School codes are random in use; a transcript needs the same ones every run.
		NewCode: func() (string, error) { n++; return fmt.Sprintf("TestCode%04d", n), nil },
	}
}

// firstDiff shows the first line that differs, with a little context.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n  want: %s\n  got:  %s", i+1, wl, gl)
		}
	}
	return "(no line differs)"
}

// TestLocaleTranscripts: in every locale, a sextortion message and a crisis message written
// in that language (with no language chosen) are answered in that language with the
// scripted help: the first sextortion message and the first crisis message.
func TestLocaleTranscripts(t *testing.T) {
	lib, err := content.Load(contentfs.FS, "embedded")
	if err != nil {
		t.Fatal(err)
	}
	first := func(node string) string {
		for _, m := range lib.Node(node).Say {
			if m.Text != "" {
				return m.Text
			}
		}
		return ""
	}
	sx, crisis := first(content.RouteFor(lib.Flow, "sextortion", "teen")), first(lib.Flow.Crisis)
	for _, lang := range lib.Langs() {
		if lang == content.DefaultLang {
			continue
		}
		golden, err := os.ReadFile("testdata/locale_" + lang + ".golden")
		if err != nil {
			t.Errorf("%s: no transcript (add testdata/locale_%s.in): %v", lang, lang, err)
			continue
		}
		for _, key := range []string{sx, crisis} {
			want := strings.SplitN(lib.Text(lang, key), "\n", 2)[0]
			if !strings.Contains(string(golden), want) {
				t.Errorf("%s: the transcript lacks %s in %s: %q", lang, key, lang, want)
			}
		}
	}
}
