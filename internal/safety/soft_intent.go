package safety

import (
	"math"
	"slices"

	"github.com/lantern-help/lantern/internal/content"
)

// softIntent is a backstop for messages no rule understood at all: a multinomial naive Bayes
// model of the intents over the same features as the crisis backstop, learnt at start from
// content/examples. Rules decide whatever they match; this model only speaks where they
// would answer "I'm not sure I understood", and only when one intent leads the next by
// softIntentMargin. It never says crisis (that is the crisis backstops' job), never
// off_topic (that is what "not sure" already means) and never harmful_request (see guess).
type softIntent struct {
	classes []string
	prior   []float64
	index   *rowIndex // feature bucket -> row in logp
	logp    []float32 // rows of len(classes): log P(feature | intent)
	margin  float64
}

// rowIndex numbers the feature buckets seen in the examples: the intent and audience
// backstops learn over the same features and share one, so that a message's buckets are
// looked up once for both (known). (Each had its own 4 MiB table, and the look-ups, one cache
// miss per feature, made the two a fifth of Assess, 2026-11-29.)
type rowIndex struct {
	row []int32 // feature bucket -> row, or -1 for a bucket never seen
	n   int     // rows
}

// newRowIndex numbers the buckets of the features featuresOf gives for the examples' texts.
func newRowIndex(examples []content.Example, featuresOf func(string) []uint32) *rowIndex {
	x := &rowIndex{row: make([]int32, softBuckets)}
	for i := range x.row {
		x.row[i] = -1
	}
	for _, ex := range examples {
		for _, b := range featuresOf(ex.Text) {
			if x.row[b] < 0 {
				x.row[b] = int32(x.n)
				x.n++
			}
		}
	}
	return x
}

// known returns the rows of a message's features that the index knows, in order (a
// feature that occurs twice, twice); nil for a nil index.
func (x *rowIndex) known(feats []uint32) []int32 {
	if x == nil {
		return nil
	}
	out := make([]int32, 0, len(feats))
	for _, b := range feats {
		if r := x.row[b]; r >= 0 {
			out = append(out, r)
		}
	}
	return out
}

// softIntentMargin is the lead (log-likelihood per known feature) the best intent needs over
// the next. Chosen on the fourth blind dev round (520 messages, 12 languages) before it was
// tuned on, learning from the rest: macro-F1 0.705 without the model; 0.737, 0.733, 0.734,
// 0.730, 0.721, 0.711 with margins 0.1, 0.2, 0.3, 0.4, 0.5, 0.7. At 0.3 sextortion recall
// went 0.923 → 0.957 (precision 0.794 → 0.742), enticement 0.615 → 0.731, report 0.731 →
// 0.846, learn 0.423 → 0.500, off_topic precision 0.261 → 0.361; crisis untouched.
const softIntentMargin = 0.3

// softAudienceMargin is the audience backstop's margin. Chosen by learning from the examples
// without the fourth blind round and reading that round (520 messages): with no backstop,
// 226 of them had the labelled audience (teen recall 0.158: most teens write about
// themselves without saying who they are); with margins 0, 0.1, 0.2, 0.3, 0.5: 387, 389,
// 377, 364, 315. 0.2 keeps the parent and school readings mostly right (precision 0.875 and
// 0.778 against 0.710 and 0.566 at 0) with teen recall 0.752.
const softAudienceMargin = 0.2

// intentOf and audienceOf are what the intent and audience backstops learn.
func intentOf(ex content.Example) string   { return ex.Intent }
func audienceOf(ex content.Example) string { return ex.Audience }

