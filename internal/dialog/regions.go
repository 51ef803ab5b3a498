package dialog

import (
	"sort"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/lantern-help/lantern/internal/safety"
)

// IsRegion reports whether code is an ISO 3166-1 alpha-2 code of a country or territory.
func IsRegion(code string) bool {
	if len(code) != 2 || strings.ToUpper(code) != code {
		return false
	}
	r, err := language.ParseRegion(code)
	// Canonicalize drops withdrawn codes such as DD (East Germany) in favour of today's; the
	// few withdrawn codes it keeps are listed in withdrawn.
	return err == nil && r.IsCountry() && r.String() == code && r.Canonicalize().String() == code && !withdrawn[code]
}

// withdrawn are codes x/text still accepts that name no country today (ISO 3166-3).
var withdrawn = map[string]bool{"AN": true, "CS": true, "SU": true, "UN": true, "YU": true}

// allRegions lists every ISO 3166-1 alpha-2 country code x/text knows.
var allRegions = func() []string {
	var out []string
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			if code := string([]rune{a, b}); IsRegion(code) {
				out = append(out, code)
			}
		}
	}
	return out
}()

// RegionName is a country's name in a language (the English name if the language has none).
func RegionName(lang, code string) string {
	r, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	if n := display.Regions(language.Make(lang)).Name(r); n != "" {
		return n
	}
	return display.English.Regions().Name(r)
}

// regionIndex finds the country someone typed: names in the locale's language and in English,
// the locale's aliases, and bare codes.
type regionIndex struct {
	names map[string]string // normalised name -> code
	keys  []string          // names, longest first (so "south africa" beats "africa")
}

func newRegionIndex(lang string, aliases map[string]string) *regionIndex {
	ix := &regionIndex{names: map[string]string{}}
	add := func(name, code string) {
		k := strings.Join(safety.Tokens(name), " ")
		if k == "" {
			return
		}
		if _, dup := ix.names[k]; !dup {
			ix.names[k] = code
		}
	}
	for alias, code := range aliases {
		add(alias, code)
	}
	for _, code := range allRegions {
		add(RegionName(lang, code), code)
		add(RegionName("en", code), code)
	}
	for k := range ix.names {
		ix.keys = append(ix.keys, k)
	}
	sort.Slice(ix.keys, func(i, j int) bool {
		if len(ix.keys[i]) != len(ix.keys[j]) {
			return len(ix.keys[i]) > len(ix.keys[j])
		}
		return ix.keys[i] < ix.keys[j]
	})
	return ix
}

// find returns the country code a typed text names, if any: the whole text as a name or a
// two-letter code, else the longest country name inside it ("I live in the UK").
func (ix *regionIndex) find(text string) (string, bool) {
	words := safety.Tokens(text)
	whole := strings.Join(words, " ")
	if code, ok := ix.names[whole]; ok {
		return code, true
	}
	if len(whole) == 2 && IsRegion(strings.ToUpper(whole)) {
		return strings.ToUpper(whole), true
	}
	padded := " " + whole + " "
	for _, k := range ix.keys {
		if len(k) < 3 {
			continue // "us", "uk"-like short aliases only count as the whole answer
		}
		if strings.Contains(padded, " "+k+" ") {
			return ix.names[k], true
		}
	}
	return "", false
}
