// Package content loads Lantern's words and facts (the conversation graph, the strings of
// every locale, the classifier lexicons and the help contacts) from an fs.FS, validates
// them, and hands out an immutable Library.
package content

// Library is everything Lantern says and knows, loaded once and never modified.
type Library struct {
	Flow      *Flow
	Locales   map[string]*Locale    // by language code ("en")
	Lexicons  map[string]*Lexicon   // by language code
	Countries map[string]*Country   // by ISO 3166-1 alpha-2 code; "ZZ" works from anywhere
	Articles  map[string][]*Article // by language, sorted by slug
	Examples  []Example             // labelled messages (examples/*.jsonl): the rules are tuned on them, a backstop learns from them
	Source    string                // "embedded" or the folder it was read from
}

// Example is one labelled message of examples/*.jsonl.
type Example struct {
	ID       string `json:"id"`
	Text     string `json:"text"`
	Lang     string `json:"lang"`
	Intent   string `json:"intent"`
	Audience string `json:"audience"`
	Crisis   bool   `json:"crisis"`
	// Danger: the crisis is immediate danger from a person (someone met online waiting
	// outside, picking the child up, a meeting kept secret), not from the writer's own hand.
	Danger bool `json:"danger,omitempty"`
}

// DefaultLang is the source language every other locale is checked against.
const DefaultLang = "en"

// Flow is the language-neutral conversation graph (flows.yaml).
type Flow struct {
	Start  string `yaml:"start"`
	Crisis string `yaml:"crisis"`
	// Danger, when set, replaces Crisis for a teen (or an unknown writer) whose crisis is
	// danger from a person (safety.Assessment.Danger): its reply says not to go with them.
	Danger string `yaml:"danger"`
	// FriendCrisis, when set, replaces Crisis for a teen (or an unknown writer) whose words
	// tell of someone else's crisis (safety.Assessment.SomeoneElse): its reply says to tell an
	// adult now, even against a promise.
	FriendCrisis string `yaml:"friend_crisis"`
	Fallback     string `yaml:"fallback"`
	// Introduced answers typed words nothing understood that did say who is writing ("I teach
	// year 9", "soy mamá de una niña de 13 años"): its words, then that audience's menu buttons.
	Introduced string `yaml:"introduced"`
	// Hesitant answers a first step toward telling with nothing told yet ("idk how to say
	// this", "please don't judge me"): its words, then the buttons of the node the
	// conversation is on or of the writer's menu.
	Hesitant string                       `yaml:"hesitant"`
	Media    string                       `yaml:"media"`
	Menus    map[string]string            `yaml:"menus"`
	Routes   map[string]map[string]string `yaml:"routes"`
	Commands map[string]string            `yaml:"commands"`
	Nodes    map[string]*Node             `yaml:"nodes"`
}