// newSoftLabels learns a model of label(example) over the features featuresOf gives for a
// text, numbered by index (which must have been made from the same examples and features; nil
// makes one); nil with fewer than two labels.
func newSoftLabels(examples []content.Example, label func(content.Example) string, margin float64, featuresOf func(string) []uint32, index *rowIndex) *softIntent {
	classOf := map[string]int{}
	m := &softIntent{margin: margin}
	for _, ex := range examples {
		if _, ok := classOf[label(ex)]; !ok {
			classOf[label(ex)] = len(m.classes)
			m.classes = append(m.classes, label(ex))
		}
	}
	k := len(m.classes)
	if k < 2 {
		return nil
	}
	if index == nil {
		index = newRowIndex(examples, featuresOf)
	}
	m.index = index
	counts := make([]float32, index.n*k) // rows of k counts, one per bucket seen
	totals := make([]float64, k)
	docs := make([]float64, k)
	for _, ex := range examples {
		c := classOf[label(ex)]
		docs[c]++
		for _, b := range softFeatures(ex.Text, featuresOf) {
			counts[int(index.row[b])*k+c]++
			totals[c]++
		}
	}
	v := float64(index.n)
	m.logp = make([]float32, len(counts))
	for i, n := range counts {
		c := i % k
		m.logp[i] = float32(math.Log((float64(n) + softAlpha) / (totals[c] + softAlpha*v)))
	}
	m.prior = make([]float64, k)
	for c := range docs {
		m.prior[c] = math.Log(docs[c] / float64(len(examples)))
	}
	return m
}

// guess returns the intent the model finds for a message's features, if one leads
// the next by the margin and is neither crisis, off_topic nor harmful_request. A refusal
// ("what you ask is a crime") is given on a rule's word only: a parent asking how to get
// their own daughter to trust them, or a teen asking about a crush, must never be told so
// on a guess (the model guessed harmful_request for 5 of 183 such messages written to test
// the rules, 2026-11-29).
func (m *softIntent) guess(rows []int32) (Intent, bool) {
	in, ok := m.best(rows)
	if !ok || Intent(in) == Crisis || Intent(in) == OffTopic || Intent(in) == HarmfulRequest {
		return "", false
	}
	return Intent(in), true
}

// best returns the label the model finds for a message (the known rows of its features, see
// rowIndex.known), if it leads the next by the margin.
func (m *softIntent) best(rows []int32) (string, bool) {
	if m == nil || len(rows) == 0 {
		return "", false
	}
	k := len(m.classes)
	m.warm(rows)
	var buf [16]float64 // the intents and audiences fit: no allocation per message
	scores := append(buf[:0], m.prior...)
	for _, r := range rows {
		for c, lp := range m.logp[int(r)*k : int(r)*k+k] {
			scores[c] += float64(lp)
		}
	}
	n := len(rows)
	best, second := 0, -1
	for c := 1; c < k; c++ {
		switch {
		case scores[c] > scores[best]:
			best, second = c, best
		case second < 0 || scores[c] > scores[second]:
			second = c
		}
	}
	if (scores[best]-scores[second])/float64(n) < m.margin {
		return "", false
	}
	return m.classes[best], true
}

// warm reads every row of a message's features (rows) once, before best sums them: the rows
// are spread over many megabytes, so nearly every one is a cache miss, and the summing loop
// (a dozen additions per row) leaves the processor room to fetch only a few at a time, where
// this one (a read per cache line a row may span) lets it fetch many at once; the sums then
// find the rows in the cache, in the same order as before. On the tuned examples
// (2026-12-02) it halved best's time and took about 7 % off Assess. It is not inlined, so
// that the reads, whose sum nothing needs, are not optimised away.
//
//go:noinline
func (m *softIntent) warm(rows []int32) (sum float32) {
	k := len(m.classes)
	for _, r := range rows {
		sum += m.logp[int(r)*k] + m.logp[int(r)*k+k-1]
	}
	return sum
}

// prefers reports whether the model scores a message (the known rows of its features) higher
// as intent x than as intent y, whatever the other intents score; false when it knows either
// not or no feature of the message.
func (m *softIntent) prefers(rows []int32, x, y Intent) bool {
	if m == nil {
		return false
	}
	xi, yi := slices.Index(m.classes, string(x)), slices.Index(m.classes, string(y))
	if xi < 0 || yi < 0 {
		return false
	}
	k := len(m.classes)
	sx, sy := m.prior[xi], m.prior[yi]
	for _, r := range rows {
		sx += float64(m.logp[int(r)*k+xi])
		sy += float64(m.logp[int(r)*k+yi])
	}
	return len(rows) > 0 && sx > sy
}
