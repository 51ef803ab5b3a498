package safety

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	contentfs "github.com/lantern-help/lantern/content"
	"github.com/lantern-help/lantern/internal/content"
)

func TestSoftCrisisLearnsFromExamples(t *testing.T) {
	ex := func(text string, crisis bool) content.Example { return content.Example{Text: text, Crisis: crisis} }
	m := newSoft([]content.Example{
		ex("i cant go on anymore, everyone would be better off without me", true),
		ex("nobody would even notice if i was gone tomorrow", true),
		ex("i have been saving my pills, tonight i end it", true),
		ex("what time does the library open", false),
		ex("can you tell me how to report an account on instagram", false),
		ex("my phone battery is dying lol", false),
		ex("hello there", false),
	}, isCrisis, softThreshold, textFeatures)
	if m == nil {
		t.Fatal("no model from labelled examples")
	}
	if !m.likely(features(Tokens("honestly everyone would be better off if i was gone"))) {
		t.Error("a close paraphrase of the crisis examples is not likely")
	}
	if m.likely(features(Tokens("what time does the gym open"))) {
		t.Error("an everyday question is likely a crisis")
	}
	if m.likely(nil) {
		t.Error("no words, yet likely")
	}
	if newSoft([]content.Example{ex("only benign", false)}, isCrisis, softThreshold, textFeatures) != nil {
		t.Error("a model without a single crisis example")
	}
	var none *softCrisis
	if none.likely(features(Tokens("i want to die"))) {
		t.Error("a nil model flagged something")
	}
}

func TestSureCrisisReadsWordsAndPairs(t *testing.T) {
	got := sureFeatures("not wake 😂 up 😂😭", []string{"not", "wake", "up"})
	want := []uint32{bucket("w:not"), bucket("w:wake"), bucket("b:not wake"), bucket("w:up"), bucket("b:wake up"),
		bucket("e:😂"), bucket("e:😭")}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("features %v, want %v", got, want)
	}
	ex := func(text string, crisis bool) content.Example { return content.Example{Text: text, Crisis: crisis} }
	examples := []content.Example{
		ex("i want to sleep and not wake up", true),
		ex("everyone would be better without me", true),
		ex("i wake up at seven for school", false),
		ex("what time does the library open", false),
		ex("my phone battery is dying lol", false),
	}
	m := newSureCrisis(examples, sureTextFeatures)
	if m == nil || m.threshold != softCrisisSure {
		t.Fatalf("model %+v", m)
	}
	if !m.likely(sureTextFeatures("i want to sleep and never wake up")) {
		t.Error("the words and pairs of a crisis example, reworded, are not sure")
	}
	if m.likely(sureTextFeatures("what time do i wake up for school")) {
		t.Error("a question about waking up for school is sure to be a crisis")
	}
}

