package safety

import (
	"strings"
	"sync"
	"unicode/utf8"
)

// vocab is the index shared by the sections of one Rules: every phrase is filed under its
// first word (or its first two, or the first letters of a "word*" stem) with the section it
// belongs to (those starting with "?" under their first plain word, see later), so that a
// message's words are looked up once (read), not once per section. (A message is scanned by
// three or four sections; when each kept its own maps, the look-ups were a third of Assess.)
type vocab struct {
	ids    map[string]int32 // a phrase's first or second word -> id
	pairs  map[uint64]int32 // first word id << 32 | second word id -> slot in pair
	stems3 map[string]int32 // first 3 letters of a "word*" first word -> slot in stem3
	stems2 map[string]int32 // a 2-letter "wo*" first word -> slot in stem2 (an Ethiopic letter is a syllable: ፎቶ* is common)
	stems1 map[string]int32 // a 1-letter "w*" first word ("1*": "13 yo", "14 year old") -> slot in stem1
	exact  [][]posting      // word id -> phrases of one word, or whose second word is a pattern
	// later maps a word id to the phrases starting with "?" whose first plain word (ref.need)
	// it is: each is tried where that word is, not at every word. (Tried at every word, as
	// they were until 2026-12-02, they were 470 phrases read per message on the tuned
	// examples, of which 1 in 17,000 went past its first plain word.)
	later [][]posting
	pair  [][]posting // pair slot -> phrases: "i want to die" is not tried at every "i"
	stem3 [][]stemPosting
	stem2 [][]stemPosting
	// stem1 holds the phrases starting with a 1-letter stem, under it: in each section's own
	// list they were compared with every word of a message, 290 comparisons per message on
	// the tuned examples (2026-12-02).
	stem1 [][]stemPosting
	next  int32 // the id of the next section
	// keys holds the stem slots of every word id, filed once every section is (see read): a
	// word the vocab knows, as 93 % of the tuned examples' words are, is then looked up once,
	// not once per stem length as well. (later, stem1 and keys took about 4 % off Assess,
	// 2026-12-02.)
	keys     []stemKeys
	keysOnce sync.Once
}

// stemKeys are a word's slots in a vocab's stem3, stem2 and stem1 (-1 where it has none).
type stemKeys struct{ stem3, stem2, stem1 int32 }

// posting is one section's phrases under one key of a vocab.
type posting struct {
	sec  int32
	refs []ref
}

// stemPosting is one section's phrases under one stem key, grouped by stem.
type stemPosting struct {
	sec    int32
	groups []stemRefs
}

// newVocab returns an empty vocab, for the sections of one Rules.
func newVocab() *vocab {
	return &vocab{ids: map[string]int32{}, pairs: map[uint64]int32{}, stems3: map[string]int32{}, stems2: map[string]int32{}, stems1: map[string]int32{}}
}

// id returns the id of a word, adding it.
func (v *vocab) id(w string) int32 {
	id, ok := v.ids[w]
	if !ok {
		id = int32(len(v.ids))
		v.ids[w] = id
		v.exact = append(v.exact, nil)
		v.later = append(v.later, nil)
	}
	return id
}

// slot returns the slot of key in m, adding it (and an empty entry to list).
func slot[T any](m map[string]int32, key string, list *[]T) int32 {
	i, ok := m[key]
	if !ok {
		var zero T
		i = int32(len(*list))
		m[key] = i
		*list = append(*list, zero)
	}
	return i
}

func pairKey(a, b int32) uint64 { return uint64(uint32(a))<<32 | uint64(uint32(b)) }

// add files rf for section sec in list (the section's posting is the last one, if any:
// sections are built one after the other).
func add(list []posting, sec int32, rf ref) []posting {
	if n := len(list); n > 0 && list[n-1].sec == sec {
		list[n-1].refs = append(list[n-1].refs, rf)
		return list
	}
	return append(list, posting{sec: sec, refs: []ref{rf}})
}

// addStem files rf for section sec under its stem in list.
func addStem(list []stemPosting, sec int32, stem string, rf ref) []stemPosting {
	n := len(list)
	if n == 0 || list[n-1].sec != sec {
		list = append(list, stemPosting{sec: sec})
		n++
	}
	groups := list[n-1].groups
	for i := range groups {
		if groups[i].stem == stem {
			groups[i].refs = append(groups[i].refs, rf)
			return list
		}
	}
	list[n-1].groups = append(groups, stemRefs{stem: stem, refs: []ref{rf}})
	return list
}

// indexed is a message's words as a vocab reads them: for each word, its id, the slot of it and
// the next word as a pair, and the slots of its stem keys (-1 where the vocab has none).
type indexed struct {
	words                  []string
	ids, pairs             []int32
	stems3, stems2, stems1 []int32
}

