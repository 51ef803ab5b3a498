package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/lantern-help/lantern/internal/dialog"
	"github.com/lantern-help/lantern/internal/hotline"
	"github.com/lantern-help/lantern/internal/school"
	"github.com/lantern-help/lantern/internal/stats"
	"github.com/lantern-help/lantern/internal/store"
	"github.com/lantern-help/lantern/internal/turn"
)

const schoolUsage = `Usage:
  lantern school new --region CC --lang L [--name TEXT]   make a school code, print its links and texts
  lantern school poster CODE -o FILE.png|FILE.pdf         draw the code's printable poster
  lantern school list                                     every code, active and retired
  lantern school retire CODE                              stop counting under a code
`

func cmdSchool(ctx context.Context, a *app, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(a.stderr, schoolUsage)
		return errUsage
	}
	switch args[0] {
	case "new":
		return schoolNew(ctx, a, args[1:])
	case "poster":
		return schoolPoster(ctx, a, args[1:])
	case "list":
		return schoolList(ctx, a, args[1:])
	case "retire":
		return schoolRetire(ctx, a, args[1:])
	}
	fmt.Fprintf(a.stderr, "lantern school: unknown subcommand %q\n%s", args[0], schoolUsage)
	return errUsage
}

// botFlag adds --bot: the bot's Telegram username, which every link outside Telegram needs.
func (a *app) botFlag(fs *flag.FlagSet) *string {
	return fs.String("bot", a.envOr("LANTERN_BOT_USERNAME", ""), "the bot's Telegram username, for links (env LANTERN_BOT_USERNAME)")
}

// needBot returns the --bot value without "@", or an error saying how to set it.
func needBot(v *string) (string, error) {
	bot := strings.TrimPrefix(strings.TrimSpace(*v), "@")
	if bot == "" {
		return "", errors.New("the links need the bot's Telegram username: set LANTERN_BOT_USERNAME or --bot (without @)")
	}
	return bot, nil
}

func schoolNew(ctx context.Context, a *app, args []string) error {
	fs := a.flagSet("school new")
	s := a.common(fs)
	region := fs.String("region", "", "the school's country, e.g. GB (required)")
	lang := fs.String("lang", "", "the language of the links and poster, e.g. en (required)")
	name := fs.String("name", "", "a label for the operator's own list; never shown to students and not needed")
	botName := a.botFlag(fs)
	if err := a.parse(fs, args); err != nil {
		return err
	}
	bot, err := needBot(botName)
	if err != nil {
		return err
	}
	lib, err := a.library(s.contentDir)
	if err != nil {
		return err
	}
	*region = strings.ToUpper(*region)
	if !dialog.IsRegion(*region) {
		return fmt.Errorf("--region %q: want a two-letter country code such as GB or US", *region)
	}
	if _, ok := lib.Locales[*lang]; !ok {
		return fmt.Errorf("--lang %q: no such locale (have %s)", *lang, strings.Join(lib.Langs(), ", "))
	}
	st, err := a.openStore(s)
	if err != nil {
		return err
	}
	var code string
	for range 3 { // a clash of 70-bit random codes is not expected; it is still handled
		if code, err = school.NewCode(); err != nil {
			return err
		}
		err = st.db.CreateSchool(ctx, store.School{Code: code, Region: *region, Lang: *lang, Name: *name})
		if !errors.Is(err, store.ErrSchoolExists) {
			break
		}
	}
	if err != nil {
		return err
	}
	links := school.LinksFor(bot, code, *region, *lang)
	fill := func(key, link string) string { return strings.ReplaceAll(lib.Text(*lang, key), "{link}", link) }
	fmt.Fprintf(a.stdout, "code:     %s\nstudents: %s\nparents:  %s\n\n", code, links.Students, links.Parents)
	fmt.Fprintf(a.stdout, "For a class chat:\n%s\n\nFor a newsletter:\n%s\n\n", fill("school.class_text", links.Students), fill("school.newsletter", links.Parents))
	fmt.Fprintf(a.stdout, "Poster: lantern school poster %s -o poster.png\n", code)
	return nil
}