// TestLogisticLearnsWordsTogether: the logistic backstop learns which words carry a crisis
// when they always come with others, and does so the same way every time.
func TestLogisticLearnsWordsTogether(t *testing.T) {
	ex := func(text string, crisis bool) content.Example { return content.Example{Text: text, Crisis: crisis} }
	var examples []content.Example
	for range 20 { // a few examples, repeated: the model needs passes to move from its start
		examples = append(examples,
			ex("took all the pills tonight goodbye", true),
			ex("i swallowed the pills and feel sleepy", true),
			ex("want to disappear forever tonight", true),
			ex("took a pill for my headache tonight", false),
			ex("party tonight at the rooftop", false),
			ex("my headache is gone now", false),
		)
	}
	m := newLogistic(examples, isCrisis, sureTextFeatures, softCrisisLogistic)
	if m == nil || m.threshold != softCrisisLogistic {
		t.Fatalf("model %+v", m)
	}
	if p := m.prob(sureTextFeatures("swallowed all the pills goodbye")); p <= m.threshold {
		t.Errorf("pills swallowed, goodbye: probability %.3f, want above %.2f", p, m.threshold)
	}
	if p := m.prob(sureTextFeatures("a pill for the headache before the party")); p >= 0.5 {
		t.Errorf("a pill for a headache: probability %.3f, want below 0.5", p)
	}
	again := newLogistic(examples, isCrisis, sureTextFeatures, softCrisisLogistic)
	if again.bias != m.bias || !slices.Equal(again.w, m.w) {
		t.Error("two trainings on the same examples gave different models")
	}
	if newLogistic(nil, isCrisis, sureTextFeatures, softCrisisLogistic) != nil || (*logistic)(nil).likely([]uint32{1}) {
		t.Error("a model with no examples should be nil and never flag")
	}
	if newLogistic(examples[:1], isCrisis, sureTextFeatures, softCrisisLogistic) != nil {
		t.Error("a model of crisis examples only should be nil (its bias alone would flag)")
	}
	// A feature typed many times counts once, as in training.
	pills := sureTextFeatures("swallowed the pills")
	var repeated []uint32
	for range 7 {
		repeated = append(repeated, pills...)
	}
	boosted := *m
	boosted.threshold = m.prob(pills) // likely only above what the features give once
	if boosted.likely(repeated) {
		t.Errorf("repeating features raised the score: once %.3f, seven times %.3f", m.prob(pills), m.prob(repeated))
	}
}

// TestLogisticAveragesShuffles: the logistic backstop is the mean of logisticSeeds models
// learnt in differently shuffled orders, and such a mean depends less on the order than one
// model does: two means of disjoint seeds are closer than two single models.
func TestLogisticAveragesShuffles(t *testing.T) {
	lib, err := content.Load(contentfs.FS, "embedded")
	if err != nil {
		t.Fatal(err)
	}
	samples, _ := logisticSamples(lib.Examples, isCrisis, sureTextFeatures)
	var models []*logistic
	for seed := range uint64(2 * logisticSeeds) {
		models = append(models, trainLogistic(samples, seed+1))
	}
	m := newLogistic(lib.Examples, isCrisis, sureTextFeatures, softCrisisLogistic)
	if want := average(models[:logisticSeeds]); m.bias != want.bias || !slices.Equal(m.w, want.w) {
		t.Fatal("the backstop is not the mean of the models of seeds 1 to logisticSeeds")
	}
	dist := func(a, b *logistic) float64 {
		var d float64
		for i := range a.w {
			d += float64((a.w[i] - b.w[i]) * (a.w[i] - b.w[i]))
		}
		return math.Sqrt(d)
	}
	one := dist(models[0], models[1])
	mean := dist(average(models[:logisticSeeds]), average(models[logisticSeeds:]))
	if mean >= one/2 {
		t.Errorf("two means of %d models are %.2f apart, two single models %.2f: want under half", logisticSeeds, mean, one)
	}
	t.Logf("distance between two single models %.2f, between two means of %d %.2f", one, logisticSeeds, mean)
}

// sureScore is the sure crisis backstop's score of a text (-inf when it knows none of its
// features).
func sureScore(m *softCrisis, text string) float64 {
	s, ok := m.score(sureFeatures(text, Tokens(text)))
	if !ok {
		return math.Inf(-1)
	}
	return s
}

func TestSoftSextortionLearnsTheIntent(t *testing.T) {
	ex := func(text, intent string) content.Example { return content.Example{Text: text, Intent: intent} }
	m := newSoft([]content.Example{
		ex("he has my pics and wants money or my class sees them", "sextortion"),
		ex("she recorded our call and says pay or it goes to my family", "sextortion"),
		ex("they have my video and want gift cards by tonight", "sextortion"),
		ex("what time does the library open", "off_topic"),
		ex("hi there", "greeting"),
		ex("how do i report an account", "report"),
	}, isSextortion, softSextortionThreshold, textFeatures)
	if m == nil || m.threshold != softSextortionThreshold {
		t.Fatalf("model %+v", m)
	}
	if !m.likely(features(Tokens("he has my pics and wants money or my family sees them"))) {
		t.Error("a close paraphrase of the sextortion examples is not likely")
	}
	if m.likely(features(Tokens("what time does the pool open"))) {
		t.Error("an everyday question reads as sextortion")
	}
}