// read looks a message's words up in the vocab.
func (v *vocab) read(words []string) *indexed {
	v.keysOnce.Do(v.fileKeys)
	n := len(words)
	buf := make([]int32, 5*n)
	t := &indexed{words: words, ids: buf[:n:n], pairs: buf[n : 2*n : 2*n], stems3: buf[2*n : 3*n : 3*n], stems2: buf[3*n : 4*n : 4*n], stems1: buf[4*n:]}
	for i, w := range words {
		t.ids[i] = -1
		var k stemKeys
		if id, ok := v.ids[w]; ok && int(id) < len(v.keys) {
			t.ids[i], k = id, v.keys[id]
		} else if ok {
			t.ids[i], k = id, v.stemKeysOf(w) // a word filed after the first read
		} else {
			k = v.stemKeysOf(w)
		}
		t.stems3[i], t.stems2[i], t.stems1[i] = k.stem3, k.stem2, k.stem1
	}
	for i := range words {
		t.pairs[i] = -1
		if i+1 < n && t.ids[i] >= 0 && t.ids[i+1] >= 0 {
			if j, ok := v.pairs[pairKey(t.ids[i], t.ids[i+1])]; ok {
				t.pairs[i] = j
			}
		}
	}
	return t
}

// fileKeys fills in keys, for every word id.
func (v *vocab) fileKeys() {
	v.keys = make([]stemKeys, len(v.ids))
	for w, id := range v.ids {
		v.keys[id] = v.stemKeysOf(w)
	}
}

// stemKeysOf looks up the stem slots of a word.
func (v *vocab) stemKeysOf(w string) stemKeys {
	k := stemKeys{stem3: -1, stem2: -1, stem1: -1}
	runes := utf8.RuneCountInString(w)
	if runes >= 1 {
		if j, ok := v.stems1[firstRunes(w, 1)]; ok {
			k.stem1 = j
		}
	}
	if runes >= 2 {
		if j, ok := v.stems2[firstRunes(w, 2)]; ok {
			k.stem2 = j
		}
	}
	if runes >= prefixKey {
		if j, ok := v.stems3[firstRunes(w, prefixKey)]; ok {
			k.stem3 = j
		}
	}
	return k
}

// blank returns t with the words at the positions cut emptied, as read would read them.
func (t *indexed) blank(cut []bool) *indexed {
	n := len(t.words)
	out := &indexed{words: append([]string(nil), t.words...)}
	buf := make([]int32, 0, 5*n)
	buf = append(append(append(append(append(buf, t.ids...), t.pairs...), t.stems3...), t.stems2...), t.stems1...)
	out.ids, out.pairs, out.stems3, out.stems2, out.stems1 = buf[:n:n], buf[n:2*n:2*n], buf[2*n:3*n:3*n], buf[3*n:4*n:4*n], buf[4*n:]
	for i, c := range cut {
		if !c {
			continue
		}
		out.words[i] = ""
		out.ids[i], out.pairs[i], out.stems3[i], out.stems2[i], out.stems1[i] = -1, -1, -1, -1, -1
		if i > 0 {
			out.pairs[i-1] = -1
		}
	}
	return out
}

// section is a compiled list of rules, filed in a vocab by the first word of every phrase so
// that a message is matched in time proportional to its length, not to the size of the
// lexicon.
type section struct {
	v    *vocab
	id   int32
	part []int    // rule -> the list it came from (see newParts)
	all  []uint64 // rule -> the bits of the groups that must be found
	none []uint64 // rule -> the bits of the groups that must not be
	// loose are the phrases starting with "?" that hold no plain word (the others are filed
	// under their first plain word, vocab.later): tried at every word.
	loose []ref
	// short are the phrases whose first word is a stem of no letter, grouped by stem: tried
	// at every word. (Tokens gives no empty word, so there are none in practice; a 1-letter
	// stem is filed in vocab.stem1.)
	short []stemRefs
}

// ref is one phrase of one group of one rule.
type ref struct {
	p     phrase
	rule  int
	group int
	// need is the vocab id of the phrase's first plain word past those its filing key
	// matches, at offset needAt; -1 if there is none. Most phrases tried at a word fail there:
	// comparing ids with the message's (indexed.ids) rejects them without reading the words.
	need, needAt int32
}

// setNeed fills in rf's need for a phrase whose first from words its filing key matches,
// giving the word an id in v.
func (rf *ref) setNeed(v *vocab, from int) {
	rf.need = -1
	for j := from; j < len(rf.p); j++ {
		if w := rf.p[j]; w != "?" && w[len(w)-1] != '*' {
			rf.need, rf.needAt = v.id(w), int32(j)
			return
		}
	}
}

