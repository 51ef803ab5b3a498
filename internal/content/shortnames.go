package content

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"unicode"
)

// shortNamesFile lists the short names of contacts whose directory name carries English
// remarks. Its columns are country_iso2, name (exactly as in the country file) and
// short_name.
const shortNamesFile = "hotlines/short_names.csv"

// loadShortNames sets the ShortName of the contacts shortNamesFile names. A short name may
// only leave words out of the name (or move them): it is a trimmed name, never a new one, so
// nobody can give a service a name its sources do not. A row naming no contact, or two rows
// for one contact, is an error. A missing file is no error.
func loadShortNames(fsys fs.FS, lib *Library) []error {
	f, err := fsys.Open(shortNamesFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return []error{fmt.Errorf("%s: %w", shortNamesFile, err)}
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.FieldsPerRecord = 3
	head, err := cr.Read()
	if err != nil {
		return []error{fmt.Errorf("%s: read header: %w", shortNamesFile, err)}
	}
	if strings.Join(head, ",") != "country_iso2,name,short_name" {
		return []error{fmt.Errorf("%s: header is %q, want country_iso2,name,short_name", shortNamesFile, head)}
	}
	var errs []error
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return append(errs, fmt.Errorf("%s: %w", shortNamesFile, err))
		}
		line, _ := cr.FieldPos(0)
		if err := setShortName(lib, rec[0], rec[1], rec[2]); err != nil {
			errs = append(errs, fmt.Errorf("%s line %d: %w", shortNamesFile, line, err))
		}
	}
	return errs
}

// setShortName gives the contact of country named name its short name.
func setShortName(lib *Library, country, name, short string) error {
	c := lib.Countries[country]
	if c == nil {
		return fmt.Errorf("no country %q", country)
	}
	i := slices.IndexFunc(c.Contacts, func(ct Contact) bool { return ct.Name == name })
	switch {
	case i < 0:
		return fmt.Errorf("%s has no contact named %q", country, name)
	case strings.TrimSpace(short) == "":
		return fmt.Errorf("%s %q: empty short name", country, name)
	case c.Contacts[i].ShortName != "":
		return fmt.Errorf("%s %q: a second short name", country, name)
	}
	words := nameWords(name)
	for _, w := range nameWords(short) {
		if !slices.Contains(words, w) {
			return fmt.Errorf("%s %q: short name %q has %q, which the name has not", country, name, short, w)
		}
	}
	c.Contacts[i].ShortName = short
	return nil
}

// nameWords splits a contact name into its words, brackets and punctuation around them
// set aside.
func nameWords(s string) []string {
	var out []string
	for _, f := range strings.Fields(s) {
		if w := strings.TrimFunc(f, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) }); w != "" {
			out = append(out, w)
		}
	}
	return out
}
