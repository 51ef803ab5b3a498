// Package hotline answers "which help contacts should this person see?": it looks up a
// region's contacts by kind and by the audience of the person asking, falls back to the
// entries that work from anywhere (the ZZ file), and parses the phone-field convention
// of the reference list. It is pure: it reads nothing and writes nothing.
package hotline

import (
	"slices"
	"sort"
	"strings"

	"github.com/lantern-help/lantern/internal/content"
)

// Anywhere is the code of the file whose contacts work from any country.
const Anywhere = "ZZ"

// Audiences of the person asking (the dialog's audience).
const (
	UserTeen    = "teen"
	UserParent  = "parent"
	UserSchool  = "school"
	UserUnknown = "unknown"
)

// Audiences of a contact (who the service is for).
const (
	ForChild  = "child"
	ForParent = "parent"
	ForAdult  = "adult"
	ForAll    = "all"
)

// Directory looks up help contacts by region, kind and audience. It is safe for
// concurrent use: nothing in it changes after New.
type Directory struct {
	countries map[string]*content.Country
	codes     []string
}

// ShortName is a contact's name without the explanation in brackets: "Childline" for
// "Childline (NSPCC)".
func ShortName(name string) string {
	short, _, _ := strings.Cut(name, " (")
	return short
}

// Entry is one contact as given to a person.
type Entry struct {
	// Country is the code of the file the contact came from ("GB", or "ZZ").
	Country string
	content.Contact
	// Fallback is true when the entry came from ZZ because the region had none of
	// the kind asked for (or, in List, none of the entry's kind).
	Fallback bool
}

// New builds a Directory from the loaded country files, keyed by ISO 3166-1 alpha-2
// code (case-insensitive; "ZZ" works from anywhere). Nil countries are ignored. The
// countries are not copied: the caller must not change them afterwards.
func New(countries map[string]*content.Country) *Directory {
	d := &Directory{countries: make(map[string]*content.Country, len(countries))}
	for code, c := range countries {
		if c == nil {
			continue
		}
		d.countries[normCode(code)] = c
	}
	for code := range d.countries {
		if code != Anywhere {
			d.codes = append(d.codes, code)
		}
	}
	sort.Strings(d.codes)
	if _, ok := d.countries[Anywhere]; ok {
		d.codes = append(d.codes, Anywhere)
	}
	return d
}

// Country returns the contact file of a country (code is case-insensitive).
func (d *Directory) Country(code string) (*content.Country, bool) {
	c, ok := d.countries[normCode(code)]
	return c, ok
}

// Codes returns the codes of every country file, sorted, with ZZ (when present) last.
// The slice is a copy.
func (d *Directory) Codes() []string {
	return append([]string(nil), d.codes...)
}

// Resolve returns the contacts of the given kinds for a person in region, in the order
// of kinds; within a kind, the region's entries in file order, primary before secondary.
//
// Audience (teen, parent, school, unknown; anything else counts as unknown) decides
// which contacts suit: teen and unknown get contacts for children and for all, never
// parent-only or adult-only ones; parent and school get parent-only contacts first,
// then those for all and for children, never adult-only ones.
//
// When the region has no suitable entry of a kind, the suitable ZZ entries of that kind
// are given, with Fallback set. Kind parent_support is the region's child_helpline
// entries for parents (whatever the audience), else its child_helpline entries for all,
// else the ZZ child_helpline entries. Kind image_removal gives the region's entries and then always
// the suitable ZZ entries too (Take It Down works worldwide for under-18s), without
// repeating a name. Every other kind (prevention included) gives the region's entries,
// else the ZZ ones: a country with its own prevention line gets that line, any other
// gets the anonymous online help that works from anywhere. No entry appears twice.
// Unknown kinds give nothing.
//
// An unknown or empty region behaves as a country with no file. The result may lack a
// kind that neither the region nor ZZ has: ZZ has no emergency or police_online entry,
// so callers must handle an empty emergency list.
func (d *Directory) Resolve(region string, kinds []string, audience string) []Entry {
	region = normCode(region)
	r := resolver{d: d, region: region, audience: audience, seen: map[*content.Contact]bool{}}
	for _, kind := range kinds {
		switch kind {
		case content.KindParentSupport:
			r.parentSupport()
		case content.KindImageRemoval:
			local := r.add(r.local(kind), false)
			r.addNewNames(r.anywhere(kind), local == 0)
		default:
			if !isStoredKind(kind) {
				continue
			}
			if r.add(r.local(kind), false) == 0 {
				r.add(r.anywhere(kind), true)
			}
		}
	}
	return r.out
}

// List returns every entry the bot could give for a country, whatever the audience:
// the country's entries of every stored kind (in content.StoredKinds order, then file
// order, primary before secondary), followed by every ZZ entry (Fallback set when the
// country has none of that kind). An unknown code gives the ZZ entries alone; "ZZ"
// gives the ZZ entries without Fallback.
func (d *Directory) List(code string) []Entry {
	code = normCode(code)
	var out []Entry
	have := map[string]bool{}
	if code != Anywhere {
		if c, ok := d.countries[code]; ok {
			for _, kind := range content.StoredKinds {
				for _, i := range ordered(c, kind, nil) {
					out = append(out, Entry{Country: code, Contact: clone(&c.Contacts[i])})
					have[kind] = true
				}
			}
		}
	}
	if zz, ok := d.countries[Anywhere]; ok {
		for _, kind := range content.StoredKinds {
			for _, i := range ordered(zz, kind, nil) {
				out = append(out, Entry{Country: Anywhere, Contact: clone(&zz.Contacts[i]),
					Fallback: code != Anywhere && !have[kind]})
			}
		}
	}
	return out
}

