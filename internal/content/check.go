package content

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"
)

// Problem is one thing wrong with the content, located precisely enough to fix.
type Problem struct {
	File    string // e.g. "flows.yaml", "hotlines/GB.yaml"
	Entry   string // e.g. "nodes.teen_sextortion.buttons[1]", "contacts[2] (Childline)"
	Msg     string
	Warning bool // worth a look, but not an error
}

func (p Problem) String() string {
	level := "error"
	if p.Warning {
		level = "warning"
	}
	if p.Entry == "" {
		return fmt.Sprintf("%s: %s: %s", p.File, level, p.Msg)
	}
	return fmt.Sprintf("%s: %s: %s: %s", p.File, p.Entry, level, p.Msg)
}

// CheckOptions supplies what the check cannot know by itself.
type CheckOptions struct {
	Now     time.Time              // checked dates may not be later than this
	PhoneOK func(s string) bool    // validates a hotline's phone field
	Region  func(code string) bool // reports whether a code is a real ISO 3166 region
	// Labels returns the labels of a phone or SMS field's numbers as a reply shows them
	// (hotline.Labels): each label in words needs a contact.role key in every locale.
	Labels func(field string) []string
}

// Telegram's limits (https://core.telegram.org/bots/api).
const (
	MaxMessageUTF16    = 4096 // sendMessage text, after entities parsing
	MaxCallbackBytes   = 64   // callback_data
	MaxButtons         = 10   // ours: more does not fit a phone screen
	MaxButtonLabel     = 40   // ours: longer labels are cut off on phones
	CallbackGotoPrefix = "g:"
)

// Audiences are the kinds of person Lantern talks with.
var Audiences = []string{"teen", "parent", "school", "unknown"}

// Intents are what a message can be about; routes map each to a node per audience.
var Intents = []string{"crisis", "sextortion", "enticement", "image_removal", "friend", "report",
	"talk_to_someone", "learn", "greeting", "off_topic", "harmful_request", "injection"}

var (
	nodeIDRe  = regexp.MustCompile(`^[a-z0-9_]{1,40}$`)
	fieldRe   = regexp.MustCompile(`^[a-z_]{1,20}$`)
	commandRe = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)
	dateRe    = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	codeRe    = regexp.MustCompile(`^[A-Z]{2}$`)
	placeRe   = regexp.MustCompile(`\{[a-z_]+\}`)
)

// placeholders the engine fills in its own keys; each must appear in every locale's text.
var placeholders = map[string][]string{
	"region.set":          {"{country}"},
	"contact.call":        {"{phone}"},
	"contact.sms":         {"{sms}"},
	"contact.web":         {"{web}"},
	"contact.chat":        {"{chat}"},
	"contact.hours":       {"{hours}"},
	"btn.sc_poster":       {"{code}"},
	"btn.sc_retire":       {"{code}"},
	"poster.emergency":    {"{phone}"},
	"poster.helpline":     {"{name}", "{phone}"},
	"school.class_text":   {"{link}"},
	"school.newsletter":   {"{link}"},
	"school.code_line":    {"{code}", "{country}", "{date}"},
	"school.code_retired": {"{code}", "{country}"},
	"school.made":         {"{code}", "{country}"},
	"school.poster":       {"{code}"},
	"school.retired":      {"{code}"},
	"school.too_many":     {"{max}"},
}

// Placeholders returns the placeholders the engine fills in a key's text ("{phone}"); each
// locale's text must hold every one of them, and no other.
func Placeholders(key string) []string { return append([]string(nil), placeholders[key]...) }

// maxRunes are Telegram's limits on strings the channel sends outside messages.
var maxRunes = map[string]int{
	"bot.description": 512, "bot.short_description": 120,
	"command.start": 256, "command.menu": 256, "command.help": 256, "command.hotlines": 256,
	"command.region": 256, "command.language": 256, "command.privacy": 256, "command.forget": 256,
	"command.clear": 256,
}

// Check validates the library and returns every problem found, errors and warnings, sorted by
// file. The library is usable only if no problem is an error.
func Check(lib *Library, opt CheckOptions) []Problem {
	c := &checker{lib: lib, opt: opt, used: map[string]bool{}}
	c.flow()
	c.numberLabels()
	c.locales()
	c.hotlines()
	c.examples()
	c.lexicons()
	c.articles()
	sort.SliceStable(c.out, func(i, j int) bool { return c.out[i].File < c.out[j].File })
	return c.out
}