// stemRefs are the phrases whose first word is one stem ("kill*"): a word is compared with
// the stem once, not once per phrase (at the end of 2026-11-29 the crisis rules of all
// languages had buckets of up to 124 phrases under one 3-letter key, but no more than 20
// distinct stems).
type stemRefs struct {
	stem string // without its "*"
	refs []ref
}

const prefixKey = 3

func newSection(v *vocab, rules []rule) *section { return newParts(v, [][]rule{rules}) }

// newParts compiles several lists of rules (a lexicon's intents and audiences) into one
// section of v, so that one pass over a message tells which lists match (matchParts). Every
// section of v must be made before v reads a message.
func newParts(v *vocab, parts [][]rule) *section {
	var rules []rule
	s := &section{v: v, id: v.next}
	v.next++
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
				s.file(ref{p: p, rule: ri, group: gi})
			}
		}
	}
	return s
}

// file puts one phrase in the vocab (or in the section's loose list).
func (s *section) file(rf ref) {
	v, p := s.v, rf.p
	first := p[0]
	switch {
	case first == "?":
		rf.setNeed(v, 0)
		if rf.need < 0 {
			s.loose = append(s.loose, rf)
		} else {
			v.later[rf.need] = add(v.later[rf.need], s.id, rf)
		}
	case first[len(first)-1] == '*':
		rf.setNeed(v, 1)
		stem := first[:len(first)-1]
		switch n := utf8.RuneCountInString(stem); {
		case n >= prefixKey:
			i := slot(v.stems3, firstRunes(stem, prefixKey), &v.stem3)
			v.stem3[i] = addStem(v.stem3[i], s.id, stem, rf)
		case n == 2:
			i := slot(v.stems2, stem, &v.stem2)
			v.stem2[i] = addStem(v.stem2[i], s.id, stem, rf)
		case n == 1:
			i := slot(v.stems1, stem, &v.stem1)
			v.stem1[i] = addStem(v.stem1[i], s.id, stem, rf)
		default:
			s.short = groupStem(s.short, stem, rf)
		}
	case len(p) > 1 && p[1] != "?" && p[1][len(p[1])-1] != '*':
		rf.setNeed(v, 2)
		a, b := v.id(first), v.id(p[1])
		key := pairKey(a, b)
		i, ok := v.pairs[key]
		if !ok {
			i = int32(len(v.pair))
			v.pairs[key] = i
			v.pair = append(v.pair, nil)
		}
		v.pair[i] = add(v.pair[i], s.id, rf)
	default:
		rf.setNeed(v, 1)
		i := v.id(first)
		v.exact[i] = add(v.exact[i], s.id, rf)
	}
}

// groupStem adds rf to the group of its stem in groups.
func groupStem(groups []stemRefs, stem string, rf ref) []stemRefs {
	for i := range groups {
		if groups[i].stem == stem {
			groups[i].refs = append(groups[i].refs, rf)
			return groups
		}
	}
	return append(groups, stemRefs{stem: stem, refs: []ref{rf}})
}

// refsOf returns the section's phrases in a posting list.
func (s *section) refsOf(list []posting) []ref {
	for i := range list {
		if list[i].sec == s.id {
			return list[i].refs
		}
	}
	return nil
}

