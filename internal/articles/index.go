// Package articles finds the knowledge article that answers a question, with SQLite FTS5
// full-text search ranked by bm25. The index lives in memory and is built at start from the
// content library. The binary must be built with the sqlite_fts5 tag; without it New fails
// and the bot answers questions from its scripted "learn" nodes instead.
package articles

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	_ "github.com/mattn/go-sqlite3" // the sqlite3 driver

	"github.com/lantern-help/lantern/internal/content"
	"github.com/lantern-help/lantern/internal/safety"
)

// MinCover is how much of a question an article's title and keywords must cover to be given
// as the answer: bm25 ranks the candidates, but in a corpus this small its scores say little
// about whether any article fits at all ("what's the weather" still has a best match).
const MinCover = 0.5

// Index searches the articles of a library. It is safe for concurrent use.
type Index struct {
	db      *sql.DB
	lib     *content.Library
	stops   map[string]map[string]bool // by language
	phrases map[string][]string        // lang/slug -> its keywords, normalised
}

// New builds the index.
func New(lib *content.Library) (*Index, error) {
	db, err := sql.Open("sqlite3", "file::memory:?mode=memory")
	if err != nil {
		return nil, fmt.Errorf("articles: %w", err)
	}
	db.SetMaxOpenConns(1) // one in-memory database lives in one connection
	db.SetConnMaxLifetime(0)
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `CREATE VIRTUAL TABLE docs USING fts5(
		lang UNINDEXED, slug UNINDEXED, title, keywords, summary, body,
		tokenize = 'unicode61 remove_diacritics 2')`); err != nil {
		db.Close()
		return nil, fmt.Errorf("articles: full-text index (build with -tags sqlite_fts5): %w", err)
	}
	ix := &Index{db: db, lib: lib, stops: map[string]map[string]bool{}, phrases: map[string][]string{}}
	for lang, list := range lib.Articles {
		for _, a := range list {
			for _, k := range a.Keywords {
				ix.phrases[lang+"/"+a.Slug] = append(ix.phrases[lang+"/"+a.Slug], norm(k))
			}
			if _, err := db.ExecContext(ctx, `INSERT INTO docs (lang, slug, title, keywords, summary, body) VALUES (?, ?, ?, ?, ?, ?)`,
				lang, a.Slug, norm(a.Title), norm(strings.Join(a.Keywords, " . ")), norm(a.Summary), norm(a.Body)); err != nil {
				db.Close()
				return nil, fmt.Errorf("articles: index %s/%s: %w", lang, a.Slug, err)
			}
		}
	}
	for lang, lex := range lib.Lexicons {
		set := map[string]bool{}
		for _, w := range lex.Stopwords {
			for _, t := range safety.Tokens(w) {
				set[t] = true
			}
		}
		ix.stops[lang] = set
	}
	return ix, nil
}

// Close frees the index.
func (ix *Index) Close() error { return ix.db.Close() }

// norm indexes text the way questions are read: Lantern's own normalisation (leetspeak,
// repeated letters, apostrophes), so "cant" finds "can't".
func norm(s string) string { return strings.Join(safety.Tokens(s), " ") }

// MinCoverQuestion is the looser fit accepted when the rules read the text as a question on
// Lantern's topics (learn): they already told it is one, and a question's own words ("hi,
// how do i hide my stories from my dad on insta") are rarely half in an article's keywords,
// so at MinCover most questions got the scripted overview of sextortion instead. Two of its
// words at least must be found (minHitsQuestion). Measured (2026-11-30) on blind round 50's
// 264 questions (every one written as learn): an article for 59 at MinCover, 124 at 0.25,
// most of them right (the wrong ones seen: deleting old posts answered with Take It Down);
// on round 51's 180 safety-setting questions, written after the learn rules and read in
// totals only: 26 -> 76, 72 of them the lock-down article. Reading the articles' bodies too
// gave a few more, with more answers from articles round 51's questions were not about.
// The article about the bot is never given at this looser fit.
const MinCoverQuestion = 0.25

// minHitsQuestion is how many of a question's words an article's title and keywords must hold
// for the looser fit: one word of four ("best parental control app?") found only an article
// that says "app".
const minHitsQuestion = 2

