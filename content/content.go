// Package content embeds Lantern's words and facts so the binary carries the text it was
// built with. The files are documented in README.md beside this file.
package content

import "embed"

// FS holds flows.yaml, locales/, lexicon/, hotlines/, articles/ and examples/.
//
//go:embed flows.yaml locales lexicon hotlines articles examples
var FS embed.FS
