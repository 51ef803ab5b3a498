// Package prompts embeds the templates Lantern gives a language model, when one is
// configured. The bot never needs them to work: without a model nothing here is used.
package prompts

import "embed"

// FS holds the prompt templates (*.tmpl).
//
//go:embed *.tmpl
var FS embed.FS
