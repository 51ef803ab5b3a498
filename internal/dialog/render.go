package dialog

import (
	"strings"

	"github.com/lantern-help/lantern/internal/content"
	"github.com/lantern-help/lantern/internal/hotline"
)

// message renders one message of a node: its text, then the contacts it asks for, resolved
// for the person's region and audience. A heading message leaves out contacts this reply
// listed already, and is not sent when none remain.
func (t *turn) message(m content.Message, risky bool) {
	text := ""
	if m.Text != "" {
		text = t.text0(m.Text)
	}
	t.messageWith(text, m, risky)
}

// messageWith is message with its text already rendered (or cut: see leadIn).
func (t *turn) messageWith(text string, m content.Message, risky bool) {
	var parts []string
	if text != "" {
		parts = append(parts, text)
	}
	var links [][]Button
	if len(m.Contacts) > 0 {
		c, l := t.contacts(m.Contacts, m.Heading)
		if c == "" && m.Heading {
			return
		}
		if c != "" {
			parts = append(parts, c)
		}
		links = l
	}
	t.say(strings.Join(parts, "\n\n"), risky)
	t.lastReply().Contacts = m.Contacts
	t.lastReply().Buttons = links
}

// leadIn returns the last paragraph of a message's text: with contacts, the words that
// introduce them ("If it feels like too much, talk to someone now:"). The paragraphs before
// it were said already when the contacts are said again for a country just given.
func leadIn(text string) string {
	if i := strings.LastIndex(text, "\n\n"); i >= 0 {
		return text[i+2:]
	}
	return text
}

// linkKinds are the services people reach through a website: they also get a button that
// opens it. Prevention services are among them: several are web only (Troubled Desire,
// Kein Täter werden), and the others offer anonymous chat or email on their website.
var linkKinds = map[string]bool{content.KindReportCSAM: true, content.KindPoliceOnline: true,
	content.KindImageRemoval: true, content.KindPrevention: true}

// linkButton opens a contact's website; its label is name (the contact's, or its short name
// in other languages than English) up to any explanation in brackets or after a dash.
func linkButton(en hotline.Entry, name string) Button {
	label := name
	for _, sep := range []string{" (", " – ", " - "} {
		if i := strings.Index(label, sep); i > 0 {
			label = label[:i]
		}
	}
	if r := []rune(label); len(r) > content.MaxButtonLabel {
		label = string(r[:content.MaxButtonLabel-1]) + "…"
	}
	return Button{Label: label, URL: en.Web}
}

// contacts lists the help for the given kinds, one line each, with a button for each
// website-first service. A region with no emergency number says so in words rather than
// guessing one. With skipListed, contacts listed earlier in this reply are left out.
func (t *turn) contacts(kinds []string, skipListed bool) (string, [][]Button) {
	aud := t.st.Audience
	if aud == "" {
		aud = "unknown"
	}
	entries := t.e.dir.Resolve(t.st.Region, kinds, aud)
	if t.listed == nil {
		t.listed = map[string]bool{}
	}
	kept := entries[:0]
	for _, en := range entries {
		key := en.Country + "\x00" + en.Kind + "\x00" + en.Name
		if skipListed && t.listed[key] {
			continue
		}
		t.listed[key] = true
		kept = append(kept, en)
	}
	entries = kept
	// The region's own contacts first, then those that work from anywhere under a heading.
	var lines, global []string
	var links [][]Button
	seen := map[string]bool{}
	hasEmergency := false
	emergencies := 0
	for _, en := range entries {
		if en.Kind == content.KindEmergency {
			emergencies++
		}
	}
	for _, en := range entries {
		if linkKinds[en.Kind] && en.Web != "" && !seen[en.Web] {
			seen[en.Web] = true
			links = append(links, []Button{linkButton(en, t.name(en))})
		}
		if en.Kind == content.KindEmergency {
			hasEmergency = true
		}
		if en.Fallback {
			global = append(global, t.contactLine(en, emergencies > 1))
		} else {
			lines = append(lines, t.contactLine(en, emergencies > 1))
		}
	}
	if !hasEmergency {
		for _, k := range kinds {
			if k == content.KindEmergency {
				lines = append([]string{t.text0("contacts.no_emergency")}, lines...)
				break
			}
		}
	}
	if len(global) > 0 {
		lines = append(lines, t.text0("contacts.global"))
		lines = append(lines, global...)
	}
	return strings.Join(lines, "\n"), links
}

// talkKinds are the lines a person calls to talk: their opening hours are shown.
var talkKinds = map[string]bool{content.KindCrisis: true, content.KindChildHelpline: true, content.KindPrevention: true}

