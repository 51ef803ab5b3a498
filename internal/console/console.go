// Package console runs Lantern in a terminal: one line in is one message or button press, the
// replies are printed with their buttons numbered. It reads line by line, so a conversation
// can be piped in, and it stops cleanly at the end of the input.
package console

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/lantern-help/lantern/internal/dialog"
	"github.com/lantern-help/lantern/internal/school"
	"github.com/lantern-help/lantern/internal/turn"
)

// Chat is the console's conversation: one per database.
var Chat = turn.Chat{Channel: "console", ID: 1}

// Options are the choices given on the command line.
type Options struct {
	Preset  dialog.Payload // audience, region and language to skip those questions
	Welcome bool           // begin with /start, as a person opening the bot would
	Prompt  string         // printed before each line read ("" for none, e.g. when piped)
	Echo    bool           // print each line read as "> line", so a piped session reads as a transcript
	Bot     string         // the bot's Telegram username, for share and deep links ("" = none shown)
	// PosterDir is where a school's poster is saved when the bot sends one ("" = not drawn;
	// the command to draw it is printed instead).
	PosterDir string
}

// Run talks with the person on in and out until in ends or ctx is cancelled.
func Run(ctx context.Context, r *turn.Runner, in io.Reader, out io.Writer, opt Options) error {
	if err := r.Prepare(ctx, Chat, opt.Preset); err != nil {
		return err
	}
	var buttons []dialog.Button
	send := func(ev dialog.Event) error {
		ev.Bot = opt.Bot
		res, err := r.Run(ctx, Chat, ev)
		if err != nil {
			return err
		}
		buttons = print(out, res.Replies)
		for _, rep := range res.Replies {
			if rep.Poster != nil {
				savePoster(out, r, opt, rep.Poster)
			}
		}
		return nil
	}
	if opt.Welcome {
		if err := send(dialog.Event{Kind: dialog.Start}); err != nil {
			return err
		}
	}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 64*1024)
	for {
		if opt.Prompt != "" {
			fmt.Fprint(out, opt.Prompt)
		}
		if !sc.Scan() {
			break
		}
		if err := ctx.Err(); err != nil {
			return nil
		}
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if opt.Echo {
			fmt.Fprintf(out, "> %s\n\n", line)
		}
		ev := Parse(line, buttons)
		if ev.Kind == 0 {
			fmt.Fprintf(out, "→ %s\n\n", ev.Payload)
			continue
		}
		if err := send(ev); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("console: read input: %w", err)
	}
	return nil
}

// Parse turns one typed line into an event: a button's number or label presses it, "/name
// args" is a command, ":media" stands for a photo or file, anything else is text.
func Parse(line string, buttons []dialog.Button) dialog.Event {
	if n, err := strconv.Atoi(line); err == nil && n >= 1 && n <= len(buttons) {
		return press(buttons[n-1])
	}
	for _, b := range buttons {
		if strings.EqualFold(line, b.Label) {
			return press(b)
		}
	}
	if strings.HasPrefix(line, "/") {
		name, args, _ := strings.Cut(line[1:], " ")
		name, _, _ = strings.Cut(name, "@")
		name = strings.ToLower(name)
		if name == "start" {
			return dialog.Event{Kind: dialog.Start, Payload: strings.TrimSpace(args)}
		}
		return dialog.Event{Kind: dialog.Command, Command: name, Payload: strings.TrimSpace(args)}
	}
	if line == ":media" {
		return dialog.Event{Kind: dialog.Media}
	}
	return dialog.Event{Kind: dialog.Text, Text: line}
}

// press presses a button. A link button opens a page in Telegram; here there is nothing to
// send, so it is the zero event, which Run answers by showing the address.
func press(b dialog.Button) dialog.Event {
	if b.URL != "" {
		return dialog.Event{Payload: b.URL}
	}
	return dialog.Event{Kind: dialog.Press, Data: b.Data}
}

// savePoster draws a school's poster into opt.PosterDir, or says how to draw it.
func savePoster(out io.Writer, r *turn.Runner, opt Options, p *dialog.PosterOf) {
	if opt.PosterDir == "" {
		fmt.Fprintf(out, "(poster: lantern school poster %s -o poster.png)\n\n", p.Code)
		return
	}
	e := r.Engine
	png, err := school.PNG(e.Library(), e.Directory(), opt.Bot, p.Code, p.Region, p.Lang)
	if err != nil {
		fmt.Fprintf(out, "(poster not drawn: %v)\n\n", err)
		return
	}
	name := "lantern-poster-" + p.Code + ".png"
	if err := os.WriteFile(filepath.Join(opt.PosterDir, name), png, 0o644); err != nil {
		fmt.Fprintf(out, "(poster not saved: %v)\n\n", err)
		return
	}
	fmt.Fprintf(out, "(poster saved: %s)\n\n", name)
}

// print writes the replies and returns their buttons in the order they were numbered.
func print(out io.Writer, replies []dialog.Reply) []dialog.Button {
	var numbered []dialog.Button
	for _, r := range replies {
		fmt.Fprintln(out, r.Text)
		for _, row := range r.Buttons {
			for _, b := range row {
				numbered = append(numbered, b)
				if b.URL != "" {
					fmt.Fprintf(out, "  [%d] %s → %s\n", len(numbered), b.Label, b.URL)
				} else {
					fmt.Fprintf(out, "  [%d] %s\n", len(numbered), b.Label)
				}
			}
		}
		fmt.Fprintln(out)
	}
	return numbered
}
