// Command lantern is the Lantern bot and its tools. See README.md for every command and
// setting. This package only parses settings and wires the internal packages together.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr))
}

// env reads a setting from the environment.
type env func(string) string

// commands maps each subcommand to its function.
var commands = map[string]func(ctx context.Context, a *app, args []string) error{
	"serve":    cmdServe,
	"chat":     cmdChat,
	"hotlines": cmdHotlines,
	"content":  cmdContent,
	"purge":    cmdPurge,
	"health":   cmdHealth,
	"classify": cmdClassify,
	"eval":     cmdEval,
	"school":   cmdSchool,
	"stats":    cmdStats,
}

const usage = `Lantern helps young people, parents and schools with sextortion and online grooming.

Usage:
  lantern [serve]                       run the Telegram bot
  lantern chat [flags]                  talk to the bot in this terminal (no token needed)
  lantern hotlines [--country CC] [--json]
                                        the help contacts the bot gives
  lantern content check [DIR]           validate the content (embedded, or DIR)
  lantern classify                      JSON lines {"id","text","lang"} in, what the rules understood out
  lantern eval [--misses] FILE          measure the classifier on a labelled JSON-lines file
  lantern school new|poster|list|retire a school's code, links and printable poster
  lantern stats [--since DATE] [--school CODE] [--by DIMS] [--format table|csv|json]
                                        aggregate counts, numbers under 10 hidden
  lantern purge                         run retention now: idle sessions, old message ids, old counts
  lantern health [--path /readyz]       ask a running lantern serve if it is healthy

Run "lantern COMMAND -h" for a command's flags. Every flag has an environment variable;
README.md lists them all.
`

// run is main without the process: tests call it with their own input, output and settings.
func run(ctx context.Context, args []string, getenv env, stdin io.Reader, stdout, stderr io.Writer) int {
	name := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		name, args = args[0], args[1:]
	}
	if name == "help" || name == "-h" || name == "--help" {
		fmt.Fprint(stdout, usage)
		return 0
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "lantern: unknown command %q\n\n%s", name, usage)
		return 2
	}
	a := &app{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	defer a.close()
	if err := cmd(ctx, a, args); err != nil {
		if err == errUsage {
			return 2
		}
		fmt.Fprintf(stderr, "lantern %s: %v\n", name, err)
		return 1
	}
	return 0
}