// Errors counts the problems that are not warnings.
func Errors(ps []Problem) int {
	n := 0
	for _, p := range ps {
		if !p.Warning {
			n++
		}
	}
	return n
}

type checker struct {
	lib  *Library
	opt  CheckOptions
	out  []Problem
	used map[string]bool // string keys the flow uses
	// roles are the contact.role keys the hotlines' number labels need, each with the
	// first label that needs it.
	roles map[string]roleUse
}

// roleUse is a number label that a contact.role key says in the person's language.
type roleUse struct {
	label string // the label ("mobile"), or its part when said part by part ("fire/rescue")
	where string // the contact: "hotlines/ZA.yaml contacts[0] (Emergency number(s))"
}

func (c *checker) errf(file, entry, format string, args ...any) {
	c.out = append(c.out, Problem{File: file, Entry: entry, Msg: fmt.Sprintf(format, args...)})
}

func (c *checker) warnf(file, entry, format string, args ...any) {
	c.out = append(c.out, Problem{File: file, Entry: entry, Msg: fmt.Sprintf(format, args...), Warning: true})
}

const flowFile = "flows.yaml"

// node reports a missing node id; "@menu" is allowed where menuOK.
func (c *checker) target(entry, id string, menuOK bool) {
	if id == "@menu" && menuOK {
		return
	}
	if id == "" {
		c.errf(flowFile, entry, "no node named")
		return
	}
	if c.lib.Flow.Nodes[id] == nil {
		c.errf(flowFile, entry, "node %q does not exist", id)
	}
}

func (c *checker) key(entry, key string) {
	if key == "" {
		c.errf(flowFile, entry, "empty string key")
		return
	}
	c.used[key] = true
}

func (c *checker) flow() {
	f := c.lib.Flow
	c.target("start", f.Start, false)
	c.target("crisis", f.Crisis, false)
	c.target("fallback", f.Fallback, false)
	if f.Danger != "" { // optional: without it every crisis gets the crisis node
		c.target("danger", f.Danger, false)
	}
	if f.FriendCrisis != "" { // optional: without it every crisis gets the crisis node
		c.target("friend_crisis", f.FriendCrisis, false)
	}
	if f.Introduced != "" { // optional: without it such words get the fallback
		c.target("introduced", f.Introduced, false)
	}
	if f.Hesitant != "" { // optional: without it such words get the fallback
		c.target("hesitant", f.Hesitant, false)
	}
	c.target("media", f.Media, false)
	for _, a := range Audiences {
		c.target("menus."+a, f.Menus[a], false)
	}
	for intent, byAud := range f.Routes {
		if !contains(Intents, intent) {
			c.errf(flowFile, "routes."+intent, "unknown intent (known: %s)", strings.Join(Intents, ", "))
		}
		for aud, id := range byAud {
			if aud != "default" && !contains(Audiences, aud) {
				c.errf(flowFile, "routes."+intent+"."+aud, "unknown audience")
			}
			c.target("routes."+intent+"."+aud, id, false)
		}
	}
	for _, intent := range Intents {
		for _, aud := range Audiences {
			if RouteFor(f, intent, aud) == "" {
				c.errf(flowFile, "routes."+intent, "no node for audience %q (add it or a default)", aud)
			}
		}
	}
	for name, id := range f.Commands {
		if !commandRe.MatchString(name) {
			c.errf(flowFile, "commands."+name, "a command is 1-32 lower-case letters, digits or _")
		}
		c.target("commands."+name, id, false)
	}

	ids := make([]string, 0, len(f.Nodes))
	for id := range f.Nodes {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		c.node(f.Nodes[id])
	}
	c.reachable()
	c.firstReplies()
}

