package main

import (
	"github.com/lantern-help/lantern/internal/content"
	"github.com/lantern-help/lantern/internal/safety"
	"github.com/lantern-help/lantern/internal/safetytest"
)

// The commands the tests run share one build of the embedded content's rules; a test that
// gives its own content folder still gets rules built from that folder.
func init() {
	newRules = func(lib *content.Library, dir string) *safety.Rules {
		if dir == "" { // not lib.Source, which a folder named "embedded" has too
			return safetytest.Rules()
		}
		return safety.NewRules(lib)
	}
}
