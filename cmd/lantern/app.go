package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"time"

	contentfs "github.com/lantern-help/lantern/content"
	"github.com/lantern-help/lantern/internal/articles"
	"github.com/lantern-help/lantern/internal/content"
	"github.com/lantern-help/lantern/internal/dialog"
	"github.com/lantern-help/lantern/internal/hotline"
	"github.com/lantern-help/lantern/internal/llm"
	"github.com/lantern-help/lantern/internal/safety"
	"github.com/lantern-help/lantern/internal/store"
	"github.com/lantern-help/lantern/internal/turn"
	"github.com/lantern-help/lantern/prompts"
)

// errUsage means the flag package already told the person what was wrong.
var errUsage = errors.New("usage")

// newRules builds the classifier of a content library, read from dir ("" for the embedded
// content). The tests replace it with one that builds the embedded content's rules once per
// test binary: building them takes seconds (about ten under -race), and each command a test
// runs would build them again.
var newRules = func(lib *content.Library, dir string) *safety.Rules { return safety.NewRules(lib) }

// app holds what the commands share: the process's streams and settings, and whatever they
// opened, closed when the command ends.
type app struct {
	getenv         env
	stdin          io.Reader
	stdout, stderr io.Writer
	closers        []func() error
}

func (a *app) close() {
	for i := len(a.closers) - 1; i >= 0; i-- {
		_ = a.closers[i]()
	}
}

// settings common to the commands that run conversations.
type settings struct {
	db         string
	contentDir string
	sessionTTL time.Duration
	statsDays  int // aggregate counts older than this many days are deleted
}

// flagSet makes a command's flag set; errors and -h go to stderr.
func (a *app) flagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("lantern "+name, flag.ContinueOnError)
	fs.SetOutput(a.stderr)
	return fs
}

// common adds the settings every conversation command shares, each defaulting to its
// environment variable.
func (a *app) common(fs *flag.FlagSet) *settings {
	s := &settings{}
	fs.StringVar(&s.db, "db", a.envOr("LANTERN_DB", "lantern.db"), "SQLite database file (env LANTERN_DB)")
	a.contentFlag(fs, &s.contentDir)
	ttl := a.envOr("LANTERN_SESSION_TTL", "720h")
	d, err := time.ParseDuration(ttl)
	if err != nil || d <= 0 {
		fmt.Fprintf(a.stderr, "lantern: LANTERN_SESSION_TTL=%q is not a positive duration such as 720h; using 720h\n", ttl)
		d = 720 * time.Hour
	}
	fs.DurationVar(&s.sessionTTL, "session-ttl", d, "forget sessions idle this long (env LANTERN_SESSION_TTL)")
	days := int(a.envFloat("LANTERN_STATS_DAYS", 400))
	if days < 1 {
		fmt.Fprintf(a.stderr, "lantern: LANTERN_STATS_DAYS=%d is not a positive number of days; using 400\n", days)
		days = 400
	}
	fs.IntVar(&s.statsDays, "stats-days", days, "delete aggregate counts older than this many days (env LANTERN_STATS_DAYS)")
	return s
}

func (a *app) contentFlag(fs *flag.FlagSet, dir *string) {
	fs.StringVar(dir, "content", a.getenv("LANTERN_CONTENT"), "read content from this folder instead of the embedded copy (env LANTERN_CONTENT)")
}

func (a *app) parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	return nil
}

// envFloat reads a number setting; a value that is not a number is reported and ignored.
func (a *app) envFloat(key string, def float64) float64 {
	v := a.getenv(key)
	if v == "" {
		return def
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		fmt.Fprintf(a.stderr, "lantern: %s=%q is not a number; using %v\n", key, v, def)
		return def
	}
	return f
}

func (a *app) envOr(key, def string) string {
	if v := a.getenv(key); v != "" {
		return v
	}
	return def
}

