package content

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"unicode/utf16"

	"go.yaml.in/yaml/v3"
)

// Article is a knowledge article (articles/<lang>/<slug>.md): a short answer sent first, and
// the full text behind a "read more" button.
type Article struct {
	Slug     string   `yaml:"-"`
	Lang     string   `yaml:"-"`
	Title    string   `yaml:"title"`
	Summary  string   `yaml:"summary"`
	Audience []string `yaml:"audience"`
	Keywords []string `yaml:"keywords"`
	Body     string   `yaml:"-"`
}

// Limits on articles: the summary is one message, and so is the body (after the title).
const (
	MaxSummaryRunes = 600
	MaxBodyUTF16    = 3500
)

var slugRe = regexp.MustCompile(`^[a-z0-9-]{1,40}$`)

// loadArticles reads articles/<lang>/*.md. A missing articles folder is no error.
func loadArticles(fsys fs.FS, lib *Library) []error {
	langs, err := fs.ReadDir(fsys, "articles")
	if err != nil {
		return nil
	}
	var errs []error
	for _, l := range langs {
		if !l.IsDir() {
			continue
		}
		dir := path.Join("articles", l.Name())
		files, err := fs.ReadDir(fsys, dir)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", dir, err))
			continue
		}
		for _, f := range files {
			if f.IsDir() || !strings.HasSuffix(f.Name(), ".md") {
				continue
			}
			name := path.Join(dir, f.Name())
			a, err := readArticle(fsys, name)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			a.Slug, a.Lang = strings.TrimSuffix(f.Name(), ".md"), l.Name()
			lib.Articles[a.Lang] = append(lib.Articles[a.Lang], a)
		}
		sort.Slice(lib.Articles[l.Name()], func(i, j int) bool { return lib.Articles[l.Name()][i].Slug < lib.Articles[l.Name()][j].Slug })
	}
	return errs
}

// readArticle parses "---\nfront matter\n---\nbody".
func readArticle(fsys fs.FS, name string) (*Article, error) {
	raw, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	raw = bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n"))
	rest, ok := bytes.CutPrefix(raw, []byte("---\n"))
	front, body, ok2 := bytes.Cut(rest, []byte("\n---\n"))
	if !ok || !ok2 {
		return nil, fmt.Errorf("%s: needs front matter between two '---' lines", name)
	}
	a := &Article{}
	dec := yaml.NewDecoder(bytes.NewReader(front))
	dec.KnownFields(true)
	if err := dec.Decode(a); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	a.Summary = strings.TrimSpace(a.Summary)
	a.Body = strings.TrimSpace(string(body))
	return a, nil
}

// Article returns an article by language and slug, falling back to the source language.
func (l *Library) Article(lang, slug string) *Article {
	for _, try := range []string{lang, DefaultLang} {
		for _, a := range l.Articles[try] {
			if a.Slug == slug {
				return a
			}
		}
	}
	return nil
}

func (c *checker) articles() {
	for _, lang := range sortedArticleLangs(c.lib) {
		if _, ok := c.lib.Locales[lang]; !ok {
			c.errf("articles/"+lang, "", "no locale %q for these articles", lang)
		}
		for _, a := range c.lib.Articles[lang] {
			file := "articles/" + lang + "/" + a.Slug + ".md"
			if !slugRe.MatchString(a.Slug) {
				c.errf(file, "", "a file name is 1-40 of a-z, 0-9 and -")
			}
			if strings.TrimSpace(a.Title) == "" {
				c.errf(file, "title", "missing")
			}
			if a.Summary == "" {
				c.errf(file, "summary", "missing")
			} else if n := len([]rune(a.Summary)); n > MaxSummaryRunes {
				c.errf(file, "summary", "%d characters; at most %d (it is the first answer)", n, MaxSummaryRunes)
			}
			if a.Body == "" {
				c.errf(file, "", "no text after the front matter")
			} else if n := len(utf16.Encode([]rune(a.Title + "\n\n" + a.Body))); n > MaxBodyUTF16 {
				c.errf(file, "", "title and text are %d UTF-16 units; at most %d, to fit one message", n, MaxBodyUTF16)
			}
			if len(a.Keywords) == 0 {
				c.errf(file, "keywords", "none: people find articles by them")
			}
			for _, aud := range a.Audience {
				if !contains(Audiences, aud) {
					c.errf(file, "audience", "%q is not one of %s", aud, strings.Join(Audiences, ", "))
				}
			}
		}
	}
}

func sortedArticleLangs(lib *Library) []string {
	var out []string
	for l := range lib.Articles {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}