// stemsOf returns the section's stems in a posting list.
func (s *section) stemsOf(list []stemPosting) []stemRefs {
	for i := range list {
		if list[i].sec == s.id {
			return list[i].groups
		}
	}
	return nil
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

// match reports whether any rule has every one of its groups somewhere in t (and none of
// its "must not" groups).
func (s *section) match(t *indexed) bool {
	if s == nil || len(t.words) == 0 {
		return false
	}
	c := scanner{s: s, t: t, early: true}
	if c.scan() {
		return true
	}
	for _, h := range c.found() {
		if s.complete(h) {
			return true
		}
	}
	return false
}

// matchParts returns a bit for every list of rules given to newParts (1<<i for the i-th)
// that has a rule matching t.
func (s *section) matchParts(t *indexed) uint64 {
	if s == nil || len(t.words) == 0 {
		return 0
	}
	c := scanner{s: s, t: t}
	c.scan()
	var parts uint64
	for _, h := range c.found() {
		if s.complete(h) {
			parts |= 1 << uint(s.part[h.rule])
		}
	}
	return parts
}

// blank returns t with every run a phrase of the section matches emptied: how hard
// negatives ("this homework is killing me") are taken out before the crisis rules.
func (s *section) blank(t *indexed) *indexed {
	cut := make([]bool, len(t.words))
	if s != nil {
		c := scanner{s: s, t: t, cut: cut}
		c.scan()
	}
	return t.blank(cut)
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

// scanner is one pass of a section over a message: it records the groups of every rule found
// (see found) or, given cut, marks the words of every phrase found.
type scanner struct {
	s *section
	t *indexed
	// The rules found, in the order found: the first len(hits) in hits, inside the scanner
	// (so on the stack: a slice of an array declared beside it went to the heap, 2 KiB per
	// message), any more in more. at finds a rule among hits without a search: one word
	// ("lol", "baby", "nudes") is a group of up to 250 rules, each marked in turn.
	hits  [128]hit
	at    [256]uint8 // open addressing by rule: 1 + the rule's index in hits, 0 for none
	n     int
	more  []hit
	early bool   // stop at the first rule completed that has no "must not" group: what follows cannot undo it
	cut   []bool // blanking: the positions of the phrases found
}

// found returns the rules found so far, with their groups.
func (c *scanner) found() []hit {
	if c.more == nil {
		return c.hits[:c.n]
	}
	return append(c.hits[:c.n:c.n], c.more...)
}

// scan tries at every word the phrases of the section filed under it; true when it stopped
// early on a completed rule.
func (c *scanner) scan() bool {
	s, t, v := c.s, c.t, c.s.v
	for i, w := range t.words {
		if w == "" {
			continue
		}
		if id := t.ids[i]; id >= 0 && (c.try(s.refsOf(v.exact[id]), i, 1) || c.tryBefore(s.refsOf(v.later[id]), i)) {
			return true
		}
		if j := t.pairs[i]; j >= 0 && c.try(s.refsOf(v.pair[j]), i, 2) {
			return true
		}
		if j := t.stems3[i]; j >= 0 && c.tryStems(s.stemsOf(v.stem3[j]), i) {
			return true
		}
		if j := t.stems2[i]; j >= 0 && c.tryStems(s.stemsOf(v.stem2[j]), i) {
			return true
		}
		if j := t.stems1[i]; j >= 0 && c.tryStems(s.stemsOf(v.stem1[j]), i) {
			return true
		}
		if c.tryStems(s.short, i) || c.try(s.loose, i, 0) {
			return true
		}
	}
	return false
}

// try checks refs at word at (the first from words of each known to match).
func (c *scanner) try(refs []ref, at, from int) bool {
	ids := c.t.ids
	for k := range refs {
		rf := &refs[k]
		if rf.need >= 0 && (at+int(rf.needAt) >= len(ids) || ids[at+int(rf.needAt)] != rf.need) {
			continue
		}
		if phraseFrom(c.t.words, at, rf.p, from) && c.mark(rf, at) {
			return true
		}
	}
	return false
}

// tryBefore checks phrases starting with "?" whose first plain word is the word at, each
// where it would start. (The order phrases are found in changes no scan's answer.)
func (c *scanner) tryBefore(refs []ref, at int) bool {
	for k := range refs {
		rf := &refs[k]
		start := at - int(rf.needAt)
		if start >= 0 && phraseFrom(c.t.words, start, rf.p, 0) && c.mark(rf, start) {
			return true
		}
	}
	return false
}

// tryStems checks the phrases of the stems the word at starts with.
func (c *scanner) tryStems(groups []stemRefs, at int) bool {
	for _, g := range groups {
		if strings.HasPrefix(c.t.words[at], g.stem) && c.try(g.refs, at, 1) {
			return true
		}
	}
	return false
}

// mark records a phrase found at word at; true when the scan may stop.
func (c *scanner) mark(rf *ref, at int) bool {
	if c.cut != nil {
		for k := at; k < at+len(rf.p); k++ {
			c.cut[k] = true
		}
		return false
	}
	s, bit := c.s, uint64(1)<<uint(rf.group)
	if h := c.lookup(rf.rule); h != nil {
		h.bits |= bit
		return c.early && s.none[rf.rule] == 0 && h.bits&s.all[rf.rule] == s.all[rf.rule]
	}
	if c.n < len(c.hits) {
		c.hits[c.n] = hit{rf.rule, bit}
		c.n++
		c.at[c.free(rf.rule)] = uint8(c.n)
	} else {
		c.more = append(c.more, hit{rf.rule, bit})
	}
	return c.early && s.none[rf.rule] == 0 && bit&s.all[rf.rule] == s.all[rf.rule]
}

// lookup returns the hit of a rule found before, or nil.
func (c *scanner) lookup(rule int) *hit {
	for i := rule & (len(c.at) - 1); c.at[i] != 0; i = (i + 1) & (len(c.at) - 1) {
		if h := &c.hits[c.at[i]-1]; h.rule == rule {
			return h
		}
	}
	for i := range c.more {
		if c.more[i].rule == rule {
			return &c.more[i]
		}
	}
	return nil
}

// free returns the slot of at where a rule not found before goes.
func (c *scanner) free(rule int) int {
	i := rule & (len(c.at) - 1)
	for c.at[i] != 0 {
		i = (i + 1) & (len(c.at) - 1)
	}
	return i
}

// phraseFrom reports whether p matches words starting at i, its first from words being
// known to match (the vocab found it under them).
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