// Node is one step of the conversation.
type Node struct {
	ID      string     `yaml:"-"`
	Say     []Message  `yaml:"say"`
	Buttons []Button   `yaml:"buttons"`
	Then    string     `yaml:"then"`
	Ask     string     `yaml:"ask"`
	Check   *Checklist `yaml:"check"`
	Share   *Share     `yaml:"share"`
	Form    *Form      `yaml:"form"`
	Action  string     `yaml:"action"` // an engine action shown after `say`: school_new, school_codes or school_stats
	Count   string     `yaml:"count"`  // a path counted in the statistics when the node is shown (sextortion, ...)
	Risky   bool       `yaml:"risky"`
	// Again is the key of a short reply said instead of `say` when typed words lead to the node
	// the conversation is on already: a teen who types their story in three messages gets the
	// full steps once, not three times. Without it the node is said again in full.
	Again string `yaml:"again"`
	// Paid names the node said instead when typed words on this node say a payment was already
	// made ("i already paid him 100"): the steps for after paying, not "don't pay" again.
	Paid string `yaml:"paid"`
	// Shared names the node said instead when typed words on this node say the pictures were
	// already sent or posted ("he already sent one to my best friend"): what to do now that
	// they are out, not "don't pay" again. It comes before Paid when words say both.
	Shared string `yaml:"shared"`
	// Next names the node said instead when typed words on this node only ask what to do now
	// ("what do i do now?"): the step-by-step its button offers, not the helplines that "what
	// do i do" is read as elsewhere. Shared and Paid come before it.
	Next string `yaml:"next"`
	// StepOf names the first node of the path this node is a step of (teen_sextortion for its
	// step-by-step nodes): typed words that say a payment was made, the pictures sent, a fear
	// of telling or a fear told alone go to that first node's `paid`, `shared`, `afraid` or
	// `scared` node, unless this node has its own, as they would on the first node ("i
	// already paid him" typed after "what should I save?"), and readings that route to the
	// first node count as the same path.
	StepOf string `yaml:"step_of"`
	// Afraid names the node said instead when typed words on this node tell a fear of telling
	// or of parents finding out ("what if my parents find out"): that fear, met, then how to
	// tell, not "not understood" or an article its words happen to match. Steps of a path
	// (StepOf) take their first node's. Shared and Paid come before it, Next after.
	Afraid string `yaml:"afraid"`
	// Scared names the node said instead when typed words on this node tell only the writer's
	// fear or panic ("im so scared", "tengo mucho miedo", "мне очень страшно"): that fear met
	// in a few warm words, with what to do right now, not the helplines, the crisis reply or an
	// article its words happen to match. Steps of a path (StepOf) take their first node's.
	// Shared, Paid, Afraid and Next come before it ("im so scared what do i do" asks for the
	// steps).
	Scared string `yaml:"scared"`
	// Blamed names the node said instead when typed words on this node tell the writer's
	// self-blame or shame ("its all my fault", "i feel so stupid", "did i do something
	// wrong"): that it is not their fault, not "not understood" or an article its words
	// happen to match. Steps of a path (StepOf) take their first node's. Shared, Paid, Afraid,
	// Next and Scared come before it.
	Blamed string `yaml:"blamed"`
	// Meeting names the node said instead when typed words on this node, or the first words
	// that reach it, tell of a plan to meet in person the one who wrote to them ("he wants to
	// meet me on saturday", "he'll pick me up after school tomorrow", "he bought me a train
	// ticket"): don't go, tell an adult before that time, report him. It comes before every
	// other key: a meeting is the moment a grooming story turns into danger. Steps of a path
	// (StepOf) take their first node's.
	Meeting string `yaml:"meeting"`
	// Promised names the node said instead when typed words on this node tell of a promise
	// to keep it secret ("she made me promise not to tell anyone", content.Lexicon.Promised): a
	// teacher told this by a student needs why such a promise cannot be kept and whom to tell,
	// not the grooming reply the secrecy words meet. Steps of a path (StepOf) take their first
	// node's. A crisis comes first.
	Promised string `yaml:"promised"`
}

// Actions a node may run (Node.Action).
var Actions = []string{"school_new", "school_codes", "school_stats"}

// CountedPaths are the paths the statistics count (Node.Count).
var CountedPaths = []string{"sextortion", "enticement", "removal", "crisis", "learn"}

// Share offers ready words to send to someone: one opener at a time, a button that opens
// Telegram's share sheet with it (and a link to Lantern), and buttons for the other openers.
type Share struct {
	Link    string   `yaml:"link"`    // the Lantern link sent along: parent, teen or none
	Button  string   `yaml:"button"`  // the share button's label key
	Openers []Opener `yaml:"openers"` // the first one is shown first
}

// Opener is one ready message: its text key and the label key of the button that picks it.
type Opener struct {
	Text  string `yaml:"text"`
	Label string `yaml:"label"`
}

// Form is a short run of questions whose answers become one summary message (the report
// helper). Answers are typed or chosen with buttons; every question can be skipped. The
// channel keeps the answers in memory only; the engine just asks and composes.
type Form struct {
	Questions []FormQuestion `yaml:"questions"`
	Title     string         `yaml:"title"` // the summary's first line (a key)
	Done      string         `yaml:"done"`  // the node shown after the summary
}

// FormQuestion asks for one field. Its label in the summary is the key "form.l.<field>".
type FormQuestion struct {
	Field   string   `yaml:"field"`
	Ask     string   `yaml:"ask"`     // the question (a key)
	Choices []string `yaml:"choices"` // answers offered as buttons (keys); typed answers are always taken
}

// Message is one outgoing message: a string key, contacts of some kinds, or both.
type Message struct {
	Text     string   `yaml:"text"`
	Contacts []string `yaml:"contacts"`
	// If, when set, shows the message only under a condition: IfModel.
	If string `yaml:"if"`
	// Heading marks a text that only introduces its contacts (the /hotlines sections): the
	// message leaves out contacts already listed earlier in the same reply, and is left out
	// itself when none remain.
	Heading bool `yaml:"heading"`
}

