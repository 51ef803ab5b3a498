package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/lantern-help/lantern/internal/qrtest"
	"github.com/lantern-help/lantern/internal/store"
)

// A school code from the command line: its links, a poster whose QR reads back the student
// link, a student counted under it, and stats that show no small number.
func TestSchoolCodePosterAndStats(t *testing.T) {
	env := tempEnv(t)
	env["LANTERN_BOT_USERNAME"] = "lantern_test_bot"
	code, out, errs := lantern(t, env, "", "school", "new", "--region", "GB", "--lang", "en", "--name", "Test Academy")
	if code != 0 {
		t.Fatalf("school new: exit %d: %s", code, errs)
	}
	m := regexp.MustCompile(`code:\s+(\S+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no code in:\n%s", out)
	}
	sc := m[1]
	student := "https://t.me/lantern_test_bot?start=t-GB-en-" + sc
	for _, want := range []string{student, "https://t.me/lantern_test_bot?start=p-GB-en-" + sc, "You won't be in trouble"} {
		if !strings.Contains(out, want) {
			t.Errorf("school new output lacks %q:\n%s", want, out)
		}
	}

	dir := t.TempDir()
	png := filepath.Join(dir, "poster.png")
	if code, _, errs := lantern(t, env, "", "school", "poster", sc, "-o", png); code != 0 {
		t.Fatalf("school poster: exit %d: %s", code, errs)
	}
	if got := readQR(t, png); got != student {
		t.Fatalf("poster QR = %q, want %q", got, student)
	}
	pdf := filepath.Join(dir, "poster.pdf")
	if code, _, errs := lantern(t, env, "", "school", "poster", sc, "-o", pdf); code != 0 {
		t.Fatalf("school poster pdf: exit %d: %s", code, errs)
	}
	if b, _ := os.ReadFile(pdf); !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatal("the .pdf poster is not a PDF")
	}

	// A student opens the link and writes; a made-up code is not counted.
	for _, start := range []string{"/start t-GB-en-" + sc, "/start t-GB-en-MadeUpCode99"} {
		if code, _, errs := lantern(t, env, start+"\nhe says he'll post my nudes unless i pay\n", "chat"); code != 0 {
			t.Fatal(errs)
		}
	}
	db, err := store.Open(env["LANTERN_DB"])
	if err != nil {
		t.Fatal(err)
	}
	rows, err := db.Stats(context.Background(), store.StatsFilter{})
	if err != nil {
		t.Fatal(err)
	}
	byEvent := map[string]int64{}
	for _, r := range rows {
		if r.School == "MadeUpCode99" {
			t.Errorf("counted under a made-up code: %+v", r)
		}
		if r.School == sc {
			byEvent[r.Event] += r.N
		}
	}
	if byEvent["started"] != 1 || byEvent["path:sextortion"] != 1 || byEvent["contacts:emergency"] == 0 {
		t.Fatalf("student's counts under the code = %v", byEvent)
	}
	// More use, so that some cells pass the threshold.
	var more []store.Count
	for range 14 {
		more = append(more, store.Count{Region: "GB", Audience: "teen", School: sc, Event: "started"})
	}
	for range 3 {
		more = append(more, store.Count{Region: "GB", Audience: "parent", School: sc, Event: "started"})
	}
	if err := db.AddCounts(context.Background(), more); err != nil {
		t.Fatal(err)
	}
	db.Close()

	// /forget erases the chat but no count: counts hold no one's data.
	if code, _, errs := lantern(t, env, "/forget\n", "chat"); code != 0 {
		t.Fatal(errs)
	}
	code, out, errs = lantern(t, env, "", "stats", "--school", sc, "--by", "audience", "--format", "json")
	if code != 0 {
		t.Fatalf("stats: exit %d: %s", code, errs)
	}
	var rep struct {
		Cells []map[string]string `json:"cells"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("stats json: %v\n%s", err, out)
	}
	seenTeen := false
	for _, c := range rep.Cells {
		for k := range c {
			if k != "audience" && k != "event" && k != "count" {
				t.Errorf("stats show a field %q: %v", k, c)
			}
		}
		if c["count"] != "<10" && len(c["count"]) < 2 {
			t.Errorf("a count under 10 is shown: %v", c)
		}
		if c["audience"] == "teen" && c["event"] == "started" {
			seenTeen = true
			if c["count"] != "15" {
				t.Errorf("teen starts = %s, want 15 (1 chat + 14 added; /forget removes no count)", c["count"])
			}
		}
		if c["audience"] == "parent" {
			t.Errorf("a cell of 3 parents is shown on its own: %v", c)
		}
	}
	if !seenTeen {
		t.Errorf("no teen 'started' cell in %s", out)
	}
	for _, format := range []string{"table", "csv"} {
		if code, out, errs := lantern(t, env, "", "stats", "--format", format); code != 0 || !strings.Contains(out, "started") {
			t.Errorf("stats --format %s: exit %d: %s%s", format, code, out, errs)
		}
	}

	code, out, _ = lantern(t, env, "", "school", "list")
	if code != 0 || !strings.Contains(out, sc) || !strings.Contains(out, "operator") || !strings.Contains(out, "Test Academy") {
		t.Fatalf("school list: exit %d:\n%s", code, out)
	}
	if code, _, errs := lantern(t, env, "", "school", "retire", sc); code != 0 {
		t.Fatalf("retire: %s", errs)
	}
	if code, _, _ := lantern(t, env, "", "school", "retire", sc); code == 0 {
		t.Error("retiring a retired code succeeded")
	}
	if code, _, _ := lantern(t, env, "", "purge"); code != 0 {
		t.Error("purge failed")
	}
}

func TestSchoolErrors(t *testing.T) {
	env := tempEnv(t)
	for _, args := range [][]string{
		{"school", "new", "--region", "GB", "--lang", "en"}, // no bot username
		{"school", "new", "--region", "XX1", "--lang", "en", "--bot", "lantern_test_bot"},
		{"school", "new", "--region", "GB", "--lang", "tlh", "--bot", "lantern_test_bot"},
		{"school", "poster", "NoSuchCode", "-o", filepath.Join(t.TempDir(), "p.png"), "--bot", "lantern_test_bot"},
		{"school", "poster", "-o", "p.png"},
		{"stats", "--since", "yesterday"},
		{"stats", "--format", "xml"},
		{"stats", "--by", "name"},
	} {
		code, _, errs := lantern(t, env, "", args...)
		if code == 0 || errs == "" {
			t.Errorf("%v: exit %d, stderr %q; want a clear error", args, code, errs)
		}
	}
	if code, _, _ := lantern(t, env, "", "school"); code != 2 {
		t.Errorf("bare school: exit %d, want 2", code)
	}
}

func readQR(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text, err := qrtest.ReadImage(b)
	if err != nil {
		t.Fatal(err)
	}
	return text
}