// contactLine is "• Name: call 0800 1111 · text … · https://… · 24/7". several says the
// region has more than one emergency entry, each then keeping its own short name.
func (t *turn) contactLine(en hotline.Entry, several bool) string {
	// In a right-to-left language, numbers and addresses are isolated left-to-right runs, so
	// "0800 1111" or a URL is never reordered by the text around it.
	ltr := func(v string) string { return v }
	if t.e.lib.Locale(t.st.Lang).Direction == "rtl" {
		ltr = func(v string) string { return "\u2066" + v + "\u2069" }
	}
	fill := func(key, ph, v string) string { return strings.ReplaceAll(t.text0(key), ph, ltr(v)) }
	var ways []string
	if phones := phoneText(en.Phone, t.role); phones != "" {
		ways = append(ways, fill("contact.call", "{phone}", phones))
	}
	if en.SMS != "" {
		ways = append(ways, fill("contact.sms", "{sms}", t.smsText(en.SMS)))
	}
	if en.Web != "" {
		ways = append(ways, fill("contact.web", "{web}", en.Web))
	}
	if en.Chat != "" && en.Chat != en.Web {
		ways = append(ways, fill("contact.chat", "{chat}", en.Chat))
	}
	// Opening hours matter for lines a person calls to talk (prevention lines are often
	// open a few hours a week); unknown hours are said, never assumed to be 24/7.
	if talkKinds[en.Kind] && (en.Phone != "" || en.SMS != "") {
		switch {
		case en.Hours == "":
			ways = append(ways, t.text0("contact.hours_unknown"))
		case t.st.Lang == content.DefaultLang:
			ways = append(ways, fill("contact.hours", "{hours}", en.Hours))
		case hotline.AlwaysOpen(en.Hours):
			// In the locale's own words, so not isolated as a left-to-right run.
			ways = append(ways, strings.ReplaceAll(t.text0("contact.hours"), "{hours}", t.text0("contact.hours_always")))
		default:
			// The directory's hours are English notes ("Mon-Sat 14:00-20:00 (plus Mon, Wed,
			// Thu 10:00-12:00 per BMFSFJ 2020)"): rather than show them in another language's
			// reply, the person is told to check.
			ways = append(ways, t.text0("contact.hours_check"))
		}
	}
	name := t.name(en)
	if en.Kind == content.KindEmergency {
		// The directory's names for emergency numbers are English notes ("Emergency
		// number(s)", "112 (single number; 101 fire ...)"); the numbers and their roles say it.
		name = t.text0("contact.emergency")
		if several {
			// "Police" and the like in the person's language when the locale knows it.
			short := hotline.ShortName(en.Name)
			if role, ok := t.e.lib.Role(t.st.Lang, strings.ToLower(short)); ok {
				short = role
			}
			name += " (" + short + ")"
		}
	}
	return "• " + name + ": " + strings.Join(ways, " · ")
}

// name is a contact's name as shown: in other languages than English its short name, without
// the directory's English remarks, when it has one.
func (t *turn) name(en hotline.Entry) string {
	if en.ShortName != "" && t.st.Lang != content.DefaultLang {
		return en.ShortName
	}
	return en.Name
}

// role returns how a number's label is shown: in the person's language when the locale knows
// the service or the remark ("police", "US number"), else as the directory writes it. "021-129
// from some phones" or "suicide crisis line" tell which number to call: English beats a
// number shown without its warning.
func (t *turn) role(label string) string {
	role, _ := t.e.lib.Role(t.st.Lang, label)
	return role
}

// smsText is an SMS field as shown. Its remark says who the number is for ("112 (deaf/
// speech-impaired: SMS then sign-language video link)"), so it is kept: in the person's
// language when the field is one number and a remark their locale has a contact.role key for,
// else as written ("Text CONNECT to 686868" must keep its word).
func (t *turn) smsText(field string) string {
	nums := hotline.ParseNumbers(field)
	if len(nums) != 1 || nums[0].Label == "" {
		return field
	}
	role, ok := t.e.lib.Role(t.st.Lang, nums[0].Label)
	if !ok {
		return field
	}
	return nums[0].Number + " (" + role + ")"
}

// phoneText shows only the numbers of a phone field, each with its label ("113 (police), 115
// (ambulance)"); remarks about numbers nobody confirmed are never shown to be dialled.
func phoneText(field string, role func(string) string) string {
	var parts []string
	for _, n := range hotline.ParseNumbers(field) {
		if n.Label != "" {
			parts = append(parts, n.Number+" ("+role(n.Label)+")")
		} else {
			parts = append(parts, n.Number)
		}
	}
	return strings.Join(parts, ", ")
}
