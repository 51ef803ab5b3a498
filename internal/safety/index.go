package safety

import "unicode/utf8"

// section is a compiled list of rules, indexed by the first word of every phrase so that a
// message is matched in time proportional to its length, not to the size of the lexicon.
type section struct {
	groups []int            // rule -> how many groups it has
	exact  map[string][]ref // first word -> phrases starting with it
	prefix map[string][]ref // first 3 letters of a "word*" first word -> phrases
	loose  []ref            // phrases starting with "?" or a prefix shorter than 3 letters
}

// ref is one phrase of one group of one rule.
type ref struct {
	p     phrase
	rule  int
	group int
}

const prefixKey = 3

func newSection(rules []rule) *section {
	s := &section{exact: map[string][]ref{}, prefix: map[string][]ref{}}
	for ri, r := range rules {
		s.groups = append(s.groups, len(r))
		for gi, g := range r {
			for _, p := range g {
				rf := ref{p: p, rule: ri, group: gi}
				first := p[0]
				switch {
				case first == "?":
					s.loose = append(s.loose, rf)
				case first[len(first)-1] == '*':
					stem := first[:len(first)-1]
					if utf8.RuneCountInString(stem) >= prefixKey {
						k := firstRunes(stem, prefixKey)
						s.prefix[k] = append(s.prefix[k], rf)
					} else {
						s.loose = append(s.loose, rf)
					}
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

// match reports whether any rule has every one of its groups somewhere in words.
func (s *section) match(words []string) bool {
	if s == nil || len(words) == 0 {
		return false
	}
	var found map[int]uint64 // rule -> bit set of its groups found
	mark := func(rf ref) bool {
		if found == nil {
			found = map[int]uint64{}
		}
		found[rf.rule] |= 1 << uint(rf.group)
		return found[rf.rule] == (uint64(1)<<uint(s.groups[rf.rule]))-1
	}
	try := func(refs []ref, at int) bool {
		for _, rf := range refs {
			if phraseAt(words, at, rf.p) && mark(rf) {
				return true
			}
		}
		return false
	}
	for i, w := range words {
		if w == "" {
			continue
		}
		if try(s.exact[w], i) {
			return true
		}
		if utf8.RuneCountInString(w) >= prefixKey && try(s.prefix[firstRunes(w, prefixKey)], i) {
			return true
		}
		if try(s.loose, i) {
			return true
		}
	}
	return false
}

// phraseAt reports whether p matches words starting at i.
func phraseAt(words []string, i int, p phrase) bool {
	if i+len(p) > len(words) {
		return false
	}
	for j, w := range p {
		if !wordMatch(words[i+j], w) {
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
	for i, w := range words {
		cut(s.exact[w], i)
		if utf8.RuneCountInString(w) >= prefixKey {
			cut(s.prefix[firstRunes(w, prefixKey)], i)
		}
		cut(s.loose, i)
	}
	return out
}