func (c *checker) node(n *Node) {
	at := "nodes." + n.ID
	if !nodeIDRe.MatchString(n.ID) {
		c.errf(flowFile, at, "a node id is 1-40 of a-z, 0-9 and _")
	}
	if len(n.Say) == 0 && n.Ask == "" && n.Check == nil && n.Then == "" && n.Action == "" {
		c.errf(flowFile, at, "says nothing and leads nowhere")
	}
	for i, m := range n.Say {
		mat := fmt.Sprintf("%s.say[%d]", at, i)
		if m.Text == "" && len(m.Contacts) == 0 {
			c.errf(flowFile, mat, "a message needs text, contacts or both")
		}
		if m.Text != "" {
			c.key(mat, m.Text)
		}
		for _, k := range m.Contacts {
			if !contains(ContactKinds, k) {
				c.errf(flowFile, mat, "unknown contact kind %q (known: %s)", k, strings.Join(ContactKinds, ", "))
			}
		}
		if m.If != "" && m.If != IfModel {
			c.errf(flowFile, mat, "if: %q is not a condition (known: %s)", m.If, IfModel)
		}
		if m.If != "" && len(m.Contacts) > 0 {
			c.errf(flowFile, mat, "a message with contacts is always shown: no if")
		}
		if m.Heading && len(m.Contacts) == 0 {
			c.errf(flowFile, mat, "heading: a heading introduces contacts, and this message has none")
		}
	}
	if n.Next != "" {
		c.target(at+".next", n.Next, false)
	}
	if n.Shared != "" {
		c.target(at+".shared", n.Shared, false)
	}
	if n.Paid != "" {
		c.target(at+".paid", n.Paid, false)
	}
	if n.Afraid != "" {
		c.target(at+".afraid", n.Afraid, false)
	}
	if n.Scared != "" {
		c.target(at+".scared", n.Scared, false)
	}
	if n.Blamed != "" {
		c.target(at+".blamed", n.Blamed, false)
	}
	if n.Meeting != "" {
		c.target(at+".meeting", n.Meeting, false)
	}
	if n.Promised != "" {
		c.target(at+".promised", n.Promised, false)
	}
	if n.StepOf != "" {
		c.target(at+".step_of", n.StepOf, false)
		if first := c.lib.Flow.Nodes[n.StepOf]; first != nil && first.StepOf != "" {
			c.errf(flowFile, at+".step_of", "%q is itself a step of %q: name the first node", n.StepOf, first.StepOf)
		}
	}
	if n.Again != "" {
		c.key(at+".again", n.Again)
		if len(n.Buttons) == 0 {
			c.errf(flowFile, at+".again", "a short reply instead of the node needs the node's buttons to lead on")
		}
	}
	if len(n.Buttons) > MaxButtons {
		c.errf(flowFile, at, "%d buttons; at most %d fit a phone screen", len(n.Buttons), MaxButtons)
	}
	for i, b := range n.Buttons {
		bat := fmt.Sprintf("%s.buttons[%d]", at, i)
		c.key(bat, b.Label)
		c.target(bat, b.Goto, true)
		if len(CallbackGotoPrefix+b.Goto) > MaxCallbackBytes {
			c.errf(flowFile, bat, "callback data for %q is over %d bytes", b.Goto, MaxCallbackBytes)
		}
	}
	switch n.Ask {
	case "", "audience", "region", "language":
	default:
		c.errf(flowFile, at+".ask", "unknown question %q (audience, region or language)", n.Ask)
	}
	if n.Ask != "" && n.Then == "" {
		c.errf(flowFile, at, "an ask node needs `then`: where to go once it is answered")
	}
	if n.Then != "" {
		c.target(at+".then", n.Then, true)
		if n.Then == n.ID {
			c.errf(flowFile, at+".then", "a node cannot continue to itself")
		}
	}
	if n.Check != nil {
		if len(n.Check.Questions) == 0 {
			c.errf(flowFile, at+".check", "no questions")
		}
		for i, q := range n.Check.Questions {
			c.key(fmt.Sprintf("%s.check.questions[%d]", at, i), q)
		}
		c.target(at+".check.yes", n.Check.Yes, true)
		c.target(at+".check.no", n.Check.No, true)
		if n.Ask != "" {
			c.errf(flowFile, at, "a node can ask or check, not both")
		}
	}
	c.share(at, n)
	c.form(at, n)
	if n.Action != "" && !contains(Actions, n.Action) {
		c.errf(flowFile, at+".action", "unknown action %q (known: %s)", n.Action, strings.Join(Actions, ", "))
	}
	if n.Count != "" && !contains(CountedPaths, n.Count) {
		c.errf(flowFile, at+".count", "unknown path %q (known: %s)", n.Count, strings.Join(CountedPaths, ", "))
	}
}

