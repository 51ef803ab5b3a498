// Command hotlines-import turns the checked reference list (shared/reference/hotlines.csv)
// and the project's own list (content/hotlines/sources/prevention.csv, same columns) into
// content/hotlines/<CC>.yaml, one file per country, ZZ included.
//
// The two lists are merged per country: a country's file holds the reference list's rows
// first, then the project list's, each in CSV order; countries are sorted by code. A
// country in both lists must have the same name in both, and the project list may not
// repeat a contact (same country, kind and name) of the reference list.
//
// Every number, URL and quote is copied from the CSV as it is; the importer never
// rewrites one. It only splits fields (languages, sources), adds operator notes for the
// rows the research notes mark as shaky, marks StopNCII as adults-only, and skips rows
// that give no way to reach the service (reported on stderr).
//
// Usage, from the repository root:
//
//	go run ./tools/hotlines-import [-csv ../shared/reference/hotlines.csv]
//		[-project content/hotlines/sources/prevention.csv] [-out content/hotlines]
//
// -project "" imports the reference list alone.
//
// When a flag is left out its default is taken from the repository root (the folder
// holding go.mod); a path given on the command line is taken from the current folder.
// The output is deterministic: running it twice gives identical files.
package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/lantern-help/lantern/internal/content"
)

// header is the first line of every generated file.
const header = "# Generated from shared/reference/hotlines.csv and content/hotlines/sources/prevention.csv " +
	"by tools/hotlines-import. Re-check every fact at its source before editing; then change the CSV and re-run, not this file.\n"

// generated reports whether a file was written by this tool (with this header or an
// earlier one naming other sources), so that a stale one may be removed.
func generated(data []byte) bool {
	first, _, _ := bytes.Cut(data, []byte("\n"))
	return bytes.HasPrefix(first, []byte("# Generated from ")) && bytes.Contains(first, []byte(" by tools/hotlines-import."))
}

// columns is the exact header the CSV must have.
var columns = []string{"country_iso2", "country_name", "kind", "name", "phone", "sms", "web",
	"chat", "languages", "hours", "audience", "source_url", "source_quote", "checked", "confidence"}

func main() {
	csvPath := flag.String("csv", "../shared/reference/hotlines.csv", "the shared reference CSV")
	projectPath := flag.String("project", "content/hotlines/sources/prevention.csv",
		"the project's own CSV (same columns), merged in after the reference list; empty for none")
	outDir := flag.String("out", "content/hotlines", "folder to write <CC>.yaml into")
	flag.Parse()

	set := map[string]bool{}
	flag.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if !set["csv"] || !set["project"] || !set["out"] {
		root, err := repoRoot()
		if err != nil {
			fmt.Fprintln(os.Stderr, "hotlines-import:", err)
			os.Exit(1)
		}
		if !set["csv"] {
			*csvPath = filepath.Join(root, *csvPath)
		}
		if !set["project"] {
			*projectPath = filepath.Join(root, *projectPath)
		}
		if !set["out"] {
			*outDir = filepath.Join(root, *outDir)
		}
	}
	paths := []string{*csvPath}
	if *projectPath != "" {
		paths = append(paths, *projectPath)
	}
	if err := run(paths, *outDir); err != nil {
		fmt.Fprintln(os.Stderr, "hotlines-import:", err)
		os.Exit(1)
	}
}

// run imports the CSVs at paths (the reference list first) into outDir, reporting
// skipped rows on stderr.
func run(paths []string, outDir string) error {
	return importCSV(paths, outDir, os.Stderr)
}

// importCSV reads the CSVs, builds every country and writes its file; skipped rows and
// removed stale files are reported on log.
func importCSV(paths []string, outDir string, log io.Writer) error {
	return importWith(paths, outDir, log, rules)
}

// importWith is importCSV with the given note rules.
func importWith(paths []string, outDir string, log io.Writer, rules []rule) error {
	var inputs []input
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return fmt.Errorf("open hotline list: %w", err)
		}
		defer f.Close()
		inputs = append(inputs, input{name: p, r: f})
	}
	countries, err := parse(inputs, log, rules)
	if err != nil {
		return err
	}
	return write(countries, outDir, log)
}

// input is one CSV to read, with the name its errors are reported under.
type input struct {
	name string
	r    io.Reader
}

// row is one CSV row turned into a contact, with where it came from.
type row struct {
	file    string
	line    int
	country string
	contact content.Contact
}

