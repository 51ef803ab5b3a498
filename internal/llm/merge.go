package llm

import "github.com/lantern-help/lantern/internal/safety"

// risky are the intents that mean someone may be harmed or is asking to harm. Once the
// rules find one, a model cannot replace it.
var risky = map[safety.Intent]bool{
	safety.Crisis:         true,
	safety.Sextortion:     true,
	safety.Enticement:     true,
	safety.ImageRemoval:   true,
	safety.Report:         true,
	safety.HarmfulRequest: true,
}

// Merge combines what the rules and a model understood of one message. The model may raise
// a risk but never lower one the rules found:
//
//   - Crisis is true if either says so, or if either's intent is crisis.
//   - A risky intent from the rules (crisis, sextortion, enticement, image_removal, report,
//     harmful_request) is kept.
//   - If the rules found nothing (not Matched, or off_topic or greeting, or an intent other
//     than sextortion that only a backstop guessed), the model's intent is taken.
//   - Otherwise the rules' intent (friend, talk_to_someone, learn, injection) is kept,
//     unless the model's intent is risky.
//   - Audience is the rules' unless that is unknown, empty or only a backstop's guess.
//
// An empty or unknown model intent never replaces the rules'. Lang is the rules' (the
// model's if the rules have none) and Source is "rules+model". Matched is the rules', or the
// model's when it read anything but off_topic.
func Merge(rules, model safety.Assessment) safety.Assessment {
	out := rules
	out.Source = "rules+model"
	// A model's "off_topic" for words no rule understood is no understanding: the reply stays
	// the fallback's, which keeps the emergency and crisis contacts (or the introduction's),
	// not the off-topic redirect, which has none.
	out.Matched = rules.Matched || (model.Matched && model.Intent != safety.OffTopic)
	if out.Lang == "" {
		out.Lang = model.Lang
	}

	modelOK := intents[model.Intent]
	guessed := rules.Guessed() && rules.Intent != safety.Sextortion
	rulesFoundNothing := !rules.Matched || rules.Intent == "" || !intents[rules.Intent] ||
		rules.Intent == safety.OffTopic || rules.Intent == safety.Greeting || guessed
	switch {
	case risky[rules.Intent] && !guessed:
		// keep
	case !modelOK:
		if out.Intent == "" || !intents[out.Intent] {
			out.Intent = safety.OffTopic
		}
	case rulesFoundNothing:
		out.Intent = model.Intent
	case risky[model.Intent]:
		out.Intent = model.Intent
	}

	out.Crisis = rules.Crisis || model.Crisis || out.Intent == safety.Crisis || model.Intent == safety.Crisis
	if rules.Audience == "" || rules.Audience == "unknown" || rules.AudienceGuessed {
		if audience[model.Audience] {
			out.Audience = model.Audience
		} else {
			out.Audience = "unknown"
		}
	}
	return out
}