// share checks a node's ready-to-send openers.
func (c *checker) share(at string, n *Node) {
	s := n.Share
	if s == nil {
		return
	}
	switch s.Link {
	case "parent", "teen", "none":
	default:
		c.errf(flowFile, at+".share.link", "unknown link %q (parent, teen or none)", s.Link)
	}
	c.key(at+".share.button", s.Button)
	if len(s.Openers) == 0 {
		c.errf(flowFile, at+".share", "no openers")
	}
	if len(s.Openers)+len(n.Buttons) > MaxButtons+2 {
		c.errf(flowFile, at+".share", "%d openers and %d buttons do not fit a phone screen", len(s.Openers), len(n.Buttons))
	}
	for i, o := range s.Openers {
		oat := fmt.Sprintf("%s.share.openers[%d]", at, i)
		c.key(oat+".text", o.Text)
		c.key(oat+".label", o.Label)
	}
	if len(fmt.Sprintf("o:%s:%d", n.ID, len(s.Openers))) > MaxCallbackBytes {
		c.errf(flowFile, at, "callback data for the openers is over %d bytes", MaxCallbackBytes)
	}
	if n.Ask != "" || n.Check != nil || n.Form != nil {
		c.errf(flowFile, at, "a node that shares cannot also ask, check or run a form")
	}
}

// form checks a node's report-helper questions.
func (c *checker) form(at string, n *Node) {
	f := n.Form
	if f == nil {
		return
	}
	if len(f.Questions) == 0 {
		c.errf(flowFile, at+".form", "no questions")
	}
	seen := map[string]bool{}
	for i, q := range f.Questions {
		qat := fmt.Sprintf("%s.form.questions[%d]", at, i)
		if !fieldRe.MatchString(q.Field) || seen[q.Field] {
			c.errf(flowFile, qat, "a field is 1-20 of a-z and _, and unique in its form")
		}
		seen[q.Field] = true
		c.key(qat+".ask", q.Ask)
		c.key(qat+".label", "form.l."+q.Field)
		if len(q.Choices) > MaxButtons-1 {
			c.errf(flowFile, qat, "%d choices; at most %d fit beside the skip button", len(q.Choices), MaxButtons-1)
		}
		for j, ch := range q.Choices {
			c.key(fmt.Sprintf("%s.choices[%d]", qat, j), ch)
		}
		if len(fmt.Sprintf("f:%s:%d:%d", n.ID, i, len(q.Choices))) > MaxCallbackBytes {
			c.errf(flowFile, qat, "callback data is over %d bytes", MaxCallbackBytes)
		}
	}
	c.key(at+".form.title", f.Title)
	c.target(at+".form.done", f.Done, true)
	if n.Ask != "" || n.Check != nil || n.Then != "" {
		c.errf(flowFile, at, "a form node cannot also ask, check or continue with `then`")
	}
}

// reachable reports nodes no person can ever get to.
func (c *checker) reachable() {
	f := c.lib.Flow
	seen := map[string]bool{}
	var visit func(id string)
	visit = func(id string) {
		n := f.Nodes[id]
		if n == nil || seen[id] {
			return
		}
		seen[id] = true
		for _, b := range n.Buttons {
			visit(b.Goto)
		}
		visit(n.Then)
		visit(n.Paid)
		visit(n.Shared)
		visit(n.Next)
		visit(n.Afraid)
		visit(n.Scared)
		visit(n.Blamed)
		visit(n.Meeting)
		visit(n.Promised)
		if n.Check != nil {
			visit(n.Check.Yes)
			visit(n.Check.No)
		}
		if n.Form != nil {
			visit(n.Form.Done)
		}
	}
	for _, id := range []string{f.Start, f.Crisis, f.Danger, f.FriendCrisis, f.Fallback, f.Introduced, f.Hesitant, f.Media} {
		visit(id)
	}
	for _, id := range f.Menus {
		visit(id)
	}
	for _, byAud := range f.Routes {
		for _, id := range byAud {
			visit(id)
		}
	}
	for _, id := range f.Commands {
		visit(id)
	}
	for id := range f.Nodes {
		if !seen[id] {
			c.errf(flowFile, "nodes."+id, "unreachable: no button, route, menu or command leads here")
		}
	}
}

