package main

import (
	"github.com/lantern-help/lantern/internal/content"
	"github.com/lantern-help/lantern/internal/safety"
	"github.com/lantern-help/lantern/internal/safetytest"
)

// The commands the tests run share one build of the embedded content's rules; a test that
// gives its own content folder still gets rules built from that folder.
func init() {
	newRules = func(lib *content.Library) *safety.Rules {
		if lib.Source == "embedded" {
			return safetytest.Rules()
		}
		return safety.NewRules(lib)
	}
}
