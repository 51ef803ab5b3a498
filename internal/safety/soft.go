package safety

import (
	"math"
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/lantern-help/lantern/internal/content"
)

// softCrisis is a backstop for the crisis rules: a naive Bayes model over character n-grams
// and words, learnt at start from the labelled examples in content/examples. Lexicons miss
// phrasings nobody wrote down; n-grams carry over inflections, misspellings and words the
// rules never listed. It is not trusted to interrupt a conversation (it is wrong too often
// for that): a message it finds likely but the rules do not gets the crisis contacts added
// to whatever else it is answered with (Assessment.CrisisMaybe). The same type, learnt over
// words and word pairs instead (newSureCrisis), is trusted to flag a crisis by itself.
type softCrisis struct {
	llr       []float32 // feature bucket -> log P(f | yes) - log P(f | no)
	known     []uint64  // bit set of the buckets seen in training
	prior     float64   // log P(yes) - log P(no)
	threshold float64   // likely above this
}

// softBuckets is how many hashed feature buckets the model has: features are hashed rather
// than kept in a map, so scoring is an array look-up per feature. The 9,814 examples of the
// end of 2026-11-29 fill 279,817 of the 1,048,576 buckets with character features and 108,603
// with the sure backstops' (counted that day), so few features share one.
const softBuckets = 1 << 20

// bucket hashes a feature (FNV-1a).
func bucket(f string) uint32 { return fnv(fnvOffset, f) & (softBuckets - 1) }

// fnvOffset is FNV-1a's starting value.
const fnvOffset = uint32(2166136261)

// softThreshold is the mean log-likelihood ratio per known feature above which a message is
// likely a crisis. It was chosen on the second blind dev round before that round was tuned on,
// learning from the rest: there the rules of the time flagged 0.646 of the crisis messages,
// rules and backstop together 0.746, and the backstop alone flagged 5 of 338 other messages
// (3 of 78 benign ones). A false alarm costs one extra message with crisis contacts.
const softThreshold = 0.4

// softCrisisSure is the threshold of the sure crisis backstop (newSureCrisis): above it, a
// message no crisis rule caught is flagged a crisis, interrupting as a rule does. Chosen
// (2026-11-29) on blind rounds 4 to 8, each read with the rules and the examples of the day
// before that round was tuned on, plus the hard negatives of the crisis family audit
// (content/examples/fam9_negatives.jsonl: "took a pill for my headache", "rooftop party
// tonight", "bye all, off to sleep"), which the model learns from. Among the 216 crisis
// messages of rounds 4 to 8 the rules missed, it flags 67 above 0.5 against 5 of 1,621 other
// messages; 53 against 4 at 0.6, 35 against 1 at 0.8, 78 against 7 at 0.4: past 0.5 each
// extra false alarm buys fewer crisis messages. The audit's hard negatives are the worst case:
// learning from one half, it flags 13 % of the other half above 0.5 (9 % at 0.6, 6.6 % at
// 0.8). A false alarm shows one crisis reply ("You matter…", the contacts, the menu) to
// someone who did not need it; a miss leaves someone at risk with "I'm not sure I understood".
const softCrisisSure = 0.5

// softSureMinWords is the fewest words a message needs before the sure backstop reads it: the
// score is a mean over a message's features, and a word or two give too few to trust (on
// round 9 the Arabic greeting "هلا" scored as a crisis; on rounds 4 to 8 "slt" and "дякую,
// ок" did). Not 4: a review (2026-12-02) found three-word despair ("whats the point", "sorry
// for everything", "j'en peux plus") the sure backstops alone flag, though no stored set has
// one; "ya le pagué" (I already paid him), flagged by them, is the price.
const softSureMinWords = 3

// softMinKnown is the fewest features a model must know in a message to score it: a mean
// over one or two is a word deciding ("دستور قورمه سبزی", a recipe asked for, scored as a
// crisis on the one word "دستور" it knew). Chosen 2026-12-01 on round 53's dev half: 3 of its
// 60 harmless messages flagged a crisis went to 2; no untuned set's totals moved, nor the
// totals of `lantern eval` over all the examples.
const softMinKnown = 3

// softAlpha is the additive smoothing of the feature counts.
const softAlpha = 0.5

// softSextortionThreshold is the threshold of the sextortion backstop, which only speaks for
// messages no rule understood at all. Chosen on the third blind dev round before it was tuned
// on, learning from the rest: it took sextortion recall from 0.873 to 0.888 there, with no
// other message routed to sextortion.
const softSextortionThreshold = 0.5