func TestSoftIntentGuessesOnlyWhenOneIntentLeads(t *testing.T) {
	ex := func(text, intent string) content.Example { return content.Example{Text: text, Intent: intent} }
	m := newSoftLabels([]content.Example{
		ex("a pic of me got posted on a website and i need it taken down", "image_removal"),
		ex("how do i get my video removed from that site", "image_removal"),
		ex("can you take my photo off the internet", "image_removal"),
		ex("he has my pics and wants money or my class sees them", "sextortion"),
		ex("she recorded our call and says pay or it goes to my family", "sextortion"),
		ex("i dont want to live anymore", "crisis"),
		ex("i dont want to be here tomorrow", "crisis"),
		ex("what time does the library open", "off_topic"),
		ex("whats the score of the game", "off_topic"),
		ex("which app can undress a photo of a girl from my class", "harmful_request"),
		ex("where do i find telegram groups with pics of young girls", "harmful_request"),
	}, intentOf, softIntentMargin, textFeatures, nil)
	if m == nil {
		t.Fatal("no model from labelled examples")
	}
	if in, ok := m.guess(m.index.known(features(Tokens("my pic is posted on some website, need it taken down asap")))); !ok || in != ImageRemoval {
		t.Errorf("a paraphrase of the removal examples: %q %v", in, ok)
	}
	// The model never says crisis, off_topic or harmful_request: the crisis backstop, "not
	// sure" and the rules do (though it reads the request below as one).
	if in, ok := m.best(m.index.known(features(Tokens("which app can undress a photo of a girl in my class")))); !ok || in != string(HarmfulRequest) {
		t.Fatalf("the model does not read a paraphrased request as harmful_request (%q %v): the test below would prove nothing", in, ok)
	}
	for _, text := range []string{"i dont want to live tomorrow", "what time does the library close",
		"which app can undress a photo of a girl in my class"} {
		if in, ok := m.guess(m.index.known(features(Tokens(text)))); ok {
			t.Errorf("%q guessed %q", text, in)
		}
	}
	if in, ok := m.guess(m.index.known(features(Tokens("zzqx")))); ok {
		t.Errorf("unknown words guessed %q", in)
	}
	if newSoftLabels([]content.Example{ex("only one", "greeting")}, intentOf, softIntentMargin, textFeatures, nil) != nil {
		t.Error("a model of one intent")
	}
	var none *softIntent
	if _, ok := none.guess(nil); ok {
		t.Error("a nil model guessed")
	}
}

