package llm_test

import (
	"testing"

	"github.com/lantern-help/lantern/internal/content"
	"github.com/lantern-help/lantern/internal/llm"
	"github.com/lantern-help/lantern/internal/safety"
)

func rulesSaid(in safety.Intent, aud string, crisis bool) safety.Assessment {
	return safety.Assessment{Intent: in, Audience: aud, Crisis: crisis, Lang: "en", Source: "rules", Matched: true}
}

func rulesNothing() safety.Assessment {
	return safety.Assessment{Intent: safety.OffTopic, Audience: "unknown", Lang: "en", Source: "rules", Matched: false}
}

func modelSaid(in safety.Intent, aud string, crisis bool) safety.Assessment {
	return safety.Assessment{Intent: in, Audience: aud, Crisis: crisis, Source: "model", Matched: true}
}

func backstopSaid(in safety.Intent) safety.Assessment {
	return safety.Assessment{Intent: in, Audience: "unknown", Lang: "en", Source: safety.SourceBackstop, Matched: true}
}

func TestMerge(t *testing.T) {
	tests := []struct {
		name         string
		rules, model safety.Assessment
		intent       safety.Intent
		audience     string
		crisis       bool
	}{
		// The model can never lower a risk the rules found.
		// A backstop's guess is not a rule's finding: the model overrules it, sextortion excepted.
		{"backstop enticement, model off_topic", backstopSaid(safety.Enticement), modelSaid(safety.OffTopic, "teen", false), safety.OffTopic, "teen", false},
		{"backstop learn, model friend", backstopSaid(safety.Learn), modelSaid(safety.Friend, "teen", false), safety.Friend, "teen", false},
		{"backstop sextortion, model off_topic", backstopSaid(safety.Sextortion), modelSaid(safety.OffTopic, "teen", false), safety.Sextortion, "teen", false},
		{"backstop report, model says nothing usable", backstopSaid(safety.Report), modelSaid("", "", false), safety.Report, "unknown", false},
		{"rules sextortion, model off_topic", rulesSaid(safety.Sextortion, "teen", false), modelSaid(safety.OffTopic, "teen", false), safety.Sextortion, "teen", false},
		{"rules sextortion, model greeting", rulesSaid(safety.Sextortion, "teen", false), modelSaid(safety.Greeting, "unknown", false), safety.Sextortion, "teen", false},
		{"rules crisis kept, crisis flag kept", rulesSaid(safety.Crisis, "teen", true), modelSaid(safety.Learn, "teen", false), safety.Crisis, "teen", true},
		{"rules crisis flag on other intent kept", rulesSaid(safety.Sextortion, "teen", true), modelSaid(safety.Sextortion, "teen", false), safety.Sextortion, "teen", true},
		{"rules enticement, model friend", rulesSaid(safety.Enticement, "parent", false), modelSaid(safety.Friend, "teen", false), safety.Enticement, "parent", false},
		{"rules image_removal, model learn", rulesSaid(safety.ImageRemoval, "teen", false), modelSaid(safety.Learn, "teen", false), safety.ImageRemoval, "teen", false},
		{"rules report, model sextortion", rulesSaid(safety.Report, "school", false), modelSaid(safety.Sextortion, "teen", false), safety.Report, "school", false},
		{"rules harmful_request, model learn", rulesSaid(safety.HarmfulRequest, "unknown", false), modelSaid(safety.Learn, "parent", false), safety.HarmfulRequest, "parent", false},
		{"rules harmful_request, model injection", rulesSaid(safety.HarmfulRequest, "unknown", false), modelSaid(safety.Injection, "unknown", false), safety.HarmfulRequest, "unknown", false},
		{"risky rules intent kept even if not marked matched", safety.Assessment{Intent: safety.Sextortion, Audience: "teen"}, modelSaid(safety.Greeting, "teen", false), safety.Sextortion, "teen", false},

		// The model may raise a risk.
		{"model raises crisis flag", rulesSaid(safety.Sextortion, "teen", false), modelSaid(safety.Sextortion, "teen", true), safety.Sextortion, "teen", true},
		{"model crisis intent does not replace risky rules intent, but flags", rulesSaid(safety.Report, "teen", false), modelSaid(safety.Crisis, "teen", false), safety.Report, "teen", true},
		{"rules learn, model sextortion", rulesSaid(safety.Learn, "teen", false), modelSaid(safety.Sextortion, "teen", false), safety.Sextortion, "teen", false},
		{"rules friend, model enticement", rulesSaid(safety.Friend, "teen", false), modelSaid(safety.Enticement, "teen", false), safety.Enticement, "teen", false},
		{"rules talk_to_someone, model crisis", rulesSaid(safety.TalkToSomeone, "teen", false), modelSaid(safety.Crisis, "teen", true), safety.Crisis, "teen", true},
		{"rules injection, model harmful_request", rulesSaid(safety.Injection, "unknown", false), modelSaid(safety.HarmfulRequest, "unknown", false), safety.HarmfulRequest, "unknown", false},

		// The rules' non-risky intent stays unless the model's is risky.
		{"rules learn, model greeting", rulesSaid(safety.Learn, "parent", false), modelSaid(safety.Greeting, "parent", false), safety.Learn, "parent", false},
		{"rules friend, model talk_to_someone", rulesSaid(safety.Friend, "teen", false), modelSaid(safety.TalkToSomeone, "teen", false), safety.Friend, "teen", false},
		{"rules injection, model learn", rulesSaid(safety.Injection, "unknown", false), modelSaid(safety.Learn, "teen", false), safety.Injection, "teen", false},
		{"rules learn, model injection", rulesSaid(safety.Learn, "teen", false), modelSaid(safety.Injection, "teen", false), safety.Learn, "teen", false},

		// When the rules found nothing the model's intent is taken.
		{"rules nothing, model sextortion", rulesNothing(), modelSaid(safety.Sextortion, "teen", false), safety.Sextortion, "teen", false},
		{"rules nothing, model learn", rulesNothing(), modelSaid(safety.Learn, "parent", false), safety.Learn, "parent", false},
		{"rules nothing, model injection", rulesNothing(), modelSaid(safety.Injection, "unknown", false), safety.Injection, "unknown", false},
		{"rules nothing, model off_topic", rulesNothing(), modelSaid(safety.OffTopic, "unknown", false), safety.OffTopic, "unknown", false},
		{"rules matched greeting, model enticement", rulesSaid(safety.Greeting, "unknown", false), modelSaid(safety.Enticement, "teen", false), safety.Enticement, "teen", false},
		{"rules matched off_topic, model friend", rulesSaid(safety.OffTopic, "unknown", false), modelSaid(safety.Friend, "teen", false), safety.Friend, "teen", false},
		{"rules matched greeting, model greeting", rulesSaid(safety.Greeting, "teen", false), modelSaid(safety.Greeting, "unknown", false), safety.Greeting, "teen", false},
		{"rules greeting, model off_topic", rulesSaid(safety.Greeting, "teen", false), modelSaid(safety.OffTopic, "teen", false), safety.OffTopic, "teen", false},
		{"model crisis intent implies crisis flag", rulesNothing(), modelSaid(safety.Crisis, "teen", false), safety.Crisis, "teen", true},
		{"rules nothing, crisis flag from model only", rulesNothing(), modelSaid(safety.OffTopic, "unknown", true), safety.OffTopic, "unknown", true},

		// A bad or empty model assessment changes nothing.
		{"empty model, rules nothing", rulesNothing(), safety.Assessment{}, safety.OffTopic, "unknown", false},
		{"bogus model intent, rules learn", rulesSaid(safety.Learn, "teen", false), modelSaid("bogus", "parent", false), safety.Learn, "teen", false},
		{"bogus model intent, rules nothing", rulesNothing(), modelSaid("bogus", "bogus", false), safety.OffTopic, "unknown", false},
		{"empty rules and model", safety.Assessment{}, safety.Assessment{}, safety.OffTopic, "unknown", false},

		// Audience: the rules' unless unknown.
		{"audience from rules", rulesSaid(safety.Learn, "school", false), modelSaid(safety.Learn, "teen", false), safety.Learn, "school", false},
		{"audience from model when rules unknown", rulesSaid(safety.Learn, "unknown", false), modelSaid(safety.Learn, "parent", false), safety.Learn, "parent", false},
		{"audience from model when rules empty", safety.Assessment{Intent: safety.Learn, Matched: true}, modelSaid(safety.Learn, "school", false), safety.Learn, "school", false},
		{"bad model audience gives unknown", rulesSaid(safety.Learn, "", false), modelSaid(safety.Learn, "alien", false), safety.Learn, "unknown", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := llm.Merge(tt.rules, tt.model)
			if got.Intent != tt.intent || got.Audience != tt.audience || got.Crisis != tt.crisis {
				t.Errorf("Merge = {%s %s crisis=%v}, want {%s %s crisis=%v}",
					got.Intent, got.Audience, got.Crisis, tt.intent, tt.audience, tt.crisis)
			}
			if got.Source != "rules+model" {
				t.Errorf("Source = %q, want rules+model", got.Source)
			}
		})
	}
}