// firstReplies enforces the rule that the first reply to a crisis or a sextortion already
// carries the crisis line and the emergency number: deaths have followed within hours.
func (c *checker) firstReplies() {
	f := c.lib.Flow
	check := func(entry, id string) {
		n := f.Nodes[id]
		if n == nil {
			return
		}
		if !n.Risky {
			c.errf(flowFile, "nodes."+id, "reached by %s but not marked risky", entry)
		}
		if len(n.Say) == 0 || !contains(n.Say[0].Contacts, KindCrisis) || !contains(n.Say[0].Contacts, KindEmergency) {
			c.errf(flowFile, "nodes."+id+".say[0]", "the first message for %s must carry contacts [crisis, emergency]", entry)
		}
	}
	check("crisis", f.Crisis)
	check("danger", f.Danger)
	check("friend_crisis", f.FriendCrisis)
	for _, intent := range []string{"crisis", "sextortion"} {
		for _, aud := range Audiences {
			check("routes."+intent+"."+aud, RouteFor(f, intent, aud))
		}
	}
}

// RouteFor returns the node an intent leads to for an audience, or "".
func RouteFor(f *Flow, intent, audience string) string {
	byAud := f.Routes[intent]
	if id, ok := byAud[audience]; ok {
		return id
	}
	return byAud["default"]
}

