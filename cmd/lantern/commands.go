package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/lantern-help/lantern/internal/console"
	"github.com/lantern-help/lantern/internal/content"
	"github.com/lantern-help/lantern/internal/dialog"
	"github.com/lantern-help/lantern/internal/hotline"
	"github.com/lantern-help/lantern/internal/store"
	"github.com/lantern-help/lantern/internal/telegram"
)

func cmdServe(ctx context.Context, a *app, args []string) error {
	fs := a.flagSet("serve")
	s := a.common(fs)
	cfg := telegram.Config{Token: a.getenv("TELEGRAM_BOT_TOKEN"), WebhookSecret: a.getenv("LANTERN_WEBHOOK_SECRET")}
	fs.StringVar(&cfg.APIURL, "api-url", a.envOr("TELEGRAM_API_URL", "https://api.telegram.org"), "Bot API server, e.g. a local one (env TELEGRAM_API_URL)")
	fs.StringVar(&cfg.WebhookURL, "webhook-url", a.getenv("LANTERN_WEBHOOK_URL"), "use a webhook at this public https URL instead of long polling (env LANTERN_WEBHOOK_URL)")
	fs.StringVar(&cfg.HTTPAddr, "http-addr", a.envOr("LANTERN_HTTP_ADDR", ":8080"), "address for /healthz, /readyz, /metrics and the webhook; empty for none (env LANTERN_HTTP_ADDR)")
	fs.Float64Var(&cfg.GlobalRate, "rate-global", a.envFloat("LANTERN_RATE_GLOBAL", 30), "messages a second to Telegram overall; -1 for no limit (env LANTERN_RATE_GLOBAL)")
	fs.Float64Var(&cfg.ChatRate, "rate-chat", a.envFloat("LANTERN_RATE_CHAT", 1), "messages a second to one chat, sustained; -1 for no limit (env LANTERN_RATE_CHAT)")
	fs.IntVar(&cfg.ChatBurst, "rate-chat-burst", int(a.envFloat("LANTERN_RATE_CHAT_BURST", 8)), "messages one chat may get at once (env LANTERN_RATE_CHAT_BURST)")
	logLevel := fs.String("log-level", a.envOr("LANTERN_LOG_LEVEL", "info"), "debug, info, warn or error (env LANTERN_LOG_LEVEL)")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	if cfg.Token == "" {
		return errors.New("TELEGRAM_BOT_TOKEN is not set. Create a bot with @BotFather in Telegram " +
			"(send it /newbot), then run: TELEGRAM_BOT_TOKEN=<token> lantern serve. " +
			"To try Lantern without Telegram, run: lantern chat")
	}
	if cfg.WebhookURL != "" && cfg.WebhookSecret == "" {
		return errors.New("LANTERN_WEBHOOK_URL is set but LANTERN_WEBHOOK_SECRET is not: choose a secret of 1-256 characters A-Z, a-z, 0-9, _ or -")
	}
	unlock, err := store.LockFile(s.db)
	if err != nil {
		return err
	}
	a.closers = append(a.closers, unlock)
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return fmt.Errorf("--log-level %q: want debug, info, warn or error", *logLevel)
	}
	log := slog.New(slog.NewJSONHandler(a.stderr, &slog.HandlerOptions{Level: level}))
	r, st, err := a.runner(s)
	if err != nil {
		return err
	}
	r.Log = log
	svc, err := telegram.New(cfg, r, st.sealer, log)
	if err != nil {
		return err
	}
	go retention(ctx, st.db, s, log)
	log.Info("lantern starting", "mode", map[bool]string{true: "webhook", false: "polling"}[cfg.WebhookURL != ""],
		"content", r.Engine.Library().Source, "http", cfg.HTTPAddr)
	return svc.Run(ctx)
}

// retention deletes idle sessions, expired message ids and handled updates, and counts
// past their horizon, now and every hour.
func retention(ctx context.Context, db *store.DB, s *settings, log *slog.Logger) {
	for {
		if n, err := db.ExpireSessions(ctx, s.sessionTTL); err != nil {
			log.Error("expiring sessions failed", "error", err.Error())
		} else if n > 0 {
			log.Info("expired idle sessions", "count", n)
		}
		if err := db.PurgeTransient(ctx); err != nil {
			log.Error("purging message ids failed", "error", err.Error())
		}
		if n, err := db.PurgeStats(ctx, time.Duration(s.statsDays)*24*time.Hour); err != nil {
			log.Error("purging old counts failed", "error", err.Error())
		} else if n > 0 {
			log.Info("deleted old aggregate counts", "rows", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Hour):
		}
	}
}