// resolver collects the entries of one Resolve call.
type resolver struct {
	d        *Directory
	region   string
	audience string
	seen     map[*content.Contact]bool
	out      []Entry
}

// candidate is a contact and the file it is in.
type candidate struct {
	code string
	c    *content.Contact
}

// local returns the region's suitable entries of a kind, in order.
func (r *resolver) local(kind string) []candidate {
	return r.from(r.region, kind, nil)
}

// anywhere returns the suitable ZZ entries of a kind, or none when the region is ZZ
// itself (they were its local entries already).
func (r *resolver) anywhere(kind string) []candidate {
	if r.region == Anywhere {
		return nil
	}
	return r.from(Anywhere, kind, nil)
}

// from returns the suitable entries of a kind in one file, optionally only those whose
// audience is in only.
func (r *resolver) from(code, kind string, only map[string]bool) []candidate {
	c, ok := r.d.countries[code]
	if !ok {
		return nil
	}
	var out []candidate
	for _, i := range ordered(c, kind, func(ct *content.Contact) bool {
		return suits(r.audience, ct.Audience) && (only == nil || only[ct.Audience])
	}) {
		out = append(out, candidate{code: code, c: &c.Contacts[i]})
	}
	sortByAudience(out, r.audience)
	return out
}

// parentSupport resolves the derived parent_support kind: the region's child_helpline
// entries for parents, else its child_helpline entries for all, else ZZ child_helpline.
// The kind asks for help for parents, so the parents' lines are given whatever the
// audience: a teen reading /hotlines may pass the number on.
func (r *resolver) parentSupport() {
	kind := content.KindChildHelpline
	forParents := *r
	forParents.audience = UserParent
	if r.add(forParents.from(r.region, kind, map[string]bool{ForParent: true}), false) > 0 {
		return
	}
	if r.add(r.from(r.region, kind, map[string]bool{ForAll: true}), false) > 0 {
		return
	}
	r.add(r.anywhere(kind), true)
}

// add appends the candidates not given yet and reports how many suitable candidates
// there were (given now or earlier), so that a kind already covered by an earlier kind
// does not fall back to ZZ.
func (r *resolver) add(cs []candidate, fallback bool) int {
	for _, c := range cs {
		if r.seen[c.c] {
			continue
		}
		r.seen[c.c] = true
		r.out = append(r.out, Entry{Country: c.code, Contact: clone(c.c), Fallback: fallback})
	}
	return len(cs)
}

// addNewNames appends the candidates whose name was not given yet in this result.
func (r *resolver) addNewNames(cs []candidate, fallback bool) {
	names := map[string]bool{}
	for _, e := range r.out {
		names[nameKey(e.Name)] = true
	}
	for _, c := range cs {
		if names[nameKey(c.c.Name)] {
			continue
		}
		names[nameKey(c.c.Name)] = true
		r.add([]candidate{c}, fallback)
	}
}

// ordered returns the indexes of a file's entries of one kind that pass keep (all when
// keep is nil), in file order with primary entries before secondary ones.
func ordered(c *content.Country, kind string, keep func(*content.Contact) bool) []int {
	var idx []int
	for i := range c.Contacts {
		ct := &c.Contacts[i]
		if ct.Kind == kind && (keep == nil || keep(ct)) {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool {
		return confidenceRank(c.Contacts[idx[a]].Confidence) < confidenceRank(c.Contacts[idx[b]].Confidence)
	})
	return idx
}

// sortByAudience puts parent-only contacts first for parents and schools (stable).
func sortByAudience(cs []candidate, user string) {
	if !isAdultUser(user) {
		return
	}
	sort.SliceStable(cs, func(a, b int) bool {
		return cs[a].c.Audience == ForParent && cs[b].c.Audience != ForParent
	})
}

// suits reports whether a contact for contactAudience may be given to a person of
// userAudience. Adult-only contacts are never given by Resolve: every user audience
// may be, or be speaking for, someone under 18. Unrecognised contact audiences suit
// nobody.
func suits(userAudience, contactAudience string) bool {
	switch contactAudience {
	case ForChild, ForAll:
		return true
	case ForParent:
		return isAdultUser(userAudience)
	default:
		return false
	}
}

// isAdultUser reports whether the person says they are a parent or school staff.
func isAdultUser(userAudience string) bool {
	return userAudience == UserParent || userAudience == UserSchool
}

// clone copies a contact with its own slices, so callers cannot change the directory.
func clone(c *content.Contact) content.Contact {
	out := *c
	out.Languages = slices.Clone(c.Languages)
	out.Sources = slices.Clone(c.Sources)
	return out
}

func confidenceRank(c string) int {
	if c == "primary" {
		return 0
	}
	return 1
}

func isStoredKind(kind string) bool {
	for _, k := range content.StoredKinds {
		if k == kind {
			return true
		}
	}
	return false
}

func normCode(code string) string { return strings.ToUpper(strings.TrimSpace(code)) }

func nameKey(name string) string { return strings.ToLower(strings.Join(strings.Fields(name), " ")) }

// AlwaysOpen reports whether a contact's hours say no more than that it is open all the time
// ("24/7", "24 hours", "24/7 (per 2009 source)"), remarks in brackets set aside. "24/7 phone"
// or "24/7 in most regions" say more, and are not.
func AlwaysOpen(hours string) bool {
	var b strings.Builder
	depth := 0
	for _, r := range hours {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	switch strings.ToLower(strings.TrimSpace(b.String())) {
	case "24/7", "24 hours":
		return true
	}
	return false
}