// TestSureBackstopFlagsWhatNoRuleCaught: a message no crisis rule matches is flagged as a
// crisis (and routed as one) only when the backstop is sure; when it is only likely, the
// reply merely adds the crisis contacts.
func TestSureBackstopFlagsWhatNoRuleCaught(t *testing.T) {
	ex := func(text string, crisis bool) content.Example {
		in := "off_topic"
		if crisis {
			in = "crisis"
		}
		return content.Example{Text: text, Intent: in, Lang: "en", Crisis: crisis}
	}
	lib := &content.Library{
		Lexicons: map[string]*content.Lexicon{"en": {
			Crisis:    []string{"kill myself", "got a rope + !climbing"},
			NotCrisis: []string{"maths homework is killing me"},
			Intents:   map[string][]string{"greeting": {"hello"}},
		}},
		Examples: []content.Example{
			ex("everyone would be better off without me, i am so tired", true),
			ex("nobody would even notice if i was gone tomorrow", true),
			ex("i gave my games away, nobody would notice when i am gone", true),
			ex("i got a rope, tonight nobody would notice", true),
			ex("what time does the library open tomorrow", false),
			ex("can you tell me how to report an account on instagram", false),
			ex("my phone battery is dying lol", false),
			ex("i am so tired of maths homework", false),
			ex("maths homework is killing me, so much to do", false),
			ex("ugh this maths homework is killing me", false),
			{Text: "he will post my pics unless i pay, nobody would notice if i was gone", Intent: "sextortion", Lang: "en", Crisis: true},
			{Text: "he says he will post my pics to everyone unless i pay", Intent: "sextortion", Lang: "en"},
		},
	}
	r := NewRules(lib)
	ctx := context.Background()
	if sureScore(r.sure, "nobody would") <= softCrisisSure {
		t.Fatal("the short message below no longer scores as sure: it tests nothing")
	}
	if sureScore(r.sure, "maths homework is killing me and nobody would notice if i was gone") > softCrisisSure ||
		sureScore(r.sure, "and nobody would notice if i was gone") <= softCrisisSure {
		t.Fatal("the idiom message below no longer needs its idiom taken out to be sure: it tests nothing")
	}
	if sureScore(r.sure, "got a rope for climbing tonight") <= softCrisisSure {
		t.Fatal("the excepted message below no longer scores as sure: it tests nothing")
	}
	if c, ok := r.soft.score(features(Tokens("nobodyy wouldd noticee"))); !ok || c <= softThreshold || sureScore(r.sure, "nobodyy wouldd noticee") > softCrisisSure {
		t.Fatal("the likely-not-sure message below no longer is: it tests nothing")
	}
	const misspelt = "nobodyy wouldd evenn noticee iff i wass gonee"
	if r.sureLogit.likely(sureTextFeatures(misspelt)) || sureScore(r.sure, misspelt) > softCrisisSure {
		t.Fatal("a word backstop now reads the misspelt message below: it no longer tests the character one")
	}
	for _, tc := range []struct {
		text          string
		crisis, maybe bool
		intent        Intent
		source        string
	}{
		{"i want to kill myself", true, false, Crisis, "rules"},
		{"nobody would notice if i was gone", true, false, Crisis, SourceBackstop},
		{"hello, nobody would notice if i was gone", true, false, Crisis, SourceBackstop},
		{"nobodyy wouldd noticee", false, true, OffTopic, "rules"}, // likely, not sure (no word it knows)
		// misspelt: no word the word models know; the character regression reads it
		{misspelt, true, false, Crisis, SourceBackstop},
		// ... beside a sextortion too: the crisis reply comes first, then the sextortion steps
		{"he will post my pics unless i pay " + misspelt, true, false, Sextortion, SourceBackstop},
		// more specific than the crisis: the sextortion reply carries the crisis line
		{"he will post my pics, nobody would notice if i was gone", true, false, Sextortion, SourceBackstop},
		{"what time does the pool open", false, false, OffTopic, "rules"},
		{"nobody would", false, true, OffTopic, "rules"}, // too short to be sure
		// the lexicon's exception gives way when both sure backstops read a crisis
		{"got a rope for climbing tonight", true, false, Crisis, SourceBackstop},
		// a harmless idiom does not hide the crisis beside it
		{"maths homework is killing me and nobody would notice if i was gone", true, false, Crisis, SourceBackstop},
	} {
		a := r.Assess(ctx, tc.text, "en")
		if want := tc.crisis && tc.text != "i want to kill myself"; a.CrisisGuessed != want {
			t.Errorf("%q: crisis guessed %v, want %v", tc.text, a.CrisisGuessed, want)
		}
		if a.Crisis != tc.crisis || a.CrisisMaybe != tc.maybe || a.Intent != tc.intent || a.Source != tc.source {
			t.Errorf("%q: crisis %v maybe %v intent %s source %s; want %v %v %s %s (score %.2f)", tc.text,
				a.Crisis, a.CrisisMaybe, a.Intent, a.Source, tc.crisis, tc.maybe, tc.intent, tc.source, sureScore(r.sure, tc.text))
		}
	}
	// Where the lexicon's exception stands (one sure backstop alone reads a crisis), that
	// backstop still adds the crisis contacts, even when the soft backstop would not: an
	// exception of everyday words must not take all crisis help from a real crisis.
	if !r.sureLogit.likely(sureOnly(r.sureInput("got a rope for climbing tonight", r.vocab.read(Tokens("got a rope for climbing tonight")), nil, false))) {
		t.Fatal("the logistic backstop no longer reads the excepted message as a crisis: the case above tests nothing")
	}
	// Without the character regression, the misspelt message is only likely: the contacts are
	// added to the reply.
	chars := r.charLogit
	r.charLogit = nil
	if a := r.Assess(ctx, misspelt, "en"); a.Crisis || !a.CrisisMaybe {
		t.Errorf("misspelt, no character backstop: crisis %v maybe %v; want the contacts added (maybe), no flag", a.Crisis, a.CrisisMaybe)
	}
	// It reads the words the sure backstops read: a harmless idiom is taken out first.
	r.charLogit = chars
	if a := r.Assess(ctx, "maths homework is killing me, "+misspelt, "en"); !a.Crisis || a.Source != SourceBackstop {
		t.Errorf("idiom beside a misspelt crisis: crisis %v source %s; want flagged by a backstop", a.Crisis, a.Source)
	}
	if r.charLogit == nil || r.charLogit.threshold != softCrisisChars {
		t.Fatalf("no character backstop, or not at threshold %v", softCrisisChars)
	}
	// The character n-grams are those of the words left once the idiom is taken out.
	for _, tc := range []struct{ text, read string }{
		{"maths homework is killing me, " + misspelt, misspelt},
		{misspelt, misspelt},
		{"maths homework is killing me, what time does the library open tomorrow, nobody would notice", "what time does the library open tomorrow, nobody would notice"}, // not saturated
	} {
		text, read := tc.text, tc.read
		words := Tokens(text)
		feats := features(words)
		ix := r.vocab.read(words)
		sure, kept := r.sureInput(text, ix, nil, false)
		if !slices.Equal(kept, Tokens(read)) {
			t.Fatalf("%q: sure backstops read %q, want %q", text, kept, Tokens(read))
		}
		if got := charFeaturesOf(kept, words, feats); !slices.Equal(got, features(kept)) {
			t.Errorf("%q: character features are not those of the words kept", text)
		}
		// ... read as the examples were learnt: their n-grams and the sure backstops' features
		want := r.charLogit.prob(sortedSet(append(textFeatures(read), sureTextFeatures(read)...)))
		if got := r.charProb(kept, ix, feats, sure); math.Abs(got-want) > 1e-12 {
			t.Errorf("%q: character backstop %.6f, want %.6f as the examples' features give", text, got, want)
		}
	}
	// It flags only what the word regression gives more than softCharWordFloor.
	words := r.sureLogit
	doubt := *words
	doubt.bias = -50 // sure of no crisis, whatever the words
	r.sureLogit = &doubt
	if a := r.Assess(ctx, misspelt, "en"); a.Crisis {
		t.Errorf("misspelt, the word regression sure of no crisis: crisis %v; want the character backstop to need its floor", a.Crisis)
	}
	r.sureLogit = words
	r.soft, r.sureLogit, r.charLogit = nil, nil, nil
	if a := r.Assess(ctx, "got a rope for climbing tonight", "en"); a.Crisis || !a.CrisisMaybe {
		t.Errorf("excepted, sure backstop alone: crisis %v maybe %v; want the contacts added (maybe), no flag", a.Crisis, a.CrisisMaybe)
	}
}