func (c *checker) locales() {
	src := c.lib.Locales[DefaultLang]
	for _, lang := range c.lib.Langs() {
		loc := c.lib.Locales[lang]
		file := "locales/" + lang + ".yaml"
		switch loc.Review {
		case "source", "reviewed", "draft":
		default:
			c.errf(file, "review", "is %q; want source, reviewed or draft", loc.Review)
		}
		if loc.Direction != "" && loc.Direction != "ltr" && loc.Direction != "rtl" {
			c.errf(file, "direction", "is %q; want ltr or rtl", loc.Direction)
		}
		if loc.Name == "" {
			c.errf(file, "name", "the language's own name is missing")
		}
		for _, r := range loc.Regions {
			c.region(file, "regions", r)
		}
		for alias, r := range loc.CountryAliases {
			if alias != strings.ToLower(alias) {
				c.errf(file, "country_aliases."+alias, "aliases are matched in lower case; write it so")
			}
			c.region(file, "country_aliases."+alias, r)
		}
		var need []string
		need = append(need, EngineKeys...)
		for k := range c.used {
			need = append(need, k)
		}
		if lang != DefaultLang {
			for k := range src.Strings {
				need = append(need, k)
			}
		}
		sort.Strings(need)
		for i, k := range need {
			if _, label := c.roles[k]; label || (i > 0 && need[i-1] == k) {
				continue // a number label's key is reported with the label
			}
			if s, ok := loc.Strings[k]; !ok || strings.TrimSpace(s) == "" {
				c.errf(file, "strings."+k, "missing")
			}
		}
		c.roleStrings(file, loc)
		keys := make([]string, 0, len(loc.Strings))
		for k := range loc.Strings {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, variant := range keys {
			s := loc.Strings[variant]
			k, adult := strings.CutSuffix(variant, AdultSuffix)
			if adult && (src == nil || src.Strings[k] == "") {
				c.errf(file, "strings."+variant, "a variant of %q, which %s does not have", k, DefaultLang)
			}
			if n := len(utf16.Encode([]rune(s))); n > MaxMessageUTF16 {
				c.errf(file, "strings."+variant, "%d UTF-16 units; Telegram takes at most %d", n, MaxMessageUTF16)
			}
			if max, ok := maxRunes[k]; ok && len([]rune(s)) > max {
				c.errf(file, "strings."+variant, "%d characters; Telegram takes at most %d", len([]rune(s)), max)
			}
			for _, want := range placeholders[k] {
				if !strings.Contains(s, want) {
					c.errf(file, "strings."+variant, "must contain %s", want)
				}
			}
			for _, p := range placeRe.FindAllString(s, -1) {
				if !contains(placeholders[k], p) {
					c.errf(file, "strings."+variant, "unknown placeholder %s", p)
				}
			}
			if c.isLabel(k) && len([]rune(s)) > MaxButtonLabel {
				c.errf(file, "strings."+variant, "a button label of %d characters; at most %d", len([]rune(s)), MaxButtonLabel)
			}
			if _, label := c.roles[k]; !c.used[k] && !label && !contains(EngineKeys, k) {
				c.warnf(file, "strings."+variant, "not used by any node")
			}
		}
	}
}

// properNames are number labels that name a service ("911 (PEHEL)"): a reply shows them as
// written in every language, so no locale needs a contact.role key for them. Only names go
// here; a label in words ("mobile", "suicide crisis line") is said in the person's language.
var properNames = map[string]bool{
	"PEHEL":      true, // the name of Pakistan's 911 emergency helpline
	"AlengPulis": true, // the name of a Philippine National Police hotline (Aleng Pulis)
	"Makabata":   true, // the name of the Philippines' child helpline (Makabata Helpline 1383)
}

// numberLabels collects the contact.role keys that the labels of the hotlines' phone and SMS
// numbers need. A label with no letter ("61"), a keypad form ("1-800-4-A-CHILD", "0508
// NETSAFE") and a proper name need none; a "/" label that English does not say whole is
// said part by part ("fire/rescue": fire, rescue), as Library.Role does.
func (c *checker) numberLabels() {
	c.roles = map[string]roleUse{}
	if c.opt.Labels == nil {
		return
	}
	var en map[string]string
	if loc := c.lib.Locales[DefaultLang]; loc != nil {
		en = loc.Strings
	}
	codes := make([]string, 0, len(c.lib.Countries))
	for code := range c.lib.Countries {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		for i, ct := range c.lib.Countries[code].Contacts {
			where := fmt.Sprintf("hotlines/%s.yaml contacts[%d] (%s)", code, i, ct.Name)
			for _, field := range []string{ct.Phone, ct.SMS} {
				if field == "" {
					continue
				}
				for _, label := range c.opt.Labels(field) {
					if !hasLetter(label) || keypadForm(label) || properNames[strings.TrimSpace(label)] {
						continue
					}
					for _, part := range roleParts(label, en) {
						k := "contact.role." + roleKey(part)
						if _, ok := c.roles[k]; !ok {
							c.roles[k] = roleUse{label: part, where: where}
						}
					}
				}
			}
		}
	}
}

// roleParts returns what of a label contact.role keys say: the label whole, or each of its
// "/" parts when English has no key for it whole.
func roleParts(label string, en map[string]string) []string {
	if _, ok := en["contact.role."+roleKey(label)]; ok || !strings.Contains(label, "/") {
		return []string{label}
	}
	parts := strings.Split(label, "/")
	for _, p := range parts {
		if !hasLetter(p) {
			return []string{label}
		}
	}
	return parts
}

// roleStrings reports the contact.role keys a locale lacks for the hotlines' number labels
// and a translation whose numbers are not
// the label's: it may leave a number out ("as listed in 2017" for "per 2017 source" may not
// become "as listed in 2018"), never change or add one.
func (c *checker) roleStrings(file string, loc *Locale) {
	keys := make([]string, 0, len(c.roles))
	for k := range c.roles {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		use := c.roles[k]
		s, ok := loc.Strings[k]
		if !ok || strings.TrimSpace(s) == "" {
			c.errf(file, "strings."+k, "missing: %s labels a number %q; without the key a reply shows the label as the directory writes it", use.where, use.label)
			continue
		}
		if got, want := digitRuns(s), digitRuns(use.label); len(got) > 0 && !slices.Equal(got, want) {
			c.errf(file, "strings."+k, "has the numbers %q; the label %q (%s) has %q: numbers are never changed or added", got, use.label, use.where, want)
		}
	}
}

// keypadForm reports whether a label is a number partly spelled in capitals, the letters
// standing for keypad digits ("1-800-4-A-CHILD", "1.888.PREVENT", "0508 NETSAFE"): the
// same in every language.
func keypadForm(label string) bool {
	label = strings.TrimSpace(label)
	if !hasLetter(label) || !strings.ContainsFunc(label, unicode.IsDigit) {
		return false
	}
	for i, r := range label {
		switch {
		case r >= '0' && r <= '9', r >= 'A' && r <= 'Z':
		case r == ' ' || r == '-' || r == '.':
		case r == '+' && i == 0:
		default:
			return false
		}
	}
	return true
}

// digitRuns returns the runs of digits in s, in order ("021-129 from some phones": 021, 129).
func digitRuns(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsDigit(r) })
}