// IfModel is Message.If for a message shown only when the bot runs with a language model
// (what it says about the model would be untrue without one).
const IfModel = "model"

// Shown returns the messages of a node that are shown, with or without a language model
// (model): those marked `if: model` only with one.
func (n *Node) Shown(model bool) []Message {
	out := make([]Message, 0, len(n.Say))
	for _, m := range n.Say {
		if m.If == IfModel && !model {
			continue
		}
		out = append(out, m)
	}
	return out
}

// Button is one choice under a message.
type Button struct {
	Label string `yaml:"label"`
	Goto  string `yaml:"goto"`
}

// Checklist is a yes/no checklist.
type Checklist struct {
	Questions []string `yaml:"questions"`
	Yes       string   `yaml:"yes"`
	No        string   `yaml:"no"`
}

// Locale holds every user-facing string of one language.
type Locale struct {
	Lang           string            `yaml:"lang"`
	Name           string            `yaml:"name"`
	Review         string            `yaml:"review"`
	Direction      string            `yaml:"direction"` // "rtl" for right-to-left scripts; default left-to-right
	Regions        []string          `yaml:"regions"`
	CountryAliases map[string]string `yaml:"country_aliases"`
	Strings        map[string]string `yaml:"strings"`
}

// Lexicon lists the phrases the rule classifier looks for in one language.
type Lexicon struct {
	Lang string `yaml:"lang"`
	// Sets names lists of phrases that rules use by name ("@family me recoge" with family: [mi
	// papa, mi mama, ...]): each phrase that names one is read as one phrase per member, two
	// names as every pair. They keep rules that need the same long list, or a list crossed
	// with another (family members and what they do), short enough to read and edit.
	Sets    map[string][]string `yaml:"sets"`
	Intents map[string][]string `yaml:"intents"`
	Crisis  []string            `yaml:"crisis"`
	// Danger holds crisis rules for immediate danger from a person (someone met online
	// outside the door, on the way tonight, a child gone to meet them): a match flags a
	// crisis as a crisis rule does and marks it one of danger (the Flow's Danger reply).
	Danger []string `yaml:"danger"`
	// Questions holds learn rules for questions asked in general about staying safe on apps
	// and phones (a private profile, who can message me, is it safe to video call people from
	// an app, does the app tell them if I screenshot). A match reads learn as the intents'
	// learn rules do, and in a short message no backstop reads a sextortion into it: a line a
	// victim's words could also match carries exceptions for them (a threat, an image of the
	// writer, someone's advances).
	Questions []string `yaml:"questions"`
	// Scams holds off_topic rules for scams and phishing that hold no picture and no threat
	// to share one (an account to be suspended unless the payment details are updated). A
	// match reads off_topic as the intents' off_topic rules do, and no
	// sextortion backstop reads a story into it: each line carries exceptions for an image,
	// a threat to post or send it, and anyone it would be sent to.
	Scams     []string `yaml:"scams"`
	NotCrisis []string `yaml:"not_crisis"`
	// Deadline lists deadlines a threat sets ("antes de esta noche", "by tonight", "እስከ ዛሬ
	// ማታ"), plain phrases as NotCrisis's. In a message a sextortion rule read they are taken
	// out before the crisis backstops read it: learnt from crises told "tonight", they read
	// "pay by tonight or I post them" as a plan for tonight. The crisis rules still read them.
	Deadline []string            `yaml:"deadline"`
	Audience map[string][]string `yaml:"audience"`
	// About holds rules for questions about the bot itself (what it is, who runs it, what it
	// costs and keeps). They are weak: such a question is read as learn only when no intent
	// rule but a greeting read the message, the intent backstop reads no harm in it and little
	// else is left; the phrases of its one-group rules are taken out before the sure crisis
	// backstops read a message ("is this anonymous? i just took all my pills" is read by them
	// as the pills).
	About []string `yaml:"about"`
	// Stopwords are left out of article searches: words so common they match everything.
	Stopwords []string `yaml:"stopwords"`
	// Everyday lists words a crisis is often told beside (a party, my mum, the river, a
	// headache). A crisis rule kept from matching only by such a word among its exceptions,
	// alone or with stopwords ("!party", "!my mum"), still adds the crisis contacts to the
	// reply: the exception keeps the interruption away from the harmless message it was
	// written for, not the help from a real crisis told beside the same word.
	Everyday []string `yaml:"everyday"`
	// Alone lists, by intent, whole messages that mean it when nothing else is typed: "help"
	// or "ayuda" alone is a cry for help (talk_to_someone), while "help" inside a question
	// ("can you help me understand Take It Down?") is not, so no rule could say it.
	Alone map[string][]string `yaml:"alone"`
	// Menu lists whole messages that ask for the menu ("menu", "menú", "меню"): typed alone
	// they open it, as /menu does, wherever the conversation is (a crisis excepted).
	Menu []string `yaml:"menu"`
	// Thanks lists whole messages that only thank ("thanks", "gracias", "спасибо"): typed
	// alone they get a short "you're welcome" (the locale's thanks.reply) rather than the
	// greeting that opens a conversation.
	Thanks []string `yaml:"thanks"`
	// Ack lists whole messages that only acknowledge ("ok", "got it", "vale"): typed alone
	// they get a short "take your time" (the locale's ack.reply) with the buttons of the steps
	// the conversation is on, not "I'm not sure I understood".
	Ack []string `yaml:"ack"`
	// Paid lists rules for a payment already made ("already paid", "le mandé el dinero"). They
	// give no intent: they only tell a conversation on the sextortion steps that the person
	// paid (Node.Paid).
	Paid []string `yaml:"paid"`
	// Hesitant lists rules for a first step toward telling with nothing told yet ("idk how
	// to say this", "no sé cómo decirlo"). They give no intent: a message no intent rule
	// read is answered with the flow's Hesitant node instead of "not understood".
	Hesitant []string `yaml:"hesitant"`
	// NoDemand lists rules for words that say nobody demands or threatens anything ("he
	// doesn't want anything from me", "no me están pidiendo nada"): no sextortion rule or
	// backstop reads a message that has them (an image shared out of revenge is a removal).
	NoDemand []string `yaml:"no_demand"`
	// Shared lists rules for pictures already sent or posted by the one threatening ("he
	// already sent one to my best friend", "ya las mandó"). They give no intent: they only tell
	// a conversation on the sextortion steps that the threat was carried out (Node.Shared).
	Shared []string `yaml:"shared"`
	// SomeoneElse lists rules for words that tell of someone else's crisis rather than the
	// writer's ("my friend wants to kill herself", "mi amiga dice que se quiere matar"). They
	// give no intent: a young person's crisis read with them gets the reply for a friend in
	// crisis (flows.yaml `crisis_friend`), which still carries the lines for the writer.
	SomeoneElse []string `yaml:"someone_else"`
	// WhatNext lists rules for a few words that ask what to do now ("what do i do now",
	// "que hago ahora"). They give no intent: on a node with a Next they lead there.
	WhatNext []string `yaml:"what_next"`
	// Promised lists rules for a friend's wish for secrecy ("she made me promise not to tell
	// anyone"). They give no intent: typed on the friend steps, the words are more of the
	// friend's story (that node's Again); elsewhere "she" may be the one threatening.
	Promised []string `yaml:"promised"`
	// AfraidToTell lists rules for a young person's fear of telling, or of their parents
	// finding out ("what if my parents find out", "my mom will kill me if she finds out"). They
	// give no intent: on a node with an Afraid key (the sextortion and grooming steps) they
	// lead there.
	AfraidToTell []string `yaml:"afraid_to_tell"`
	// Scared lists rules for the writer's own fear or panic said with nothing else ("im so
	// scared", "i cant stop shaking", "tengo mucho miedo", "мне очень страшно"), with
	// exceptions for a fear of something that is not this (spiders, an exam) and for a fear
	// for one's life or of someone at the door, which the crisis and danger rules read. They
	// give no intent: on a node with a Scared key (the sextortion and grooming steps) they
	// lead there. The phrases of a rule that matched are taken out before the crisis
	// backstops read the message (they learnt fear from crises); the crisis rules read them.
	Scared []string `yaml:"scared"`
	// Blame lists rules for the writer's self-blame or shame ("its all my fault", "i feel so
	// stupid", "im such an idiot for sending it", "am i a bad person"), with exceptions for
	// everyday mistakes (a game lost, homework) and, in English, for words of a crisis beside
	// it ("i hate myself", "tonight"). They give no intent: on a node with a Blamed key (the
	// sextortion and grooming steps, a parent's) they lead there.
	Blame []string `yaml:"blame"`
	// Meeting lists rules for a plan to meet in person someone met online, or to be picked up
	// or sent for by them ("he wants to meet me at the mall", "er holt mich nach der schule
	// ab", "bought me a ticket to see him"), with exceptions for family, friends, school and
	// everyday plans. They give no intent: on a node with a Meeting key (the grooming and
	// sextortion steps) they lead there.
	Meeting []string `yaml:"meeting"`
	// Plans lists rules for an everyday plan told with a time ("ce soir je sors avec mes potes
	// au ciné", "tonight we're watching the match at jake's"): the first group of each line is
	// the time words, the next ones the plan, the exceptions anything of harm (a goodbye, a
	// last time, pills, a threat, pictures). They give no intent: the crisis backstops, which
	// learnt "tonight" and "tomorrow" from crises ("tonight i end it"), read a message a rule
	// of them read without the time words. The crisis rules read every word.
	Plans []string `yaml:"plans"`
}