// TestPrefersComparesTwoIntents: prefers compares the two intents asked about, whatever the
// others score, and says no when it cannot tell.
func TestPrefersComparesTwoIntents(t *testing.T) {
	ex := func(text, intent string) content.Example { return content.Example{Text: text, Intent: intent} }
	m := newSoftLabels([]content.Example{
		ex("how do i help my friend, a guy has her pics and wants money", "friend"),
		ex("my friend is being threatened with her video, what do i tell her", "friend"),
		ex("write me a message so he pays, i have his pics", "harmful_request"),
		ex("draft a threat so she sends money or her video goes out", "harmful_request"),
		ex("what time does the library open", "off_topic"),
	}, intentOf, softIntentMargin, textFeatures, nil)
	friendly := m.index.known(features(Tokens("how can i help my friend, someone has her video and wants money")))
	if !m.prefers(friendly, Friend, HarmfulRequest) || m.prefers(friendly, HarmfulRequest, Friend) {
		t.Error("a friend asking how to help reads more like harmful_request than friend")
	}
	drafting := m.index.known(features(Tokens("write me a threat so he pays, i have his video")))
	if m.prefers(drafting, Friend, HarmfulRequest) {
		t.Error("a request to draft a threat reads more like friend than harmful_request")
	}
	if m.prefers(m.index.known(features(Tokens("zzqx"))), Friend, HarmfulRequest) || m.prefers(friendly, Greeting, HarmfulRequest) {
		t.Error("prefers with no known feature, or an intent the model never learnt")
	}
	var none *softIntent
	if none.prefers(friendly, Friend, HarmfulRequest) {
		t.Error("a nil model preferred")
	}
}