// loadLibrary reads the content (embedded, or from dir) and runs the full check.
func loadLibrary(dir string, now time.Time) (*content.Library, []content.Problem, error) {
	var fsys fs.FS = contentfs.FS
	source := "embedded"
	if dir != "" {
		if _, err := os.Stat(dir); err != nil {
			return nil, nil, fmt.Errorf("content folder: %w", err)
		}
		fsys, source = os.DirFS(dir), dir
	}
	lib, err := content.Load(fsys, source)
	if err != nil {
		return nil, nil, fmt.Errorf("load content (%s): %w", source, err)
	}
	problems := content.Check(lib, content.CheckOptions{Now: now, PhoneOK: hotline.LooksLikePhone, Region: dialog.IsRegion, Labels: hotline.Labels})
	return lib, problems, nil
}

// library loads content that must be free of errors to be served.
func (a *app) library(dir string) (*content.Library, error) {
	lib, problems, err := loadLibrary(dir, time.Now())
	if err != nil {
		return nil, err
	}
	if n := content.Errors(problems); n > 0 {
		var b strings.Builder
		for _, p := range problems {
			if !p.Warning {
				fmt.Fprintf(&b, "\n  %s", p)
			}
		}
		return nil, fmt.Errorf("content (%s) has %d errors; fix them or run 'lantern content check':%s", lib.Source, n, b.String())
	}
	return lib, nil
}

// stores is what openStore opens: the database and the keys made from the secret.
type stores struct {
	db     *store.DB
	keyer  *store.Keyer
	sealer *store.Sealer
}

// openStore opens the database and the chat-key secret beside it.
func (a *app) openStore(s *settings) (*stores, error) {
	secret, err := store.LoadSecret(a.getenv("LANTERN_SECRET"), s.db)
	if err != nil {
		return nil, err
	}
	keyer, err := store.NewKeyer(secret)
	if err != nil {
		return nil, err
	}
	sealer, err := store.NewSealer(secret)
	if err != nil {
		return nil, err
	}
	db, err := store.Open(s.db)
	if err != nil {
		return nil, err
	}
	a.closers = append(a.closers, db.Close)
	return &stores{db: db, keyer: keyer, sealer: sealer}, nil
}

// runner wires a turn runner: content, engine, rules, store.
func (a *app) runner(s *settings) (*turn.Runner, *stores, error) {
	lib, err := a.library(s.contentDir)
	if err != nil {
		return nil, nil, err
	}
	st, err := a.openStore(s)
	if err != nil {
		return nil, nil, err
	}
	r := &turn.Runner{
		Engine:   dialog.New(lib, hotline.New(lib.Countries)),
		Assessor: newRules(lib, s.contentDir),
		Store:    st.db,
		Keyer:    st.keyer,
	}
	if provider := a.getenv("LANTERN_LLM"); provider != "" {
		timeout := 4 * time.Second
		if v := a.getenv("LANTERN_LLM_TIMEOUT"); v != "" {
			if timeout, err = time.ParseDuration(v); err != nil || timeout <= 0 {
				return nil, nil, fmt.Errorf("LANTERN_LLM_TIMEOUT=%q: want a duration such as 4s", v)
			}
		}
		c, err := llm.New(llm.Config{Provider: provider, Model: a.getenv("LANTERN_LLM_MODEL"),
			BaseURL: a.getenv("LANTERN_LLM_URL"), APIKey: a.getenv("LANTERN_LLM_KEY"), Timeout: timeout}, prompts.FS)
		if err != nil {
			return nil, nil, fmt.Errorf("LANTERN_LLM: %w", err)
		}
		r.Model = turn.NewLLMModel(c, lib)
		r.Engine = dialog.New(lib, hotline.New(lib.Countries), dialog.WithModel()) // /privacy says so
	}
	ix, err := articles.New(lib)
	if err != nil {
		// Without full-text search the bot still answers questions, from its learn nodes.
		fmt.Fprintf(a.stderr, "lantern: article search is off: %v\n", err)
	} else {
		a.closers = append(a.closers, ix.Close)
		r.Articles = ix
	}
	return r, st, nil
}
