package content

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"
)

// Load reads every content file from fsys. It fails on files that cannot be parsed, naming the
// file and line; semantic problems (a missing key, an unreachable node) are left to Check, so a
// reviewer sees all of them at once.
func Load(fsys fs.FS, source string) (*Library, error) {
	lib := &Library{
		Locales:   map[string]*Locale{},
		Lexicons:  map[string]*Lexicon{},
		Countries: map[string]*Country{},
		Articles:  map[string][]*Article{},
		Source:    source,
	}
	var errs []error

	lib.Flow = &Flow{}
	if err := decodeFile(fsys, "flows.yaml", lib.Flow); err != nil {
		errs = append(errs, err)
	}
	for id, n := range lib.Flow.Nodes {
		if n == nil {
			n = &Node{}
			lib.Flow.Nodes[id] = n
		}
		n.ID = id
	}

	errs = append(errs, loadDir(fsys, "locales", func(name string, f string) error {
		loc := &Locale{}
		if err := decodeFile(fsys, f, loc); err != nil {
			return err
		}
		if loc.Lang != name {
			return fmt.Errorf("%s: lang is %q, want %q (the file name)", f, loc.Lang, name)
		}
		lib.Locales[name] = loc
		return nil
	})...)
	errs = append(errs, loadExamples(fsys, lib)...)
	errs = append(errs, loadDir(fsys, "lexicon", func(name string, f string) error {
		lex := &Lexicon{}
		if err := decodeFile(fsys, f, lex); err != nil {
			return err
		}
		if lex.Lang != name {
			return fmt.Errorf("%s: lang is %q, want %q (the file name)", f, lex.Lang, name)
		}
		if err := lex.expandSets(); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		lib.Lexicons[name] = lex
		return nil
	})...)
	errs = append(errs, loadDir(fsys, "hotlines", func(name string, f string) error {
		c := &Country{}
		if err := decodeFile(fsys, f, c); err != nil {
			return err
		}
		if c.Code != name {
			return fmt.Errorf("%s: country is %q, want %q (the file name)", f, c.Code, name)
		}
		lib.Countries[name] = c
		return nil
	})...)

	if len(errs) == 0 {
		errs = append(errs, loadShortNames(fsys, lib)...)
	}
	errs = append(errs, loadArticles(fsys, lib)...)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if _, ok := lib.Locales[DefaultLang]; !ok {
		return nil, fmt.Errorf("locales/%s.yaml: missing; it is the source language", DefaultLang)
	}
	return lib, nil
}

// loadDir calls load for every *.yaml file in dir, in name order, with the name minus ".yaml".
func loadDir(fsys fs.FS, dir string, load func(name, file string) error) []error {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return []error{fmt.Errorf("%s: %w", dir, err)}
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	var errs []error
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".yaml") {
			continue
		}
		name := strings.TrimSuffix(e.Name(), ".yaml")
		if err := load(name, path.Join(dir, e.Name())); err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// decodeFile parses one YAML file strictly: an unknown field is an error, since it is almost
// always a typo that would otherwise silently drop text.
func decodeFile(fsys fs.FS, name string, v any) error {
	f, err := fsys.Open(name)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	defer f.Close()
	dec := yaml.NewDecoder(f)
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// UnmarshalYAML lets a message be written as a bare string key.
func (m *Message) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		m.Text = n.Value
		return nil
	}
	type plain Message
	var p plain
	if err := n.Decode(&p); err != nil {
		return err
	}
	*m = Message(p)
	return nil
}

// Node returns the node with the given id, or nil.
func (l *Library) Node(id string) *Node { return l.Flow.Nodes[id] }

// Locale returns the locale for lang (a locale code or a language tag such as "pt-BR"),
// falling back to the source language.
func (l *Library) Locale(lang string) *Locale {
	if loc, ok := l.Locales[lang]; ok {
		return loc
	}
	if m := l.MatchLang(lang); m != "" {
		return l.Locales[m]
	}
	return l.Locales[DefaultLang]
}

// Text returns the string for key in lang, falling back to the source language, then to the
// key itself (which `content check` never lets through).
func (l *Library) Text(lang, key string) string {
	if s, ok := l.Locale(lang).Strings[key]; ok {
		return s
	}
	if s, ok := l.Locales[DefaultLang].Strings[key]; ok {
		return s
	}
	return key
}

// AdultSuffix marks a string's variant for parents and school staff ("ack.reply@adult"): the
// form of address a language uses with adults it does not know ("Sie", "vous", "вы"), or
// words that fit an adult ("ask someone nearby", not "go to an adult nearby"). A variant is
// optional in a locale unless English has one; without it adults get the string itself.
const AdultSuffix = "@adult"

// TextFor is Text for someone of an audience: a parent or school staff member gets the key's
// adult variant where their language has one (content check makes every locale write the
// variants English has).
func (l *Library) TextFor(lang, key, audience string) string {
	if audience == "parent" || audience == "school" {
		if s, ok := l.Locale(lang).Strings[key+AdultSuffix]; ok {
			return s
		}
	}
	return l.Text(lang, key)
}

// loadExamples reads examples/*.jsonl, if the folder exists: labelled messages, one JSON
// object a line. Their labels are checked by Check.
func loadExamples(fsys fs.FS, lib *Library) []error {
	files, err := fs.Glob(fsys, "examples/*.jsonl")
	if err != nil || len(files) == 0 {
		return nil
	}
	var errs []error
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", f, err))
			continue
		}
		for n, line := range strings.Split(string(data), "\n") {
			if strings.TrimSpace(line) == "" {
				continue
			}
			var ex Example
			if err := json.Unmarshal([]byte(line), &ex); err != nil {
				errs = append(errs, fmt.Errorf("%s:%d: %w", f, n+1, err))
				continue
			}
			if ex.Intent == "crisis" {
				ex.Crisis = true
			}
			lib.Examples = append(lib.Examples, ex)
		}
	}
	return errs
}

// Role says a phone number's label in lang when it names a service the locale knows
// ("police", "fire/ambulance", "US number" from the keys "contact.role.<name>", the name
// being the label in lower case with other characters than letters and digits as "_":
// "contact.role.us_number"); any other label (a source remark) comes back as written, with
// ok false.
func (l *Library) Role(lang, label string) (role string, ok bool) {
	strs := l.Locale(lang).Strings
	if s, ok := strs["contact.role."+roleKey(label)]; ok {
		return s, true
	}
	parts := strings.Split(label, "/")
	for i, p := range parts {
		s, ok := strs["contact.role."+roleKey(p)]
		if !ok {
			return label, false
		}
		parts[i] = s
	}
	return strings.Join(parts, "/"), true
}

// roleKey is the name of a label's contact.role key: "US number" -> "us_number".
func roleKey(label string) string {
	var b strings.Builder
	gap := false
	for _, r := range strings.ToLower(strings.TrimSpace(label)) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if gap && b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r)
			gap = false
		} else {
			gap = true
		}
	}
	return b.String()
}

// Langs lists the locales' language codes, sorted, the source language first.
func (l *Library) Langs() []string {
	out := make([]string, 0, len(l.Locales))
	for k := range l.Locales {
		if k != DefaultLang {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return append([]string{DefaultLang}, out...)
}