func hasLetter(s string) bool { return strings.ContainsFunc(s, unicode.IsLetter) }

// isLabel reports whether a key is used as a button label anywhere.
func (c *checker) isLabel(key string) bool {
	if strings.HasPrefix(key, "btn.") || strings.HasPrefix(key, "audience.") {
		return true
	}
	for _, n := range c.lib.Flow.Nodes {
		for _, b := range n.Buttons {
			if b.Label == key {
				return true
			}
		}
	}
	return false
}

func (c *checker) region(file, entry, code string) {
	if !codeRe.MatchString(code) || (c.opt.Region != nil && !c.opt.Region(code)) {
		c.errf(file, entry, "%q is not an ISO 3166-1 alpha-2 country code", code)
	}
}

// examples checks the labels of examples/*.jsonl.
func (c *checker) examples() {
	seen := map[string]bool{}
	for i, ex := range c.lib.Examples {
		at := fmt.Sprintf("[%d] %s", i, ex.ID)
		switch {
		case ex.ID == "" || seen[ex.ID]:
			c.errf("examples", at, "an example needs an id of its own")
		case strings.TrimSpace(ex.Text) == "":
			c.errf("examples", at, "no text")
		case !contains(Intents, ex.Intent):
			c.errf("examples", at, "intent %q is not one of %s", ex.Intent, strings.Join(Intents, ", "))
		case ex.Audience != "" && !contains(Audiences, ex.Audience):
			c.errf("examples", at, "audience %q is not one of %s", ex.Audience, strings.Join(Audiences, ", "))
		case c.lib.Lexicons[ex.Lang] == nil:
			c.errf("examples", at, "no lexicon for language %q", ex.Lang)
		}
		seen[ex.ID] = true
	}
}

// lexicons checks what the rule classifier needs of each language beside its rules.
func (c *checker) lexicons() {
	for lang, lx := range c.lib.Lexicons {
		// Without everyday words, a tuner's "!party" on a crisis rule keeps the crisis
		// contacts from a real crisis told at a party (see Lexicon.Everyday).
		if len(lx.Crisis) > 0 && len(lx.Everyday) == 0 {
			c.errf("lexicon/"+lang+".yaml", "everyday", "crisis rules but no everyday words: list the words a crisis is often told beside")
		}
		for at, lines := range lx.ruleLines() {
			for _, line := range lines {
				if p, ok := wordless(line); ok {
					c.errf("lexicon/"+lang+".yaml", at, "%q has no letter or digit: the rules read words only (emoji and punctuation are dropped), so it never matches", p)
				}
			}
		}
		// Whole messages (Alone, Menu) are read only when nothing longer is typed.
		wholeMessages := func(at string, msgs []string) {
			for _, m := range msgs {
				if n := len(strings.Fields(m)); n == 0 || n > AloneWords {
					c.errf("lexicon/"+lang+".yaml", at, "%q: a whole message of 1 to %d words", m, AloneWords)
				}
			}
		}
		wholeMessages("menu", lx.Menu)
		wholeMessages("thanks", lx.Thanks)
		wholeMessages("ack", lx.Ack)
		for intent, msgs := range lx.Alone {
			at := "alone." + intent
			// Only mild intents: a crisis is the crisis rules' to read, and a refusal
			// (harmful_request) must never come from a few words alone.
			if !contains(AloneIntents, intent) {
				c.errf("lexicon/"+lang+".yaml", at, "not an intent a whole message can mean (%s)", strings.Join(AloneIntents, ", "))
			}
			wholeMessages(at, msgs)
		}
	}
}

// ruleLines returns the lexicon's rule lines by where they are (intents by name).
func (lx *Lexicon) ruleLines() map[string][]string {
	out := map[string][]string{"crisis": lx.Crisis, "danger": lx.Danger, "questions": lx.Questions, "scams": lx.Scams, "not_crisis": lx.NotCrisis, "deadline": lx.Deadline, "about": lx.About,
		"everyday": lx.Everyday, "paid": lx.Paid, "shared": lx.Shared, "hesitant": lx.Hesitant, "no_demand": lx.NoDemand,
		"someone_else": lx.SomeoneElse, "what_next": lx.WhatNext, "promised": lx.Promised,
		"afraid_to_tell": lx.AfraidToTell, "scared": lx.Scared, "blame": lx.Blame, "meeting": lx.Meeting, "plans": lx.Plans}
	for intent, lines := range lx.Intents {
		out["intents."+intent] = lines
	}
	for aud, lines := range lx.Audience {
		out["audience."+aud] = lines
	}
	return out
}

