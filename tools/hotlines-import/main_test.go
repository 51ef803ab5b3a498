package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/lantern-help/lantern/internal/content"
)

// The reference list lives outside the repository (../shared/reference from the root);
// the project's own list is in the repository.
const (
	refCSV     = "../../../shared/reference/hotlines.csv"
	projectCSV = "../../content/hotlines/sources/prevention.csv"
)

// bothCSVs are the lists the importer reads by default, in its order.
var bothCSVs = []string{refCSV, projectCSV}

func needCSV(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(refCSV); err != nil {
		t.Skipf("reference list not available: %v", err)
	}
}

func readDir(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(p)] = data
	}
	return out
}

func TestRunIsDeterministic(t *testing.T) {
	needCSV(t)
	a, b := t.TempDir(), t.TempDir()
	if err := run(bothCSVs, a); err != nil {
		t.Fatal(err)
	}
	if err := run(bothCSVs, b); err != nil {
		t.Fatal(err)
	}
	first, second := readDir(t, a), readDir(t, b)
	if len(first) == 0 {
		t.Fatal("no files written")
	}
	if !reflect.DeepEqual(first, second) {
		t.Fatal("two runs gave different files")
	}
	// Running again over its own output changes nothing either.
	if err := run(bothCSVs, a); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(first, readDir(t, a)) {
		t.Fatal("a re-run over the same folder changed the files")
	}
	if _, ok := first["ZZ.yaml"]; !ok {
		t.Error("no ZZ.yaml")
	}
	for name, data := range first {
		if !bytes.HasPrefix(data, []byte(header)) {
			t.Errorf("%s does not start with the generated header", name)
		}
	}
}

