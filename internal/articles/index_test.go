//go:build sqlite_fts5

package articles_test

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	contentfs "github.com/lantern-help/lantern/content"
	"github.com/lantern-help/lantern/internal/articles"
	"github.com/lantern-help/lantern/internal/content"
)

func index(t testing.TB) *articles.Index {
	t.Helper()
	lib, err := content.Load(contentfs.FS, "embedded")
	if err != nil {
		t.Fatal(err)
	}
	ix, err := articles.New(lib)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

// Questions people type find the article that answers them; questions no article answers
// find none.
func TestSearch(t *testing.T) {
	ix := index(t)
	ctx := context.Background()
	for q, want := range map[string]string{
		"what is sextortion":                                        "what-is-sextortion",
		"how does take it down work":                                "take-it-down",
		"is it illegal to send nudes if im 15":                      "nudes-under-18-and-the-law",
		"can they make fake nudes with ai":                          "fake-or-ai-nudes",
		"i already paid him what now":                               "i-already-paid",
		"how do i tell my parents":                                  "telling-a-trusted-adult",
		"i dont want my parents to find out":                        "telling-a-trusted-adult",
		"will i go to jail for sending it im 14":                    "nudes-under-18-and-the-law",
		"how does take it down work, do i have to upload the pic?":  "take-it-down",
		"should i look at the images to confirm?":                   "schools-handling-a-disclosure",
		"what is grooming":                                          "grooming-warning-signs",
		"how do i talk to my son about this":                        "parents-starting-the-conversation",
		"how do I start talking to my 10 year old about sextortion": "parents-starting-the-conversation",
		"a student told me something what do i do":                  "schools-handling-a-disclosure",
		"she showed me the photo on her phone, was that ok?":        "schools-handling-a-disclosure",
		"should i call her parents?":                                "schools-handling-a-disclosure",
		"what happens after i report":                               "what-happens-after-you-report",
		"what is report remove":                                     "report-remove",
		"someone sent me a d pic i didnt ask for":                   "unwanted-sexual-pictures",
		"i feel like a bad parent":                                  "parents-if-your-child-tells-you",
		"what do i say to my daughter, she is crying":               "parents-if-your-child-tells-you",
		"whats the weather":                                         "",
		"hi":                                                        "",
		"can you recommend a good pizza place nearby":               "",
	} {
		slug, ok := search(ix, ctx, "en", q, false)
		if !ok {
			slug = ""
		}
		if slug != want {
			t.Errorf("%q: got %q, want %q", q, slug, want)
		}
	}
	// Questions about the bot itself, the commonest first questions, find the article about
	// it, not one that shares a word ("who made this": a fake nude is "made" too).
	for _, q := range []string{"what is this bot", "who made this", "is this free?",
		"do you save what i write here?", "are you a real person or a bot", "is this anonymous",
		"will my parents find out", "how does this work", "what can you do",
		"what languages do you speak", "who runs this"} {
		if slug, ok := search(ix, ctx, "en", q, false); !ok || slug != "about-lantern" {
			t.Errorf("%q: got %q (%v), want about-lantern", q, slug, ok)
		}
	}
	// And in every other language (testdata/about_questions.tsv: lang, tab, question; written
	// by the helpers who drafted each language's article, none of them a keyword).
	raw, err := os.ReadFile("testdata/about_questions.tsv")
	if err != nil {
		t.Fatal(err)
	}
	langs := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		lang, q, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("bad line %q", line)
		}
		langs[lang]++
		if slug, ok := search(ix, ctx, lang, q, false); !ok || slug != "about-lantern" {
			t.Errorf("%s %q: got %q (%v), want about-lantern", lang, q, slug, ok)
		}
	}
	if len(langs) != 11 {
		t.Errorf("questions in %d languages, want the 11 besides English: %v", len(langs), langs)
	}
	// A cry for help of common words only ("help!", "what do I do") finds no article: the
	// not-understood reply gives the emergency number and the crisis line.
	for _, c := range [][2]string{{"id", "tolong"}, {"es", "¿qué hago?"}, {"fr", "quoi faire"}, {"en", "help"}, {"hi", "kya karu yaar"}} {
		if slug, ok := search(ix, ctx, c[0], c[1], false); ok {
			t.Errorf("%s %q: got %q, want no article", c[0], c[1], slug)
		}
	}
	// Another language with no articles of its own falls back to English ones.
	if slug, ok := search(ix, ctx, "xx", "what is sextortion", false); !ok || slug != "what-is-sextortion" {
		t.Errorf("fallback: %q %v", slug, ok)
	}
}