func cmdChat(ctx context.Context, a *app, args []string) error {
	fs := a.flagSet("chat")
	s := a.common(fs)
	var p dialog.Payload
	fs.StringVar(&p.Audience, "audience", "", "skip the question: teen, parent or school")
	fs.StringVar(&p.Region, "region", "", "skip the question: country code, e.g. GB, US, IN")
	fs.StringVar(&p.Lang, "lang", "", "language code, e.g. en")
	echo := fs.Bool("echo", false, "print each input line before the replies (a readable transcript when piped)")
	botName := a.botFlag(fs) // without it no share or school links are shown
	posterDir := fs.String("poster-dir", ".", "where a school's poster is saved when the bot makes one; empty to not draw it")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	switch p.Audience {
	case "", "teen", "parent", "school":
	default:
		return fmt.Errorf("--audience %q: want teen, parent or school", p.Audience)
	}
	p.Region = strings.ToUpper(p.Region)
	if p.Region != "" && !dialog.IsRegion(p.Region) {
		return fmt.Errorf("--region %q: want a two-letter country code such as GB or US", p.Region)
	}
	r, st, err := a.runner(s)
	if err != nil {
		return err
	}
	// Retention runs before any conversation: a session idle past its lifetime is gone.
	if _, err := st.db.ExpireSessions(ctx, s.sessionTTL); err != nil {
		return err
	}
	if p.Lang != "" {
		if _, ok := r.Engine.Library().Locales[p.Lang]; !ok {
			return fmt.Errorf("--lang %q: no such locale (have %s)", p.Lang, strings.Join(r.Engine.Library().Langs(), ", "))
		}
	}
	opt := console.Options{Preset: p, Echo: *echo, Bot: strings.TrimPrefix(*botName, "@"), PosterDir: *posterDir}
	if isTerminal(a.stdin) {
		opt.Welcome, opt.Prompt = true, "> "
		fmt.Fprintln(a.stderr, "Lantern in a terminal. Type a message, a button's number, or /help. Ctrl-D to leave.")
	}
	return console.Run(ctx, r, a.stdin, a.stdout, opt)
}

// isTerminal reports whether r is an interactive terminal rather than a pipe or file.
func isTerminal(r any) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func cmdHotlines(ctx context.Context, a *app, args []string) error {
	fs := a.flagSet("hotlines")
	var dir, country string
	var asJSON bool
	a.contentFlag(fs, &dir)
	fs.StringVar(&country, "country", "", "only this country (ISO code, e.g. GB); ZZ = works from anywhere")
	fs.BoolVar(&asJSON, "json", false, "print JSON")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	lib, err := a.library(dir)
	if err != nil {
		return err
	}
	d := hotline.New(lib.Countries)
	codes := d.Codes()
	if country != "" {
		country = strings.ToUpper(country)
		if country != "ZZ" && !dialog.IsRegion(country) {
			return fmt.Errorf("--country %q: want a two-letter country code such as GB", country)
		}
		codes = []string{country}
	}
	var all []hotline.Entry
	for _, code := range codes {
		all = append(all, d.List(code)...)
	}
	if asJSON {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(hotline.ToJSON(all))
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "COUNTRY\tKIND\tNAME\tPHONE\tSMS\tWEB\tHOURS\tCHECKED\tSOURCE")
	for _, e := range all {
		src := ""
		if len(e.Sources) > 0 {
			src = e.Sources[0]
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e.Country, e.Kind, e.Name, e.Phone, e.SMS, e.Web, e.Hours, e.Checked, src)
	}
	return tw.Flush()
}

func cmdContent(ctx context.Context, a *app, args []string) error {
	if len(args) == 0 || args[0] != "check" {
		fmt.Fprintln(a.stderr, "usage: lantern content check [DIR]")
		return errUsage
	}
	fs := a.flagSet("content check")
	var dir string
	a.contentFlag(fs, &dir)
	if err := a.parse(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		dir = fs.Arg(0)
	}
	lib, problems, err := loadLibrary(dir, time.Now())
	if err != nil {
		return err
	}
	for _, p := range problems {
		fmt.Fprintln(a.stdout, p)
	}
	n := content.Errors(problems)
	contacts := 0
	for _, c := range lib.Countries {
		contacts += len(c.Contacts)
	}
	articles := 0
	for _, as := range lib.Articles {
		articles += len(as)
	}
	fmt.Fprintf(a.stdout, "content (%s): %d nodes, %d locales, %d articles, %d countries, %d contacts: %d errors, %d warnings\n",
		lib.Source, len(lib.Flow.Nodes), len(lib.Locales), articles, len(lib.Countries), contacts, n, len(problems)-n)
	if n > 0 {
		return fmt.Errorf("%d errors", n)
	}
	return nil
}

func cmdPurge(ctx context.Context, a *app, args []string) error {
	fs := a.flagSet("purge")
	s := a.common(fs)
	if err := a.parse(fs, args); err != nil {
		return err
	}
	st, err := a.openStore(s)
	if err != nil {
		return err
	}
	n, err := st.db.ExpireSessions(ctx, s.sessionTTL)
	if err != nil {
		return err
	}
	if err := st.db.PurgeTransient(ctx); err != nil {
		return err
	}
	rows, err := st.db.PurgeStats(ctx, time.Duration(s.statsDays)*24*time.Hour)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "deleted %d sessions idle for more than %s, message ids and handled updates older than 48h, and %d count rows older than %d days\n",
		n, s.sessionTTL, rows, s.statsDays)
	return nil
}

// cmdHealth asks a running `lantern serve` whether it is healthy: the image's HEALTHCHECK,
// since the image has no shell or curl.
func cmdHealth(ctx context.Context, a *app, args []string) error {
	fs := a.flagSet("health")
	addr := fs.String("http-addr", a.envOr("LANTERN_HTTP_ADDR", ":8080"), "the address lantern serve listens on (env LANTERN_HTTP_ADDR)")
	path := fs.String("path", "/healthz", "the endpoint to ask: /healthz or /readyz")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	host := *addr
	if strings.HasPrefix(host, ":") {
		host = "127.0.0.1" + host
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+host+*path, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s answered %s", *path, resp.Status)
	}
	fmt.Fprintln(a.stdout, "ok")
	return nil
}