// TestEachFeatureGrams checks the n-grams eachFeature hashes from its stack buffers against
// the plain reading of its doc: the words joined by spaces, a space at each end, every 3-, 4-
// and 5-gram of runes. Long messages (past the buffers) and no words at all included.
func TestEachFeatureGrams(t *testing.T) {
	long := make([]string, 120)
	for i := range long {
		long[i] = "слово"
	}
	for _, words := range [][]string{nil, {"a"}, {"he", "says", "pay"}, {"мне", "страшно", "😂"}, {"ሰላም", "नमस्ते"}, long} {
		var want []uint32
		for _, w := range words {
			want = append(want, fnv(fnv(fnvOffset, "w:"), w)&(softBuckets-1))
		}
		runes := []rune(" " + strings.Join(words, " ") + " ")
		for n := 3; n <= 5; n++ {
			for i := 0; i+n <= len(runes); i++ {
				want = append(want, bucket(string(runes[i:i+n])))
			}
		}
		var got []uint32
		eachFeature(words, func(b uint32) { got = append(got, b) })
		if !slices.Equal(got, want) {
			t.Errorf("eachFeature(%d words starting %q): %d features, want %d", len(words), firstOf(words), len(got), len(want))
		}
	}
}

func firstOf(words []string) string {
	if len(words) == 0 {
		return ""
	}
	return words[0]
}

// sureOnly is the sure backstops' features of sureInput's answer.
func sureOnly(sure []uint32, _ []string) []uint32 { return sure }

// TestProbOnceCountsEachFeatureOnce: probOnce is prob of the features' set, whatever the
// repeats, the lists they come in, the buckets at either end or how many there are (the set
// outgrows its stack buffer past 512 features).
func TestProbOnceCountsEachFeatureOnce(t *testing.T) {
	m := &logistic{w: make([]float32, softBuckets), bias: -0.25}
	rng := rand.New(rand.NewPCG(1, 2))
	for b := range m.w {
		m.w[b] = float32(rng.NormFloat64())
	}
	m.w[0], m.w[softBuckets-1] = 3, -2 // the edge buckets weigh enough to show a repeat
	for _, n := range []int{1, 2, 31, 32, 33, 511, 512, 513, 2000, 70000} {
		var a, b []uint32
		for i := range n {
			var f uint32
			switch i % 5 {
			case 0:
				f = 0
			case 1:
				f = softBuckets - 1
			case 2:
				f = uint32(rng.IntN(softBuckets))
			default:
				f = uint32(rng.IntN(n)*64) & (softBuckets - 1) // repeats, sharing low bits (long probe runs)
			}
			if i%2 == 0 {
				a = append(a, f)
			} else {
				b = append(b, f)
			}
		}
		want := m.prob(sortedSet(append(slices.Clone(a), b...)))
		if got := m.probOnce(a, b); math.Abs(got-want) > 1e-9 {
			t.Errorf("%d features: probOnce %.12f, prob of their set %.12f", n, got, want)
		}
		if got := m.probOnce(append(slices.Clone(a), b...)); math.Abs(got-want) > 1e-9 {
			t.Errorf("%d features in one list: probOnce %.12f, prob of their set %.12f", n, got, want)
		}
	}
	if p := m.probOnce(nil, []uint32{}); p != 0 {
		t.Errorf("no features: %v, want 0", p)
	}
}

