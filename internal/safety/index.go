package safety

import (
	"strings"
	"unicode/utf8"
)

// section is a compiled list of rules, indexed by the first word of every phrase so that a
// message is matched in time proportional to its length, not to the size of the lexicon.
type section struct {
	part   []int                       // rule -> the list it came from (see newParts)
	all    []uint64                    // rule -> the bits of the groups that must be found
	none   []uint64                    // rule -> the bits of the groups that must not be
	exact  map[string][]ref            // first word -> phrases of one word, or whose second word is a pattern
	exact2 map[string]map[string][]ref // first word -> second word -> phrases: "i want to die" is not tried at every "i"
	prefix map[string][]stemRefs       // first 3 letters of a "word*" first word -> its stems' phrases
	short  map[string][]stemRefs       // a 2-letter "wo*" first word -> phrases (an Ethiopic letter is a syllable: ፎቶ* is common)
	loose  []ref                       // phrases starting with "?" or a 1-letter prefix
}

// ref is one phrase of one group of one rule.
type ref struct {
	p     phrase
	rule  int
	group int
}

// stemRefs are the phrases whose first word is one stem ("kill*"): a word is compared with
// the stem once, not once per phrase (at the end of 2026-11-29 the crisis rules of all
// languages had buckets of up to 124 phrases under one 3-letter key, but no more than 20
// distinct stems).
type stemRefs struct {
	stem string // without its "*"
	refs []ref
}

// addStem files rf under key, grouped with the other phrases of the same first stem.
func addStem(m map[string][]stemRefs, key, stem string, rf ref) {
	groups := m[key]
	for i := range groups {
		if groups[i].stem == stem {
			groups[i].refs = append(groups[i].refs, rf)
			return
		}
	}
	m[key] = append(groups, stemRefs{stem: stem, refs: []ref{rf}})
}

const prefixKey = 3

func newSection(rules []rule) *section { return newParts([][]rule{rules}) }

// newParts compiles several lists of rules (a lexicon's intents and audiences) into one
// index, so that one pass over a message tells which lists match (matchParts).
func newParts(parts [][]rule) *section {
	var rules []rule
	s := &section{exact: map[string][]ref{}, exact2: map[string]map[string][]ref{}, prefix: map[string][]stemRefs{},
		short: map[string][]stemRefs{}}
	for pi, list := range parts {
		for range list {
			s.part = append(s.part, pi)
		}
		rules = append(rules, list...)
	}
	for ri, r := range rules {
		groups := append(append([][]phrase(nil), r.all...), r.none...)
		s.all = append(s.all, uint64(1)<<uint(len(r.all))-1)
		s.none = append(s.none, (uint64(1)<<uint(len(groups))-1)&^s.all[ri])
		for gi, g := range groups {
			for _, p := range g {
				rf := ref{p: p, rule: ri, group: gi}
				first := p[0]
				switch {
				case first == "?":
					s.loose = append(s.loose, rf)
				case first[len(first)-1] == '*':
					stem := first[:len(first)-1]
					switch n := utf8.RuneCountInString(stem); {
					case n >= prefixKey:
						addStem(s.prefix, firstRunes(stem, prefixKey), stem, rf)
					case n == 2:
						addStem(s.short, stem, stem, rf)
					default:
						s.loose = append(s.loose, rf)
					}
				case len(p) > 1 && p[1] != "?" && p[1][len(p[1])-1] != '*':
					m := s.exact2[first]
					if m == nil {
						m = map[string][]ref{}
						s.exact2[first] = m
					}
					m[p[1]] = append(m[p[1]], rf)
				default:
					s.exact[first] = append(s.exact[first], rf)
				}
			}
		}
	}
	return s
}

func firstRunes(s string, n int) string {
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos]
		}
		i++
	}
	return s
}

// match reports whether any rule has every one of its groups somewhere in words (and none
// of its "must not" groups).
func (s *section) match(words []string) bool {
	if s == nil || len(words) == 0 {
		return false
	}
	var buf [32]hit
	found, done := s.scan(words, buf[:0], true)
	if done {
		return true
	}
	for _, h := range found {
		if s.complete(h) {
			return true
		}
	}
	return false
}