// softSextortionLogistic is the threshold of the second sextortion backstop (Rules.sxLogit): a
// logistic regression over the same word and character n-gram features, which reads messages
// the intent rules read as off_topic, a greeting, a question or talk_to_someone, or as
// image_removal ("nudes geleakt + erpresst", a blackmailer's demand pasted with no word a rule
// knows). The first backstop only reads messages no rule understood at all, so examples
// learnt did not reach these: 390 blind sextortion examples (content/examples/sx44.jsonl)
// moved no untuned set's sextortion recall by more than a message.
//
// Chosen (2026-11-30) on four blind rounds, each read with the content of before it was
// learnt (rounds 37, 39 and 41, and sx44 itself): sextortion recognised 632 -> 648 of 669,
// other messages read as sextortion 64 -> 71 (5 harmless look-alikes: a sister threatening to
// show mum a video of singing, a brother's loan); the crisis family audit 80 -> 82 of 94
// sextortion rows, none of its crisis rows changed. From 0.6 to 0.95 the same messages
// changed: the model is sure of what it reads. Letting it also replace a crisis reading found
// 12 more sextortion stories on those rounds but read 26 to 39 of the audit's crisis messages
// without sextortion ("i literally have nothing to live for") as sextortion; letting it replace
// enticement or friend found at most one more and cost as many.
//
// A review then wrote 630 messages that are not sextortion (look-alikes, questions, removals
// with no threat, first messages, crises) and 245 that are: the model alone read 18 of the
// first as sextortion (a wedding photographer holding back the pictures until paid, a parcel
// scam, a mother's "good morning, I have two teens") for 21 of the second. It now also needs
// the intent backstop to agree (Rules.sextortionAgreed): 14 and 21; on the four rounds 647 of
// 669 and 70 others. A reading it makes is a sextortion one, so it is never sent to a model
// (sextortion replies do not wait for one): a harmless message it misreads gets the
// sextortion steps.
//
// Read after the choice on the untuned sets (totals only): sextortion recall fresh11
// 108 -> 112 of 117, fresh12 110 -> 113, fresh34 151 -> 153, fresh36 134 -> 134, fresh38
// 146 -> 147, holdout 60 -> 63 of 70, fresh42 122 -> 125 of 130, fresh44 177 -> 183 of 208
// (1,008 -> 1,029 of 1,090); other messages read as sextortion 118 -> 121 (harmless ones
// 22 -> 23); first messages of intro30 and intro31 read as sextortion 0 -> 0. It costs about
// 1.5 s and 80 MB more at start (eight models, as the crisis regressions).
const softSextortionLogistic = 0.9

// memoFeatures returns featuresOf remembering each text's features, sorted and each once:
// NewRules's backstops read the same examples' features several times, each feature once.
func memoFeatures(featuresOf func(string) []uint32) func(string) []uint32 {
	seen := map[string][]uint32{}
	return func(text string) []uint32 {
		f, ok := seen[text]
		if !ok {
			f = sortedSet(featuresOf(text))
			seen[text] = f
		}
		return f
	}
}

// newSureCrisis learns the sure crisis backstop: naive Bayes over words, adjacent word pairs
// and emoji (sureFeatures; featuresOf gives them for a text, see sureTextFeatures). Character
// n-grams match the surface of the examples; words and pairs carry the ideas ("без мене",
// "not wake"), which is what unseen messages share with them, and a 😂 or a 🎉 says a joke or
// a party.
func newSureCrisis(examples []content.Example, featuresOf func(string) []uint32) *softCrisis {
	return newSoft(examples, isCrisis, softCrisisSure, featuresOf)
}

// sureTextFeatures is sureFeatures of a text's own words, as the sure backstops learn them.
func sureTextFeatures(text string) []uint32 { return sureFeatures(text, Tokens(text)) }

// isCrisis and isSextortion are what the crisis backstops and the sextortion backstop learn.
func isCrisis(ex content.Example) bool     { return ex.Crisis }
func isSextortion(ex content.Example) bool { return ex.Intent == string(Sextortion) }

// newSoft learns a naive Bayes model of yes(example) from examples over the features featuresOf
// gives for a text (each counted once per example); nil if either class is missing.
func newSoft(examples []content.Example, yes func(content.Example) bool, threshold float64, featuresOf func(string) []uint32) *softCrisis {
	var pos, neg int
	posCount := make([]float32, softBuckets)
	negCount := make([]float32, softBuckets)
	var posTotal, negTotal float64
	for _, ex := range examples {
		counts, total := negCount, &negTotal
		if yes(ex) {
			counts, total = posCount, &posTotal
			pos++
		} else {
			neg++
		}
		for _, b := range softFeatures(ex.Text, featuresOf) {
			counts[b]++
			*total++
		}
	}
	if pos == 0 || neg == 0 {
		return nil
	}
	m := &softCrisis{llr: make([]float32, softBuckets), known: make([]uint64, softBuckets/64),
		prior: math.Log(float64(pos) / float64(neg)), threshold: threshold}
	v := 0.0
	for b := range posCount {
		if posCount[b] > 0 || negCount[b] > 0 {
			v++
		}
	}
	for b := range posCount {
		if posCount[b] == 0 && negCount[b] == 0 {
			continue
		}
		m.known[b/64] |= 1 << (b % 64)
		m.llr[b] = float32(math.Log((float64(posCount[b])+softAlpha)/(posTotal+softAlpha*v)) -
			math.Log((float64(negCount[b])+softAlpha)/(negTotal+softAlpha*v)))
	}
	return m
}