func TestMergeLangAndMatched(t *testing.T) {
	m := modelSaid(safety.Learn, "teen", false)
	m.Lang = "de"
	got := llm.Merge(rulesNothing(), m)
	if got.Lang != "en" || !got.Matched {
		t.Errorf("Merge = lang %q matched %v, want en true", got.Lang, got.Matched)
	}
	got = llm.Merge(safety.Assessment{Intent: safety.OffTopic}, m)
	if got.Lang != "de" {
		t.Errorf("Lang = %q, want the model's when the rules have none", got.Lang)
	}
	got = llm.Merge(rulesSaid(safety.Learn, "teen", false), safety.Assessment{})
	if !got.Matched {
		t.Error("Matched = false, want the rules' true")
	}
	// Words no rule understood that a model calls off-topic stay not understood: the fallback
	// (with its contacts) answers, not the off-topic redirect.
	got = llm.Merge(rulesNothing(), modelSaid(safety.OffTopic, "parent", false))
	if got.Matched {
		t.Error("Matched = true for a model's off_topic over rules that found nothing")
	}
}

// TestMergeNeverLowers checks the invariants over every pair of intents and crisis flags.
func TestMergeNeverLowers(t *testing.T) {
	risky := map[safety.Intent]bool{safety.Crisis: true, safety.Sextortion: true, safety.Enticement: true,
		safety.ImageRemoval: true, safety.Report: true, safety.HarmfulRequest: true}
	valid := map[safety.Intent]bool{}
	for _, i := range content.Intents {
		valid[safety.Intent(i)] = true
	}
	for _, ri := range content.Intents {
		for _, mi := range content.Intents {
			for _, rc := range []bool{false, true} {
				for _, mc := range []bool{false, true} {
					for _, matched := range []bool{false, true} {
						r := rulesSaid(safety.Intent(ri), "teen", rc)
						r.Matched = matched
						m := modelSaid(safety.Intent(mi), "parent", mc)
						got := llm.Merge(r, m)
						if !valid[got.Intent] {
							t.Fatalf("Merge(%s,%s) gave invalid intent %q", ri, mi, got.Intent)
						}
						if got.Crisis != (rc || mc || r.Intent == safety.Crisis || m.Intent == safety.Crisis) {
							t.Errorf("Merge(%s/%v,%s/%v).Crisis = %v", ri, rc, mi, mc, got.Crisis)
						}
						if risky[r.Intent] && got.Intent != r.Intent {
							t.Errorf("Merge(%s,%s) = %s: lowered a risky rules intent", ri, mi, got.Intent)
						}
						if !risky[got.Intent] && (risky[m.Intent] || risky[r.Intent]) {
							t.Errorf("Merge(%s,%s) = %s: lost a risk", ri, mi, got.Intent)
						}
						if got.Intent != r.Intent && got.Intent != m.Intent {
							t.Errorf("Merge(%s,%s) = %s: from neither", ri, mi, got.Intent)
						}
						if got.Audience != "teen" {
							t.Errorf("Audience = %q, want the rules' teen", got.Audience)
						}
					}
				}
			}
		}
	}
}