// wordless returns a phrase of a rule line (groups joined by " + ", alternatives by "|", "!"
// before a group that must not be found) that holds no letter or digit, if any.
func wordless(line string) (string, bool) {
	for _, group := range strings.Split(line, " + ") {
		for _, p := range strings.Split(strings.TrimPrefix(strings.TrimSpace(group), "!"), "|") {
			if p = strings.TrimSpace(p); p != "" && !strings.ContainsFunc(p, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
				return p, true
			}
		}
	}
	return "", false
}

func (c *checker) hotlines() {
	codes := make([]string, 0, len(c.lib.Countries))
	for code := range c.lib.Countries {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	if _, ok := c.lib.Countries["ZZ"]; !ok {
		c.errf("hotlines/ZZ.yaml", "", "missing: the contacts that work from anywhere are the fallback of every handoff")
	}
	for _, code := range codes {
		cty := c.lib.Countries[code]
		file := "hotlines/" + code + ".yaml"
		if code != "ZZ" {
			c.region(file, "country", code)
		}
		if cty.Name == "" {
			c.errf(file, "name", "missing")
		}
		if len(cty.Contacts) == 0 {
			c.errf(file, "contacts", "none")
		}
		for i, ct := range cty.Contacts {
			c.contact(file, fmt.Sprintf("contacts[%d] (%s)", i, ct.Name), ct)
		}
	}
}

func (c *checker) contact(file, at string, ct Contact) {
	if !contains(StoredKinds, ct.Kind) {
		c.errf(file, at, "kind %q is not one of %s", ct.Kind, strings.Join(StoredKinds, ", "))
	}
	if strings.TrimSpace(ct.Name) == "" {
		c.errf(file, at, "no name")
	}
	if ct.Phone == "" && ct.SMS == "" && ct.Web == "" && ct.Chat == "" {
		c.errf(file, at, "no way to reach it: needs a phone, sms, web or chat")
	}
	if ct.Phone != "" && c.opt.PhoneOK != nil && !c.opt.PhoneOK(ct.Phone) {
		c.errf(file, at, "phone %q does not look like a phone number", ct.Phone)
	}
	for _, u := range []struct{ field, v string }{{"web", ct.Web}, {"chat", ct.Chat}} {
		if u.v != "" {
			if err := checkURL(u.v); err != "" {
				c.errf(file, at, "%s: %s", u.field, err)
			}
		}
	}
	if len(ct.Sources) == 0 {
		c.errf(file, at, "no source: every contact must say where it was checked")
	}
	secure := false
	for _, s := range ct.Sources {
		if err := checkURL(s); err != "" {
			c.errf(file, at, "source %q: %s", s, err)
		}
		secure = secure || strings.HasPrefix(s, "https://")
	}
	if len(ct.Sources) > 0 && !secure {
		c.warnf(file, at, "no https source (%s was the page read); re-check it at an https page", ct.Sources[0])
	}
	switch {
	case ct.Checked == "":
		c.errf(file, at, "no checked date")
	case !dateRe.MatchString(ct.Checked):
		c.errf(file, at, "checked %q is not a YYYY-MM-DD date", ct.Checked)
	default:
		d, err := time.Parse("2006-01-02", ct.Checked)
		if err != nil {
			c.errf(file, at, "checked %q: %v", ct.Checked, err)
		} else if !c.opt.Now.IsZero() && d.After(c.opt.Now) {
			c.errf(file, at, "checked %s is in the future", ct.Checked)
		}
	}
	switch ct.Audience {
	case "child", "parent", "adult", "all":
	default:
		c.errf(file, at, "audience %q is not child, parent, adult or all", ct.Audience)
	}
	switch ct.Confidence {
	case "primary", "secondary":
	default:
		c.errf(file, at, "confidence %q is not primary or secondary", ct.Confidence)
	}
}

// checkURL returns what is wrong with an absolute web address, or "".
func checkURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return err.Error()
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return "not an http(s) address"
	}
	if u.Host == "" {
		return "no host"
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