// likely reports whether the model finds a message (its features) likely a yes.
func (m *softCrisis) likely(feats []uint32) bool {
	score, ok := m.score(feats)
	return ok && score > m.threshold
}

// score is the mean log-likelihood ratio over the message's features the model knows, the
// prior included; ok is false when it knows fewer than softMinKnown of them. A feature that
// occurs twice counts twice here (once in training): close enough, and no allocation per
// feature.
func (m *softCrisis) score(feats []uint32) (float64, bool) {
	if m == nil || len(feats) == 0 {
		return 0, false
	}
	sum, n := m.prior, 0
	for _, b := range feats {
		if m.known[b/64]&(1<<(b%64)) != 0 {
			sum += float64(m.llr[b])
			n++
		}
	}
	if n < softMinKnown {
		return 0, false
	}
	return sum / float64(n), true
}

// features returns the buckets of every feature of a message's normalised words (see
// eachFeature), computed once per message for all the backstops.
func features(words []string) []uint32 {
	// A word of n letters gives about 3n+4 features: its word feature and its 3-, 4- and
	// 5-grams with the spaces around it. Sized once, the slice is not grown (and copied).
	size := 0
	for _, w := range words {
		size += 3*utf8.RuneCountInString(w) + 4
	}
	out := make([]uint32, 0, size)
	eachFeature(words, func(b uint32) { out = append(out, b) })
	return out
}

// softFeatures are the buckets of a text's features (featuresOf gives them), sorted and each
// once (for training): those of memoFeatures already are. (A set built per example was a third
// of NewRules.)
func softFeatures(text string, featuresOf func(string) []uint32) []uint32 {
	f := featuresOf(text)
	for i := 1; i < len(f); i++ {
		if f[i] <= f[i-1] {
			return sortedSet(f)
		}
	}
	return f
}

// sortedSet returns a sorted copy of f with each value once.
func sortedSet(f []uint32) []uint32 { return slices.Compact(slices.Sorted(slices.Values(f))) }

// textFeatures are the features (see eachFeature) of a text's normalised words.
func textFeatures(text string) []uint32 { return features(Tokens(text)) }

// sureFeatures returns the buckets of the sure crisis backstop's features of a message: every
// word (hashed as "w:word", as in eachFeature), every pair of adjacent words ("b:one two"),
// and every distinct emoji or other symbol of the raw text ("e:😂"), which normalisation
// drops from the words.
func sureFeatures(text string, words []string) []uint32 {
	out := make([]uint32, 0, 2*len(words)+2)
	for i, w := range words {
		out = append(out, fnv(fnv(fnvOffset, "w:"), w)&(softBuckets-1))
		if i > 0 {
			out = append(out, fnv(fnv(fnv(fnv(fnvOffset, "b:"), words[i-1]), " "), w)&(softBuckets-1))
		}
	}
	var seen [8]rune // a message's first distinct symbols; more add little
	n := 0
	for _, r := range text {
		if n == len(seen) {
			break
		}
		if !(r >= 0x1F000 || unicode.Is(unicode.So, r)) || slices.Contains(seen[:n], r) {
			continue
		}
		seen[n] = r
		n++
		out = append(out, fnv(fnv(fnvOffset, "e:"), string(r))&(softBuckets-1))
	}
	return out
}

// fnv continues an FNV-1a hash h over s.
func fnv(h uint32, s string) uint32 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return h
}

// eachFeature calls fn with the bucket of every feature of a message: its words (hashed as
// "w:word") and the character 3-, 4- and 5-grams of the words joined by spaces, with a space
// at each end. Nothing is allocated per feature, nor per message when the words are short
// (the joined text and its rune offsets are built on the stack).
func eachFeature(words []string, fn func(uint32)) {
	for _, w := range words {
		fn(fnv(fnv(fnvOffset, "w:"), w) & (softBuckets - 1))
	}
	var textBuf [512]byte
	var startBuf [513]int32
	s := append(textBuf[:0], ' ')
	for _, w := range words {
		s = append(append(s, w...), ' ')
	}
	if len(words) == 0 {
		s = append(s, ' ')
	}
	starts := startBuf[:0] // byte offset of every rune, and the end
	for i := 0; i < len(s); {
		starts = append(starts, int32(i))
		_, size := utf8.DecodeRune(s[i:])
		i += size
	}
	starts = append(starts, int32(len(s)))
	for n := 3; n <= 5; n++ {
		for i := 0; i+n < len(starts); i++ {
			fn(fnvBytes(fnvOffset, s[starts[i]:starts[i+n]]) & (softBuckets - 1))
		}
	}
}

// fnvBytes is fnv over bytes (the same hash as fnv over the same string).
func fnvBytes(h uint32, b []byte) uint32 {
	for _, c := range b {
		h = (h ^ uint32(c)) * 16777619
	}
	return h
}
