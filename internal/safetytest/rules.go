// Package safetytest gives tests the real rule classifier of the embedded content, built once
// per test binary: the rules are read-only, and building them takes seconds (about ten under
// -race), which tests that build them per test or per message pay many times over.
package safetytest

import (
	"sync"

	contentfs "github.com/lantern-help/lantern/content"
	"github.com/lantern-help/lantern/internal/content"
	"github.com/lantern-help/lantern/internal/safety"
)

var embedded = sync.OnceValue(func() *safety.Rules {
	lib, err := content.Load(contentfs.FS, "embedded")
	if err != nil {
		panic("safetytest: the embedded content does not load: " + err.Error())
	}
	return safety.NewRules(lib)
})

// Rules returns the real rules of the embedded content (the same every call).
func Rules() *safety.Rules { return embedded() }
