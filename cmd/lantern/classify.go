package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/lantern-help/lantern/internal/content"
	"github.com/lantern-help/lantern/internal/dialog"
	"github.com/lantern-help/lantern/internal/eval"
	"github.com/lantern-help/lantern/internal/hotline"
	"github.com/lantern-help/lantern/internal/safety"
)

// cmdClassify reads {"id","text","lang"?} lines and writes what the classifier understood.
func cmdClassify(ctx context.Context, a *app, args []string) error {
	fs := a.flagSet("classify")
	var dir string
	a.contentFlag(fs, &dir)
	if err := a.parse(fs, args); err != nil {
		return err
	}
	lib, err := a.library(dir)
	if err != nil {
		return err
	}
	rules := newRules(lib, dir)
	sc := bufio.NewScanner(a.stdin)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	enc := json.NewEncoder(a.stdout)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var in struct{ ID, Text, Lang string }
		if err := json.Unmarshal([]byte(line), &in); err != nil {
			return fmt.Errorf("line %d: not a JSON object with id and text: %w", n, err)
		}
		as := rules.Assess(ctx, in.Text, languageOf(rules, in.Text, in.Lang))
		out := map[string]any{"id": in.ID, "intent": as.Intent, "audience": as.Audience,
			"lang": as.Lang, "source": as.Source, "crisis": as.Crisis}
		if as.Hesitant {
			out["hesitant"] = true // only on lines no intent was read in
		}
		if as.Danger {
			out["danger"] = true // a crisis of danger from a person
		}
		if err := enc.Encode(out); err != nil {
			return err
		}
	}
	return sc.Err()
}

// languageOf is the language a line is read in: the one it names, else the one its text is
// most likely written in (English when nothing tells).
func languageOf(rules *safety.Rules, text, named string) string {
	if named != "" {
		return named
	}
	return rules.Guess(text)
}

// cmdEval measures the classifier on a labelled file and fails below the floors.
func cmdEval(ctx context.Context, a *app, args []string) error {
	fs := a.flagSet("eval")
	var dir string
	a.contentFlag(fs, &dir)
	misses := fs.Bool("misses", false, "list the ids of crisis messages that were not flagged")
	detect := fs.Bool("detect", false, "ignore the labelled languages: read each message in the language its text shows, as classify does for a line without lang")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(a.stderr, "usage: lantern eval [--misses] [--detect] FILE.jsonl")
		return errUsage
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	examples, err := eval.Read(f)
	if err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	lib, err := a.library(dir)
	if err != nil {
		return err
	}
	rules := newRules(lib, dir)
	engine := dialog.New(lib, hotline.New(lib.Countries))
	rep := eval.RunWith(examples, func(text, lang string) safety.Assessment {
		if *detect {
			lang = languageOf(rules, text, "")
		}
		return rules.Assess(ctx, text, lang)
	}, func(text string, a safety.Assessment) bool { return firstReplyCarriesCrisis(engine, text, a) })
	rep.Write(a.stdout)
	if *misses && len(rep.Misses) > 0 {
		fmt.Fprintf(a.stdout, "\ncrisis messages not flagged: %s\n", strings.Join(rep.Misses, " "))
	}
	if fails := rep.Check(eval.DefaultFloors); len(fails) > 0 {
		return fmt.Errorf("below the floors: %s", strings.Join(fails, "; "))
	}
	fmt.Fprintln(a.stdout, "\nall floors met")
	return nil
}

// firstReplyCarriesCrisis reports whether the engine's first reply to a message so assessed,
// in a new chat, gives the crisis contacts. Only a reading counts: a message no rule or
// backstop understood ("not understood", which carries the crisis line) or read as a question
// may instead be answered by an article, or taken as the answer to the question /start asks
// ("who are you?"), and neither carries it.
func firstReplyCarriesCrisis(e *dialog.Engine, text string, a safety.Assessment) bool {
	if !a.Crisis && !a.CrisisMaybe && (!a.Matched || a.Intent == safety.Learn) {
		return false
	}
	res := e.Step(dialog.State{Lang: a.Lang}, dialog.Event{Kind: dialog.Text, Text: text, Assessment: a})
	for _, r := range res.Replies {
		if slices.Contains(r.Contacts, content.KindCrisis) {
			return true
		}
	}
	return false
}