// TestSearchQuestion: a text the rules read as a question on Lantern's topics finds its
// article at the looser fit (my own wording; each was "not understood enough" at MinCover),
// but never the article about the bot, nor one that shares a single word with it.
func TestSearchQuestion(t *testing.T) {
	ix := index(t)
	ctx := context.Background()
	for _, c := range []struct{ lang, q, want string }{
		{"en", "hi can u tell me how to talk with my 12 yo daughter about strangers online", "parents-starting-the-conversation"},
		{"en", "yo can ppl make fake nudes from normal pics with ai or nah", "fake-or-ai-nudes"},
		{"ru", "привет всем, подскажите пожалуйста как в инсте спрятать сторис от одного человека из класса", "lock-down-your-accounts"},
		{"de", "Guten Tag, wie stelle ich den Standort bei Snapchat aus?", "lock-down-your-accounts"},
		{"en", "best parental control app?", ""},
		{"en", "whats the weather like tomorrow", ""},
	} {
		if slug, ok := search(ix, ctx, c.lang, c.q, false); ok {
			t.Errorf("%s %q: %q at MinCover already; the case tests nothing", c.lang, c.q, slug)
		}
		slug, ok := search(ix, ctx, c.lang, c.q, true)
		if !ok {
			slug = ""
		}
		if slug != c.want {
			t.Errorf("%s %q as a question: got %q, want %q", c.lang, c.q, slug, c.want)
		}
	}
}

// TestSearchOffersOnlyTies: Search gives more than one article only when they answer the
// question equally well; which of them is given is then the dialog's choice, by audience.
func TestSearchOffersOnlyTies(t *testing.T) {
	ix := index(t)
	ctx := context.Background()
	got := ix.Search(ctx, "en", "how do i talk to her about it", false)
	if !slices.Contains(got, "parents-starting-the-conversation") || !slices.Contains(got, "telling-a-trusted-adult") {
		t.Errorf("how do i talk to her about it: %v, want the parents' and the teens' article", got)
	}
	// The parents' article has the phrase; the others share only words with it.
	if got := ix.Search(ctx, "en", "what do i say to my son", false); !slices.Equal(got, []string{"parents-if-your-child-tells-you"}) {
		t.Errorf("what do i say to my son: %v, want the parents' article alone", got)
	}
}

// search is the best article Search finds, and whether any fits.
func search(ix *articles.Index, ctx context.Context, lang, text string, question bool) (string, bool) {
	if got := ix.Search(ctx, lang, text, question); len(got) > 0 {
		return got[0], true
	}
	return "", false
}

func BenchmarkSearch(b *testing.B) {
	ix := index(b)
	ctx := context.Background()
	for b.Loop() {
		ix.Search(ctx, "en", "is it illegal to send nudes if im 15", false)
	}
}

// TestGermanLawQuestions: a German teen asking whether they broke the law themselves gets the
// article on nudes under 18 and the law (a probe of `lantern chat` got the overview of
// sextortion for both).
func TestGermanLawQuestions(t *testing.T) {
	ix := index(t)
	ctx := context.Background()
	for _, q := range []string{"bin ich jetzt selber strafbar? ich bin 17", "ist es strafbar wenn ich nacktbilder von mir verschicke"} {
		if slug, _ := search(ix, ctx, "de", q, true); slug != "nudes-under-18-and-the-law" {
			t.Errorf("%q: got %q, want nudes-under-18-and-the-law", q, slug)
		}
	}
}

// TestParentsLawQuestions: a parent asking whether their child broke the law finds the
// parents' article on it, in several languages (the teen article, written to the young
// person, was all there was); a teen's own question still finds the teen's.
func TestParentsLawQuestions(t *testing.T) {
	ix := index(t)
	ctx := context.Background()
	for _, c := range []struct{ lang, q, want string }{
		{"en", "is my son a criminal now?", "parents-is-my-child-in-trouble"},
		{"en", "will my daughter get a criminal record", "parents-is-my-child-in-trouble"},
		{"es", "¿mi hijo ahora es un delincuente?", "parents-is-my-child-in-trouble"},
		{"pt", "meu filho vai ser preso por mandar nudes?", "parents-is-my-child-in-trouble"},
		{"ru", "сына посадят?", "parents-is-my-child-in-trouble"},
		{"hi", "kya mera beta ab criminal hai?", "parents-is-my-child-in-trouble"},
		{"en", "will i get a criminal record", "nudes-under-18-and-the-law"},
		{"en", "is it illegal to send nudes if im 15", "nudes-under-18-and-the-law"},
		{"es", "voy a ir a la carcel?", "nudes-under-18-and-the-law"},
	} {
		if slug, _ := search(ix, ctx, c.lang, c.q, true); slug != c.want {
			t.Errorf("%s %q: got %q, want %q", c.lang, c.q, slug, c.want)
		}
	}
}