// The files in content/hotlines are exactly what the importer makes of the CSV: nobody
// edited them by hand.
func TestCommittedFilesAreUpToDate(t *testing.T) {
	needCSV(t)
	dir := t.TempDir()
	if err := importCSV(bothCSVs, dir, io.Discard); err != nil {
		t.Fatal(err)
	}
	want := readDir(t, dir)
	got := readDir(t, "../../content/hotlines")
	for name, data := range want {
		if !bytes.Equal(got[name], data) {
			t.Errorf("content/hotlines/%s differs from the importer's output; re-run go run ./tools/hotlines-import", name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("content/hotlines/%s is not made by the importer", name)
		}
	}
}

// Every fact in the output is the CSV's, character for character.
func TestFactsAreCopiedVerbatim(t *testing.T) {
	needCSV(t)
	dir := t.TempDir()
	if err := importCSV(bothCSVs, dir, io.Discard); err != nil {
		t.Fatal(err)
	}
	countries := map[string]*content.Country{}
	for name, data := range readDir(t, dir) {
		var c content.Country
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&c); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		countries[c.Code] = &c
	}

	// Each country's rows: the reference list's, then the project list's, in CSV order.
	var recs [][]string
	for _, p := range bothCSVs {
		recs = append(recs, readCSV(t, p)[1:]...)
	}
	next := map[string]int{}
	skipped, total := 0, 0
	for _, r := range recs {
		if r[4] == "" && r[5] == "" && r[6] == "" && r[7] == "" {
			skipped++
			continue
		}
		c := countries[r[0]]
		if c == nil {
			t.Fatalf("no file for %s", r[0])
		}
		i := next[r[0]]
		next[r[0]]++
		if i >= len(c.Contacts) {
			t.Fatalf("%s: fewer contacts than rows", r[0])
		}
		got := c.Contacts[i]
		total++
		if c.Name != r[1] {
			t.Errorf("%s: name %q, want %q", r[0], c.Name, r[1])
		}
		for _, f := range []struct{ field, got, want string }{
			{"kind", got.Kind, r[2]}, {"name", got.Name, r[3]}, {"phone", got.Phone, r[4]},
			{"web", got.Web, r[6]}, {"chat", got.Chat, r[7]},
			{"quote", got.Quote, r[12]}, {"checked", got.Checked, r[13]},
			{"confidence", got.Confidence, r[14]},
		} {
			if f.got != f.want {
				t.Errorf("%s %q: %s = %q, want %q", r[0], r[3], f.field, f.got, f.want)
			}
		}
		// SMS and hours as the CSV has them, or shown without a research remark, the CSV's
		// value then in the note word for word, and no number added.
		for _, f := range []struct{ field, label, got, want string }{
			{"sms", "SMS", got.SMS, r[5]}, {"hours", "Hours", got.Hours, r[9]},
		} {
			if f.got == f.want {
				continue
			}
			if !strings.Contains(got.Note, fmt.Sprintf("%s as listed: %q.", f.label, f.want)) {
				t.Errorf("%s %q: %s = %q, want %q or the CSV's value in the note", r[0], r[3], f.field, f.got, f.want)
			}
			for _, n := range digitRuns(f.got) {
				if !contains(digitRuns(f.want), n) {
					t.Errorf("%s %q: %s %q has %s, which %q lacks", r[0], r[3], f.field, f.got, n, f.want)
				}
			}
		}
		wantLangs := []string{}
		for _, l := range strings.Split(r[8], ";") {
			if l = strings.TrimSpace(l); l != "" {
				wantLangs = append(wantLangs, l)
			}
		}
		if !reflect.DeepEqual(got.Languages, wantLangs) {
			t.Errorf("%s %q: languages %q, want %q", r[0], r[3], got.Languages, wantLangs)
		}
		// Sources: every URL, unchanged and in order; the rest of the field is the note.
		rest := r[11]
		for _, u := range got.Sources {
			i := strings.Index(rest, u)
			if i < 0 {
				t.Errorf("%s %q: source %q is not in %q", r[0], r[3], u, r[11])
				break
			}
			rest = rest[i+len(u):]
		}
		if len(got.Sources) == 0 {
			t.Errorf("%s %q: no sources", r[0], r[3])
		}
		for _, piece := range strings.Split(got.SourceNote, "; ") {
			if piece != "" && !strings.Contains(r[11], "("+piece+")") {
				t.Errorf("%s %q: source_note %q is not from %q", r[0], r[3], piece, r[11])
			}
		}
		wantAud := r[10]
		if strings.Contains(r[3], "StopNCII") {
			wantAud = "adult"
		}
		if got.Audience != wantAud {
			t.Errorf("%s %q: audience %q, want %q", r[0], r[3], got.Audience, wantAud)
		}
	}
	if skipped != 1 {
		t.Errorf("%d rows skipped, want 1 (AU ACCCE)", skipped)
	}
	for code, c := range countries {
		if next[code] != len(c.Contacts) {
			t.Errorf("%s: %d contacts, %d rows", code, len(c.Contacts), next[code])
		}
	}
	if total != len(recs)-skipped {
		t.Errorf("%d contacts, want %d", total, len(recs)-skipped)
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return recs
}

// The project's list holds prevention contacts only, the reference list none: each kind
// has one owner, and the project list never shadows a checked reference row.
func TestProjectListIsPreventionOnly(t *testing.T) {
	needCSV(t)
	proj := readCSV(t, projectCSV)
	if strings.Join(proj[0], ",") != strings.Join(columns, ",") {
		t.Fatalf("%s header %q, want the reference list's columns %q", projectCSV, proj[0], columns)
	}
	if len(proj) < 2 {
		t.Fatal("the project list has no rows")
	}
	for i, r := range proj[1:] {
		if r[2] != content.KindPrevention {
			t.Errorf("%s line %d: kind %q, want prevention", projectCSV, i+2, r[2])
		}
	}
	for i, r := range readCSV(t, refCSV)[1:] {
		if r[2] == content.KindPrevention {
			t.Errorf("%s line %d: a prevention row in the reference list", refCSV, i+2)
		}
	}
}

// testInput is one nameless CSV for parse.
func testInput(s string) []input { return []input{{r: strings.NewReader(s)}} }

func writeCSV(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(testHeader+body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// The project list is merged into the reference list per country: its rows come after
// the country's reference rows, new countries get a file, and the result is the same
// however often it runs.
func TestMergeProjectList(t *testing.T) {
	src := t.TempDir()
	ref := writeCSV(t, src, "ref.csv",
		"XB,Bland,crisis,B Line,0800 2222,,,,,,all,https://b.example/,quote b,2026-01-01,primary\n"+
			"XA,Testland,crisis,A Line,0800 1111,,,,,,all,https://a.example/,quote a,2026-01-01,primary\n"+
			"ZZ,Global,crisis,Directory,,,https://z.example/,,,,all,https://z.example/,quote z,2026-01-01,primary\n")
	proj := writeCSV(t, src, "proj.csv",
		"XC,Clandia,prevention,C Stop,,,https://c.example/,,,,all,https://c.example/src,quote c,2026-01-01,primary\n"+
			"XA,Testland,prevention,A Stop,0800 3333,,,,,,all,https://a.example/stop,quote a2,2026-01-01,secondary\n"+
			"ZZ,Global,prevention,Anywhere Help,,,https://zz.example/,,,,all,https://zz.example/,quote zz,2026-01-01,primary\n")

	out1, out2 := t.TempDir(), t.TempDir()
	for _, out := range []string{out1, out2, out1} {
		if err := importWith([]string{ref, proj}, out, io.Discard, nil); err != nil {
			t.Fatal(err)
		}
	}
	first := readDir(t, out1)
	if !reflect.DeepEqual(first, readDir(t, out2)) {
		t.Fatal("two runs gave different files")
	}
	if want := []string{"XA.yaml", "XB.yaml", "XC.yaml", "ZZ.yaml"}; !reflect.DeepEqual(keys(first), want) {
		t.Fatalf("files %v, want %v", keys(first), want)
	}
	decode := func(name string) content.Country {
		var c content.Country
		dec := yaml.NewDecoder(bytes.NewReader(first[name]))
		dec.KnownFields(true)
		if err := dec.Decode(&c); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return c
	}
	kindsNames := func(c content.Country) []string {
		var out []string
		for _, ct := range c.Contacts {
			out = append(out, ct.Kind+":"+ct.Name)
		}
		return out
	}
	if got, want := kindsNames(decode("XA.yaml")), []string{"crisis:A Line", "prevention:A Stop"}; !reflect.DeepEqual(got, want) {
		t.Errorf("XA contacts %q, want %q", got, want)
	}
	if got, want := kindsNames(decode("ZZ.yaml")), []string{"crisis:Directory", "prevention:Anywhere Help"}; !reflect.DeepEqual(got, want) {
		t.Errorf("ZZ contacts %q, want %q", got, want)
	}
	xc := decode("XC.yaml")
	if xc.Name != "Clandia" || !reflect.DeepEqual(kindsNames(xc), []string{"prevention:C Stop"}) {
		t.Errorf("XC = %+v", xc)
	}
	// Facts from the project list are copied as they are; its secondary rows get the note.
	if a := decode("XA.yaml").Contacts[1]; a.Phone != "0800 3333" || a.Quote != "quote a2" ||
		!reflect.DeepEqual(a.Sources, []string{"https://a.example/stop"}) || a.Note != secondaryNote {
		t.Errorf("XA prevention row = %+v", a)
	}

	// The order of the inputs decides the order within a country.
	swapped := t.TempDir()
	if err := importWith([]string{proj, ref}, swapped, io.Discard, nil); err != nil {
		t.Fatal(err)
	}
	var sw content.Country
	if err := yaml.Unmarshal(readDir(t, swapped)["XA.yaml"], &sw); err != nil {
		t.Fatal(err)
	}
	if got, want := kindsNames(sw), []string{"prevention:A Stop", "crisis:A Line"}; !reflect.DeepEqual(got, want) {
		t.Errorf("swapped inputs: XA contacts %q, want %q", got, want)
	}

	// A country named differently in the two lists, or a contact repeated, is an error
	// that names the project list.
	for name, body := range map[string]string{
		"country name": "XA,Testlandia,prevention,A Stop,0800 3333,,,,,,all,https://a.example/,q,2026-01-01,primary\n",
		"repeated row": "XA,Testland,crisis,a  line,0800 1111,,,,,,all,https://a.example/,q,2026-01-01,primary\n",
		"repeated within the project list": "XA,Testland,prevention,A Stop,0800 3333,,,,,,all,https://a.example/,q,2026-01-01,primary\n" +
			"XA,Testland,prevention,A  stop,0800 3333,,,,,,all,https://a.example/,q,2026-01-01,primary\n",
	} {
		bad := writeCSV(t, src, "bad.csv", body)
		err := importWith([]string{ref, bad}, t.TempDir(), io.Discard, nil)
		line := "bad.csv line 2"
		if strings.Count(body, "\n") == 2 {
			line = "bad.csv line 3"
		}
		if err == nil || !strings.Contains(err.Error(), line) {
			t.Errorf("%s: error %v, want one naming %s", name, err, line)
		}
	}
	// A bad header in the project list is caught too.
	bad := filepath.Join(src, "badhead.csv")
	if err := os.WriteFile(bad, []byte(strings.Replace(testHeader, "phone", "tel", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := importWith([]string{ref, bad}, t.TempDir(), io.Discard, nil); err == nil || !strings.Contains(err.Error(), "badhead.csv") {
		t.Errorf("bad project header: error %v", err)
	}
}

func keys(m map[string][]byte) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestSplitSources(t *testing.T) {
	tests := []struct {
		in      string
		sources []string
		note    string
	}{
		{"https://a.example/x", []string{"https://a.example/x"}, ""},
		{"http://a.example/x ; https://b.example/y?q=1&p=2", []string{"http://a.example/x", "https://b.example/y?q=1&p=2"}, ""},
		{"https://github.com/o/r/blob/c/f.json (scrape of findahelpline.com, ~2023)",
			[]string{"https://github.com/o/r/blob/c/f.json"}, "scrape of findahelpline.com, ~2023"},
		{"https://a.example/ (read via proxy copy)", []string{"https://a.example/"}, "read via proxy copy"},
		{`https://a.example/ (snapshot of Wikipedia "List", ~July 2021) ; https://b.example/ (citing European Commission, 2009)`,
			[]string{"https://a.example/", "https://b.example/"}, `snapshot of Wikipedia "List", ~July 2021; citing European Commission, 2009`},
		{"https://cyberaide.ca./en/report/taking-action", []string{"https://cyberaide.ca./en/report/taking-action"}, ""},
	}
	for _, tt := range tests {
		sources, note, err := splitSources(tt.in)
		if err != nil {
			t.Errorf("splitSources(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(sources, tt.sources) || note != tt.note {
			t.Errorf("splitSources(%q) = %q, %q; want %q, %q", tt.in, sources, note, tt.sources, tt.note)
		}
	}
	if _, _, err := splitSources("no url here"); err == nil {
		t.Error("splitSources without a URL: no error")
	}
}

const testHeader = "country_iso2,country_name,kind,name,phone,sms,web,chat,languages,hours,audience,source_url,source_quote,checked,confidence\n"

func TestParseSkipsUnreachableRowsAndRejectsBadOnes(t *testing.T) {
	good := "XA,Testland,crisis,Line,0800 1111,,,,A; B ,,all,https://x.example/,quote,2026-01-01,primary\n"
	empty := "XA,Testland,police_online,Nothing,,,,,,,all,https://x.example/,quote,2026-01-01,primary\n"
	var log bytes.Buffer
	got, err := parse(testInput(testHeader+good+empty), &log, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || len(got[0].Contacts) != 1 || !reflect.DeepEqual(got[0].Contacts[0].Languages, []string{"A", "B"}) {
		t.Fatalf("parse = %+v", got)
	}
	if !strings.Contains(log.String(), "skip line 3") || !strings.Contains(log.String(), "Nothing") {
		t.Errorf("skip not reported: %q", log.String())
	}

	for name, bad := range map[string]string{
		"kind":       strings.Replace(good, "crisis", "crysis", 1),
		"audience":   strings.Replace(good, ",all,", ",kids,", 1),
		"date":       strings.Replace(good, "2026-01-01", "2026-13-01", 1),
		"confidence": strings.Replace(good, "primary", "sure", 1),
		"code":       strings.Replace(good, "XA,", "xa,", 1),
		"source":     strings.Replace(good, "https://x.example/", "x.example", 1),
		"web":        strings.Replace(good, "0800 1111,,,", "0800 1111,,www.x.example,", 1),
		"name":       good + "XA,Otherland,crisis,Line,0800 1111,,,,,,all,https://x.example/,quote,2026-01-01,primary\n",
	} {
		if _, err := parse(testInput(testHeader+bad), &log, nil); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	rules := []rule{{country: "XA", kind: "crisis", nameHas: "Line", audience: "adult", note: "n."}}
	got, err = parse(testInput(testHeader+good), &log, rules)
	if err != nil || got[0].Contacts[0].Audience != "adult" || got[0].Contacts[0].Note != "n." {
		t.Errorf("rule not applied: %+v, %v", got, err)
	}
	if _, err := parse(testInput(testHeader+good+good), &log, rules); err == nil {
		t.Error("a rule matching two rows: no error")
	}
	if _, err := parse(testInput(strings.Replace(testHeader, "phone", "tel", 1)+good), &log, nil); err == nil {
		t.Error("wrong header: no error")
	}
}

func TestWriteRemovesOnlyItsOwnStaleFiles(t *testing.T) {
	dir := t.TempDir()
	stale := filepath.Join(dir, "XX.yaml")
	older := filepath.Join(dir, "XW.yaml") // written under the header of the reference list alone
	mine := filepath.Join(dir, "YY.yaml")
	if err := os.WriteFile(stale, []byte(header+"country: XX\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	oldHeader := "# Generated from shared/reference/hotlines.csv by tools/hotlines-import. " +
		"Re-check every fact at its source before editing; then change the CSV and re-run, not this file.\n"
	if err := os.WriteFile(older, []byte(oldHeader+"country: XW\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(mine, []byte("country: YY\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	if err := write([]*content.Country{{Code: "XA", Name: "Testland"}}, dir, &log); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Error("stale generated file not removed")
	}
	if _, err := os.Stat(older); !os.IsNotExist(err) {
		t.Error("stale file under the older header not removed")
	}
	if _, err := os.Stat(mine); err != nil {
		t.Error("hand-written file removed")
	}
	if _, err := os.Stat(filepath.Join(dir, "XA.yaml")); err != nil {
		t.Error("XA.yaml not written")
	}
}

// A shown SMS may drop a remark, never bring a number of its own.
func TestShownKeepsTheNumbers(t *testing.T) {
	c := content.Contact{SMS: "116 111 (text, per 2020 source); older sources list SMS 417 16 111", Hours: "24/7 (2020 source)"}
	if err := (shown{sms: "116 111", hours: unknownHours}).apply(&c); err != nil {
		t.Fatal(err)
	}
	if c.SMS != "116 111" || c.Hours != "" || !strings.Contains(c.Note, `SMS as listed: "116 111 (text, per 2020 source); older sources list SMS 417 16 111".`) {
		t.Errorf("shown: %+v", c)
	}
	for _, sms := range []string{"116 112", "Text HELP to 116111 or 999"} {
		c := content.Contact{SMS: "116 111 (as listed)"}
		if err := (shown{sms: sms}).apply(&c); err == nil {
			t.Errorf("shown SMS %q for %q: no error", sms, "116 111 (as listed)")
		}
	}
}