// Search returns the article that best answers text in lang, with any that answer it exactly
// as well (the same share of its words, the same longest phrase), best first by bm25; the
// source language's articles are searched when none in lang fits. A question (the rules read
// it as learn) needs MinCoverQuestion, anything else MinCover. Nil means none fits. The caller
// breaks the tie by who is asking (dialog.ArticleFirst): a parent's "how do i talk to her
// about it" gets the parents' article on starting the conversation, a teen's the one on
// telling a trusted adult. Only ties are offered: an article that fits less well is never
// preferred for its audience ("what do i say to my son" from a teacher would otherwise have
// been answered with the article on fake nudes, which is for everyone).
func (ix *Index) Search(ctx context.Context, lang, text string, question bool) []string {
	fits := func(m match) bool {
		return m.cover >= MinCover || question && m.cover >= MinCoverQuestion && m.hits >= minHitsQuestion && m.slug != AboutSlug
	}
	pick := func(lang string) []string {
		var out []string
		ms := ix.search(ctx, lang, text)
		for _, m := range ms {
			if fits(m) && m.cover == ms[0].cover && m.phrase == ms[0].phrase {
				out = append(out, m.slug)
			}
		}
		return out
	}
	out := pick(lang)
	if len(out) == 0 && lang != content.DefaultLang {
		out = pick(content.DefaultLang)
	}
	return out
}

// match is one article found for a question: the share of the question's words its title and
// keywords hold (cover) and how many (hits), and the length of its longest keyword phrase
// found whole in the question.
type match struct {
	slug         string
	cover        float64
	hits, phrase int
}

// search ranks articles by bm25 (title and keywords weigh most), then orders the best thirty
// (every article of a language: with ten, a word as common as "work" could push the right one
// out) by how much of the question's words their title and keywords cover; between equals,
// the one with the longest keyword phrase found whole in the question ("take it down") comes
// first, then bm25's order. Articles that cover none of it are left out. A question of common
// words only ("what can you do") is answered only by the about article, when that very
// question is one of its keywords (see whole).
func (ix *Index) search(ctx context.Context, lang, text string) []match {
	stops := ix.stops[lang]
	if stops == nil {
		stops = ix.stops[content.DefaultLang]
	}
	var terms, quoted []string
	seen := map[string]bool{}
	for _, t := range safety.Tokens(text) {
		if stops[t] || seen[t] || len([]rune(t)) < 2 {
			continue
		}
		seen[t] = true
		terms = append(terms, t)
		quoted = append(quoted, `"`+strings.ReplaceAll(t, `"`, `""`)+`"`)
	}
	if len(terms) == 0 {
		if slug, cover := ix.whole(lang, text); slug != "" {
			return []match{{slug: slug, cover: cover}}
		}
		return nil
	}
	rows, err := ix.db.QueryContext(ctx, `SELECT slug, title, keywords FROM docs
		WHERE docs MATCH ? AND lang = ? ORDER BY bm25(docs, 0, 0, 4.0, 6.0, 2.0, 1.0) LIMIT 30`, strings.Join(quoted, " OR "), lang)
	if err != nil {
		return nil
	}
	defer rows.Close()
	query := " " + norm(text) + " "
	var out []match
	for rows.Next() {
		var slug, title, keywords string
		if rows.Scan(&slug, &title, &keywords) != nil {
			return nil
		}
		words := map[string]bool{}
		for _, w := range strings.Fields(title + " " + keywords) {
			words[w] = true
		}
		hit := 0
		for _, t := range terms {
			if words[t] {
				hit++
			}
		}
		if hit == 0 {
			continue
		}
		phrase := 0
		for _, p := range ix.phrases[lang+"/"+slug] {
			if strings.Contains(query, " "+p+" ") && len(p) > phrase {
				phrase = len(p)
			}
		}
		out = append(out, match{slug: slug, cover: float64(hit) / float64(len(terms)), hits: hit, phrase: phrase})
	}
	if rows.Err() != nil {
		return nil
	}
	slices.SortStableFunc(out, func(a, b match) int {
		if a.cover != b.cover {
			return cmp.Compare(b.cover, a.cover)
		}
		return cmp.Compare(b.phrase, a.phrase)
	})
	return out
}

// AboutSlug is the article about the bot itself, what it is, does and keeps.
const AboutSlug = "about-lantern"

// whole returns the about article when one of its keywords is the whole question ("what can
// you do", all common words). Other articles are left out: their keywords of common words
// are cries for help ("tolong", "que hago"), better met by the not-understood reply, which
// gives the emergency number and the crisis line, than by an article.
func (ix *Index) whole(lang, text string) (string, float64) {
	q := norm(text)
	if q == "" {
		return "", 0
	}
	for _, p := range ix.phrases[lang+"/"+AboutSlug] {
		if p == q {
			return AboutSlug, 1
		}
	}
	return "", 0
}