func schoolPoster(ctx context.Context, a *app, args []string) error {
	fs := a.flagSet("school poster")
	s := a.common(fs)
	out := fs.String("o", "", "the file to write: .png or .pdf (required)")
	botName := a.botFlag(fs)
	code, rest := firstArg(args)
	if err := a.parse(fs, rest); err != nil {
		return err
	}
	if code == "" && fs.NArg() == 1 {
		code = fs.Arg(0)
	}
	if code == "" || *out == "" {
		return errors.New("want: lantern school poster CODE -o FILE.png (or .pdf)")
	}
	bot, err := needBot(botName)
	if err != nil {
		return err
	}
	lib, err := a.library(s.contentDir)
	if err != nil {
		return err
	}
	st, err := a.openStore(s)
	if err != nil {
		return err
	}
	sc, ok, err := st.db.School(ctx, code)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("no school code %q (see lantern school list)", code)
	}
	draw := school.PNG
	if strings.HasSuffix(strings.ToLower(*out), ".pdf") {
		draw = school.PDF
	}
	b, err := draw(lib, hotline.New(lib.Countries), bot, sc.Code, sc.Region, sc.Lang)
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		return fmt.Errorf("write poster: %w", err)
	}
	fmt.Fprintf(a.stdout, "wrote %s (%d bytes)\n", *out, len(b))
	return nil
}

// firstArg takes a leading positional argument, so "poster CODE -o x" and "poster -o x CODE"
// both work.
func firstArg(args []string) (string, []string) {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		return args[0], args[1:]
	}
	return "", args
}

func schoolList(ctx context.Context, a *app, args []string) error {
	fs := a.flagSet("school list")
	s := a.common(fs)
	if err := a.parse(fs, args); err != nil {
		return err
	}
	st, err := a.openStore(s)
	if err != nil {
		return err
	}
	all, err := st.db.Schools(ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "code\tregion\tlang\tmade\tretired\tmade by\tname")
	for _, sc := range all {
		by := "operator"
		if sc.Owner != "" {
			by = "staff chat" // a chat key: never printed
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", sc.Code, sc.Region, sc.Lang, sc.Created, dash(sc.Retired), by, dash(sc.Name))
	}
	return w.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func schoolRetire(ctx context.Context, a *app, args []string) error {
	fs := a.flagSet("school retire")
	s := a.common(fs)
	code, rest := firstArg(args)
	if err := a.parse(fs, rest); err != nil {
		return err
	}
	if code == "" {
		return errors.New("want: lantern school retire CODE")
	}
	st, err := a.openStore(s)
	if err != nil {
		return err
	}
	ok, err := st.db.RetireSchool(ctx, code)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("no active school code %q", code)
	}
	fmt.Fprintf(a.stdout, "retired %s\n", code)
	return nil
}

// cmdStats prints the aggregate counts, small cells merged or shown as "<10".
func cmdStats(ctx context.Context, a *app, args []string) error {
	fs := a.flagSet("stats")
	s := a.common(fs)
	since := fs.String("since", "", "count from this day on, YYYY-MM-DD (default: everything kept)")
	code := fs.String("school", "", "only this school code")
	by := fs.String("by", "month,region,audience,school", "breakdown: any of day|week|month, region, audience, school, comma-separated; empty for events only")
	format := fs.String("format", "table", "table, csv or json")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	if *since != "" {
		if _, err := time.Parse("2006-01-02", *since); err != nil {
			return fmt.Errorf("--since %q: want a day such as 2026-09-01", *since)
		}
	}
	switch *format {
	case "table", "csv", "json":
	default:
		return fmt.Errorf("--format %q: want table, csv or json", *format)
	}
	var dims []string
	for _, d := range strings.Split(*by, ",") {
		if d = strings.TrimSpace(d); d != "" {
			dims = append(dims, d)
		}
	}
	st, err := a.openStore(s)
	if err != nil {
		return err
	}
	f := store.StatsFilter{Since: *since}
	if *code != "" {
		f.Schools = []string{*code}
	}
	rows, err := st.db.Stats(ctx, f)
	if err != nil {
		return err
	}
	rep, err := stats.Build(turn.StatRows(rows), stats.Options{By: dims})
	if err != nil {
		return fmt.Errorf("--by %q: %w", *by, err)
	}
	return rep.Write(a.stdout, *format)
}