// where names a row in messages: "file line N", or "line N" for a nameless input.
func (rw *row) where() string {
	if rw.file == "" {
		return fmt.Sprintf("line %d", rw.line)
	}
	return fmt.Sprintf("%s line %d", rw.file, rw.line)
}

// parse reads and checks the CSVs in order, applies the rules to all their rows
// together, and returns the countries, sorted by code, with their contacts in input
// order (the first CSV's rows, then the next one's, each in CSV order).
func parse(inputs []input, log io.Writer, rules []rule) ([]*content.Country, error) {
	byCode := map[string]*content.Country{}
	var rows []*row
	for i, in := range inputs {
		got, err := parseOne(in, log)
		if err != nil {
			if in.name != "" {
				return nil, fmt.Errorf("%s: %w", in.name, err)
			}
			return nil, err
		}
		for _, rw := range got {
			country, ok := byCode[rw.country]
			if !ok {
				country = &content.Country{Code: rw.country, Name: rw.countryName}
				byCode[rw.country] = country
			} else if country.Name != rw.countryName {
				return nil, fmt.Errorf("%s: country %s is named %q here and %q before", rw.where(), rw.country, rw.countryName, country.Name)
			}
			if i > 0 {
				for _, old := range rows {
					if old.country == rw.country && old.contact.Kind == rw.contact.Kind && nameKey(old.contact.Name) == nameKey(rw.contact.Name) {
						return nil, fmt.Errorf("%s: %s %s %q is already in %s", rw.where(), rw.country, rw.contact.Kind, rw.contact.Name, old.where())
					}
				}
			}
			rows = append(rows, &rw.row)
		}
	}
	if err := applyRules(rows, rules); err != nil {
		return nil, err
	}
	for _, rw := range rows {
		byCode[rw.country].Contacts = append(byCode[rw.country].Contacts, rw.contact)
	}

	codes := make([]string, 0, len(byCode))
	for code := range byCode {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	out := make([]*content.Country, 0, len(codes))
	for _, code := range codes {
		out = append(out, byCode[code])
	}
	return out, nil
}

// namedRow is a row with its country's name as the CSV gives it.
type namedRow struct {
	row
	countryName string
}

// parseOne reads and checks one CSV; rows nobody could use are reported on log and left out.
func parseOne(in input, log io.Writer) ([]*namedRow, error) {
	cr := csv.NewReader(in.r)
	cr.FieldsPerRecord = len(columns)
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("read header: %w", err)
	}
	head[0] = strings.TrimPrefix(head[0], "\ufeff")
	if strings.Join(head, ",") != strings.Join(columns, ",") {
		return nil, fmt.Errorf("unexpected header %q, want %q", head, columns)
	}
	var out []*namedRow
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read row: %w", err)
		}
		line, _ := cr.FieldPos(0)
		rw, err := convert(rec, line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		rw.file = in.name
		c := rw.contact
		if c.Phone == "" && c.SMS == "" && c.Web == "" && c.Chat == "" {
			fmt.Fprintf(log, "skip %s: %s %s %q: no phone, sms, web or chat, so nobody could use it\n",
				rw.where(), rw.country, c.Kind, c.Name)
			continue
		}
		out = append(out, &namedRow{row: *rw, countryName: rec[1]})
	}
	return out, nil
}

// nameKey compares contact names ignoring case and runs of spaces.
func nameKey(name string) string { return strings.ToLower(strings.Join(strings.Fields(name), " ")) }

var (
	codeRE = regexp.MustCompile(`^[A-Z]{2}$`)
	urlRE  = regexp.MustCompile(`https?://\S+`)
	webRE  = regexp.MustCompile(`^https?://\S+$`)
)

