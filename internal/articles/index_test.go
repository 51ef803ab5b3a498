//go:build sqlite_fts5

package articles_test

import (
	"context"
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
		"what is sextortion":                          "what-is-sextortion",
		"how does take it down work":                  "take-it-down",
		"is it illegal to send nudes if im 15":        "nudes-under-18-and-the-law",
		"can they make fake nudes with ai":            "fake-or-ai-nudes",
		"i already paid him what now":                 "i-already-paid",
		"how do i tell my parents":                    "telling-a-trusted-adult",
		"what is grooming":                            "grooming-warning-signs",
		"how do i talk to my son about this":          "parents-starting-the-conversation",
		"a student told me something what do i do":    "schools-handling-a-disclosure",
		"what happens after i report":                 "what-happens-after-you-report",
		"what is report remove":                       "report-remove",
		"someone sent me a d pic i didnt ask for":     "unwanted-sexual-pictures",
		"whats the weather":                           "",
		"hi":                                          "",
		"can you recommend a good pizza place nearby": "",
	} {
		slug, ok := ix.Search(ctx, "en", q)
		if !ok {
			slug = ""
		}
		if slug != want {
			t.Errorf("%q: got %q, want %q", q, slug, want)
		}
	}
	// Another language with no articles of its own falls back to English ones.
	if slug, ok := ix.Search(ctx, "xx", "what is sextortion"); !ok || slug != "what-is-sextortion" {
		t.Errorf("fallback: %q %v", slug, ok)
	}
}

func BenchmarkSearch(b *testing.B) {
	ix := index(b)
	ctx := context.Background()
	for b.Loop() {
		ix.Search(ctx, "en", "is it illegal to send nudes if im 15")
	}
}