// AloneWords is the most words a message of a lexicon's Alone list may have.
const AloneWords = 4

// AloneIntents are the intents a lexicon's Alone list may give: mild ones only (off_topic
// for chatter typed alone: "lol", "ok").
var AloneIntents = []string{"talk_to_someone", "greeting", "off_topic"}

// Country is the help-contact file of one country.
type Country struct {
	Code     string    `yaml:"country"`
	Name     string    `yaml:"name"`
	Contacts []Contact `yaml:"contacts"`
}

// Contact is one help contact, with the source it was checked against.
type Contact struct {
	Kind       string   `yaml:"kind" json:"kind"`
	Name       string   `yaml:"name" json:"name"`
	Phone      string   `yaml:"phone" json:"phone"`
	SMS        string   `yaml:"sms" json:"sms"`
	Web        string   `yaml:"web" json:"web"`
	Chat       string   `yaml:"chat" json:"chat"`
	Hours      string   `yaml:"hours" json:"hours"`
	Languages  []string `yaml:"languages" json:"languages"`
	Audience   string   `yaml:"audience" json:"audience"`
	Sources    []string `yaml:"sources" json:"-"`
	SourceNote string   `yaml:"source_note" json:"-"`
	Quote      string   `yaml:"quote" json:"-"`
	Checked    string   `yaml:"checked" json:"checked"`
	Confidence string   `yaml:"confidence" json:"confidence"`
	Note       string   `yaml:"note" json:"note,omitempty"`
	// ShortName is the name shown in replies in other languages than English, without the
	// directory's English remarks ("017 – Tu Ayuda en Ciberseguridad (INCIBE)" for "017 – Tu
	// Ayuda en Ciberseguridad (INCIBE) – minors, sextortion, removal/reporting advice"); ""
	// when the name has none. It comes from hotlines/short_names.csv (read by Load), not
	// from the generated country files.
	ShortName string `yaml:"-" json:"short_name,omitempty"`
}

// Contact kinds.
const (
	KindEmergency     = "emergency"
	KindCrisis        = "crisis"
	KindChildHelpline = "child_helpline"
	KindParentSupport = "parent_support"
	KindReportCSAM    = "report_csam"
	KindPoliceOnline  = "police_online"
	KindImageRemoval  = "image_removal"
	// KindPrevention is confidential help for people worried about their own sexual
	// thoughts or behaviour towards children (Stop It Now and similar services).
	KindPrevention = "prevention"
)

// ContactKinds lists every kind a flow may ask for, in the order a full list shows them.
// Prevention comes last: it is help for the person asking about themselves (their own
// thoughts or behaviour), not for someone being harmed.
var ContactKinds = []string{KindEmergency, KindCrisis, KindChildHelpline, KindParentSupport,
	KindReportCSAM, KindPoliceOnline, KindImageRemoval, KindPrevention}

// StoredKinds are the kinds a hotline file may hold (parent_support is derived). Rows of
// kind prevention come from the project's own list (hotlines/sources/prevention.csv), the
// others from the shared reference list.
var StoredKinds = []string{KindEmergency, KindCrisis, KindChildHelpline, KindReportCSAM,
	KindPoliceOnline, KindImageRemoval, KindPrevention}