// convert checks one record and maps it to a contact, copying every fact verbatim.
func convert(rec []string, line int) (*row, error) {
	get := func(i int) string { return rec[i] } // verbatim: facts are never touched
	rw := &row{line: line, country: get(0)}
	c := content.Contact{
		Kind:       get(2),
		Name:       get(3),
		Phone:      get(4),
		SMS:        get(5),
		Web:        get(6),
		Chat:       get(7),
		Languages:  splitList(get(8)),
		Hours:      get(9),
		Audience:   get(10),
		Quote:      get(12),
		Checked:    get(13),
		Confidence: get(14),
	}
	switch {
	case !codeRE.MatchString(rw.country):
		return nil, fmt.Errorf("country_iso2 %q is not a two-letter code", rw.country)
	case get(1) == "":
		return nil, errors.New("country_name is empty")
	case !contains(content.StoredKinds, c.Kind):
		return nil, fmt.Errorf("kind %q is not one of %v", c.Kind, content.StoredKinds)
	case c.Name == "":
		return nil, errors.New("name is empty")
	case !contains([]string{"child", "parent", "all"}, c.Audience):
		return nil, fmt.Errorf("audience %q is not child, parent or all", c.Audience)
	case !contains([]string{"primary", "secondary"}, c.Confidence):
		return nil, fmt.Errorf("confidence %q is not primary or secondary", c.Confidence)
	case c.Quote == "":
		return nil, errors.New("source_quote is empty")
	}
	if _, err := time.Parse(time.DateOnly, c.Checked); err != nil {
		return nil, fmt.Errorf("checked %q is not a YYYY-MM-DD date: %w", c.Checked, err)
	}
	for _, u := range []string{c.Web, c.Chat} {
		if u != "" && !webRE.MatchString(u) {
			return nil, fmt.Errorf("web/chat %q is not an http(s) URL", u)
		}
	}
	var err error
	c.Sources, c.SourceNote, err = splitSources(get(11))
	if err != nil {
		return nil, err
	}
	rw.contact = c
	return rw, nil
}

// splitSources takes every URL out of a source_url field, unchanged, and keeps the
// text around them (such as "(scrape of findahelpline.com, ~2023)") as the note,
// without its brackets. Parts are separated by " ; ".
func splitSources(s string) (sources []string, note string, err error) {
	sources = urlRE.FindAllString(s, -1)
	if len(sources) == 0 {
		return nil, "", fmt.Errorf("source_url %q holds no http(s) URL", s)
	}
	var notes []string
	for _, rest := range urlRE.Split(s, -1) {
		for _, piece := range strings.Split(rest, ";") {
			piece = strings.TrimSpace(piece)
			if strings.HasPrefix(piece, "(") && strings.HasSuffix(piece, ")") {
				piece = strings.TrimSpace(piece[1 : len(piece)-1])
			}
			if piece != "" && !contains(notes, piece) {
				notes = append(notes, piece)
			}
		}
	}
	return sources, strings.Join(notes, "; "), nil
}

// splitList splits "English; French" into its trimmed, non-empty items.
func splitList(s string) []string {
	out := []string{}
	for _, item := range strings.Split(s, ";") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// write writes one file per country into dir and removes generated files of countries
// that are no longer in the list. Files without the generated header are left alone.
func write(countries []*content.Country, dir string, log io.Writer) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create output folder: %w", err)
	}
	want := map[string]bool{}
	for _, c := range countries {
		name := c.Code + ".yaml"
		want[name] = true
		data, err := render(c)
		if err != nil {
			return fmt.Errorf("render %s: %w", name, err)
		}
		if err := writeFile(filepath.Join(dir, name), data); err != nil {
			return err
		}
	}
	old, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return fmt.Errorf("list output folder: %w", err)
	}
	for _, path := range old {
		if want[filepath.Base(path)] {
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("read %s: %w", path, err)
		}
		if !generated(data) {
			fmt.Fprintf(log, "leave %s: not generated by this tool\n", path)
			continue
		}
		if err := os.Remove(path); err != nil {
			return fmt.Errorf("remove stale %s: %w", path, err)
		}
		fmt.Fprintf(log, "removed %s: country no longer in the reference list\n", path)
	}
	return nil
}

// render encodes one country as YAML, languages in flow style, after the header line.
func render(c *content.Country) ([]byte, error) {
	var doc yaml.Node
	if err := doc.Encode(c); err != nil {
		return nil, fmt.Errorf("encode: %w", err)
	}
	flowLists(&doc)
	var buf bytes.Buffer
	buf.WriteString(header)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, fmt.Errorf("encode: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encode: %w", err)
	}
	return buf.Bytes(), nil
}

// flowLists writes every "languages" list on one line, like the README's example.
func flowLists(n *yaml.Node) {
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == "languages" && n.Content[i+1].Kind == yaml.SequenceNode {
				n.Content[i+1].Style = yaml.FlowStyle
			}
		}
	}
	for _, c := range n.Content {
		flowLists(c)
	}
}

// writeFile replaces path with data through a temporary file, so a reader never sees
// half a file.
func writeFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".hotlines-import-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// repoRoot finds the folder holding go.mod, from the current folder upwards.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("find repository root: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("find repository root: no go.mod above the current folder")
		}
		dir = parent
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