// matchParts returns a bit for every list of rules given to newParts (1<<i for the i-th)
// that has a rule matching words.
func (s *section) matchParts(words []string) uint64 {
	if s == nil || len(words) == 0 {
		return 0
	}
	var buf [64]hit
	found, _ := s.scan(words, buf[:0], false)
	var parts uint64
	for _, h := range found {
		if s.complete(h) {
			parts |= 1 << uint(s.part[h.rule])
		}
	}
	return parts
}

// hit is a rule with some group found so far, and which groups: few per message, so a
// short list on the stack beats a map.
type hit struct {
	rule int
	bits uint64
}

// complete reports whether a hit has all its groups and none of its "must not" groups.
func (s *section) complete(h hit) bool {
	return h.bits&s.all[h.rule] == s.all[h.rule] && h.bits&s.none[h.rule] == 0
}

// scan records in found the groups of every rule found in words. With early, it stops
// (done) at the first rule completed that has no "must not" group: such a rule cannot be
// undone by what follows.
func (s *section) scan(words []string, found []hit, early bool) (_ []hit, done bool) {
	mark := func(rf ref) bool {
		bit := uint64(1) << uint(rf.group)
		for i := range found {
			if found[i].rule == rf.rule {
				found[i].bits |= bit
				return early && s.none[rf.rule] == 0 && found[i].bits&s.all[rf.rule] == s.all[rf.rule]
			}
		}
		found = append(found, hit{rf.rule, bit})
		return early && s.none[rf.rule] == 0 && bit&s.all[rf.rule] == s.all[rf.rule]
	}
	// try checks refs at word at, whose first known words (from of them) already match.
	try := func(refs []ref, at, from int) bool {
		for _, rf := range refs {
			if phraseFrom(words, at, rf.p, from) && mark(rf) {
				return true
			}
		}
		return false
	}
	tryStems := func(groups []stemRefs, w string, at int) bool {
		for _, g := range groups {
			if strings.HasPrefix(w, g.stem) && try(g.refs, at, 1) {
				return true
			}
		}
		return false
	}
	for i, w := range words {
		if w == "" {
			continue
		}
		if try(s.exact[w], i, 1) {
			return found, true
		}
		if m := s.exact2[w]; m != nil && i+1 < len(words) && try(m[words[i+1]], i, 2) {
			return found, true
		}
		if len(s.prefix) > 0 && utf8.RuneCountInString(w) >= prefixKey && tryStems(s.prefix[firstRunes(w, prefixKey)], w, i) {
			return found, true
		}
		if len(s.short) > 0 && utf8.RuneCountInString(w) >= 2 && tryStems(s.short[firstRunes(w, 2)], w, i) {
			return found, true
		}
		if len(s.loose) > 0 && try(s.loose, i, 0) {
			return found, true
		}
	}
	return found, false
}

// phraseAt reports whether p matches words starting at i.
func phraseAt(words []string, i int, p phrase) bool { return phraseFrom(words, i, p, 0) }

// phraseFrom is phraseAt for a phrase whose first from words are known to match (the index
// found it under them).
func phraseFrom(words []string, i int, p phrase, from int) bool {
	if i+len(p) > len(words) {
		return false
	}
	for j := from; j < len(p); j++ {
		if !wordMatch(words[i+j], p[j]) {
			return false
		}
	}
	return true
}

// blank returns a copy of words with every run a phrase of the section matches emptied:
// how hard negatives ("this homework is killing me") are taken out before the crisis rules.
func (s *section) blank(words []string) []string {
	out := append([]string(nil), words...)
	if s == nil {
		return out
	}
	cut := func(refs []ref, at int) {
		for _, rf := range refs {
			if phraseAt(words, at, rf.p) {
				for k := at; k < at+len(rf.p); k++ {
					out[k] = ""
				}
			}
		}
	}
	cutStems := func(groups []stemRefs, w string, at int) {
		for _, g := range groups {
			if strings.HasPrefix(w, g.stem) {
				cut(g.refs, at)
			}
		}
	}
	for i, w := range words {
		cut(s.exact[w], i)
		if m := s.exact2[w]; m != nil && i+1 < len(words) {
			cut(m[words[i+1]], i)
		}
		if utf8.RuneCountInString(w) >= prefixKey {
			cutStems(s.prefix[firstRunes(w, prefixKey)], w, i)
		}
		if utf8.RuneCountInString(w) >= 2 {
			cutStems(s.short[firstRunes(w, 2)], w, i)
		}
		cut(s.loose, i)
	}
	return out
}