func TestSextortionBackstopReadsWhatRulesReadAsLittle(t *testing.T) {
	ex := func(text, intent string, crisis bool) content.Example {
		return content.Example{Text: text, Intent: intent, Lang: "en", Crisis: crisis}
	}
	lib := &content.Library{
		Lexicons: map[string]*content.Lexicon{"en": {
			Crisis: []string{"kill myself"},
			Intents: map[string][]string{
				"greeting":      {"hello"},
				"image_removal": {"taken down"},
			},
		}},
		Examples: []content.Example{
			ex("he saved our video call and wants money or my family sees it", "sextortion", false),
			ex("she recorded me and says pay by tonight or my followers get the clip", "sextortion", false),
			ex("they want gift cards or my pics go to my whole school", "sextortion", false),
			ex("he wants more pics or he sends the ones he has to my family", "sextortion", false),
			ex("a pic of me is on a website and i want it taken down", "image_removal", false),
			ex("my photo got posted in a group, can it be taken down", "image_removal", false),
			ex("what time does the library open", "off_topic", false),
			ex("whats the score of the game tonight", "off_topic", false),
			ex("hello there", "greeting", false),
			ex("i want to kill myself tonight", "crisis", true),
		},
	}
	r := NewRules(lib)
	ctx := context.Background()
	cases := []struct {
		text        string
		rules, want Intent // the intent rules alone read, and with the backstop
	}{
		{"hello, he recorded our call and wants money or my family sees the video", Greeting, Sextortion},
		{"he wants gift cards or my pics go to my school, can they be taken down", ImageRemoval, Sextortion},
		// a crisis reading stands, however sextortion-like its other words
		{"he recorded our call and wants money or my family sees the video, kill myself", Crisis, Crisis},
		{"what time does the pool open", OffTopic, OffTopic},
	}
	for _, tc := range cases {
		got := r.Assess(ctx, tc.text, "en")
		if got.Intent != tc.want {
			t.Errorf("%q: intent %s, want %s", tc.text, got.Intent, tc.want)
		}
		if got.Crisis != (tc.rules == Crisis) {
			t.Errorf("%q: crisis %v", tc.text, got.Crisis)
		}
	}
	// Without the backstop, the rules read what the table says: the backstop made the difference.
	if !r.sxLogit.likely(features(Tokens(cases[2].text))) {
		t.Error("the model no longer reads the crisis message as sextortion: its case tests nothing")
	}
	r.sxLogit = nil
	for _, tc := range cases {
		if got := r.Assess(ctx, tc.text, "en"); got.Intent != tc.rules {
			t.Errorf("without the backstop %q: intent %s, want %s", tc.text, got.Intent, tc.rules)
		}
	}
}

// prob is the model's probability of a yes for features counted as given (repeats too): the
// plain sum that training computes and that probOnce must equal on a set of features.
func (m *logistic) prob(feats []uint32) float64 {
	z := m.bias
	for _, b := range feats {
		z += float64(m.w[b])
	}
	return 1 / (1 + math.Exp(-z))
}
