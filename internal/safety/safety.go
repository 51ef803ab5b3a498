// Package safety turns a message into an Assessment: what it is about, who is likely writing,
// and whether there is a sign of crisis. The rules here need no model; a model, when one is
// configured, may only add to them (see internal/turn).
package safety

import "context"

// Intent is what a message is about. The set is fixed: flows.yaml routes each one.
type Intent string

// The intents, as listed in content.Intents.
const (
	Crisis         Intent = "crisis"
	Sextortion     Intent = "sextortion"
	Enticement     Intent = "enticement"
	ImageRemoval   Intent = "image_removal"
	Friend         Intent = "friend"
	Report         Intent = "report"
	TalkToSomeone  Intent = "talk_to_someone"
	Learn          Intent = "learn"
	Greeting       Intent = "greeting"
	OffTopic       Intent = "off_topic"
	HarmfulRequest Intent = "harmful_request"
	Injection      Intent = "injection"
)

// Assessment is what the rules (or a model) understood of one message. It holds no text.
type Assessment struct {
	Intent   Intent // never empty: off_topic when nothing matched
	Audience string // teen, parent, school or unknown
	// AudienceGuessed: no audience rule matched; Audience is the backstop model's reading.
	// The bot asks who is writing rather than act on a guess.
	AudienceGuessed bool `json:",omitempty"`
	Crisis          bool // a sign of suicide, self-harm or immediate danger (a rule, or the crisis backstop when sure)
	// CrisisGuessed: no crisis rule fired; Crisis is the sure crisis backstop's reading.
	CrisisGuessed bool `json:",omitempty"`
	// CrisisMaybe: the rules found no crisis, but the backstop model finds the message likely
	// one. It never interrupts; the reply adds the crisis contacts.
	CrisisMaybe bool   `json:",omitempty"`
	Lang        string // the language the rules used
	Source      string // "rules", SourceBackstop, or "rules+model" once a model is merged in
	Matched     bool   // false when nothing in the lexicon matched
	// Paid: the message says a payment was already made ("i already paid him", "ya le pagué"),
	// whatever its intent. A conversation on the sextortion steps goes on to what to do after
	// paying (content.Node.Paid).
	Paid bool `json:",omitempty"`
	// Shared: the message says the pictures were already sent or posted by the one
	// threatening ("he already sent one to my best friend"), whatever its intent. A
	// conversation on the sextortion steps goes on to what to do now (content.Node.Shared).
	Shared bool `json:",omitempty"`
	// WhatNext: the message, of a few words, asks what to do now ("what do i do now??", "¿y
	// ahora qué hago?"), whatever its intent. A conversation on steps that go on to more
	// steps goes on to them (content.Node.Next), as the button that says so would.
	WhatNext bool `json:",omitempty"`
	// Promise: the words tell of a friend's wish for secrecy ("she made me promise not to tell
	// anyone"; content.Lexicon.Promised), whatever their intent. On the friend steps they are
	// more of the friend's story.
	Promise bool `json:",omitempty"`
	// AfraidToTell: the words tell a fear of telling, or of parents finding out ("what if my
	// parents find out"; content.Lexicon.AfraidToTell), whatever their intent. On the
	// sextortion and grooming steps they get that fear met (content.Node.Afraid).
	AfraidToTell bool `json:",omitempty"`
	// Scared: the words tell the writer's own fear or panic ("im so scared", "tengo mucho
	// miedo", "мне очень страшно"; content.Lexicon.Scared), whatever their intent. On the
	// sextortion and grooming steps they get that fear met (content.Node.Scared). The crisis
	// backstops read the message without those words; the crisis rules read every word.
	Scared bool `json:",omitempty"`
	// Blamed: the words, a few, tell the writer's self-blame or shame ("its all my fault",
	// "i feel so stupid"; content.Lexicon.Blame), whatever their intent. On the sextortion
	// and grooming steps they get that it is not their fault (content.Node.Blamed).
	Blamed bool `json:",omitempty"`
	// Meeting: the words tell of a plan to meet in person someone from online, or to be
	// picked up or sent for by them ("he wants to meet me on saturday", "он заберет меня после
	// школы"; content.Lexicon.Meeting), whatever their intent. On the grooming and sextortion
	// steps, and on the first words that reach them, they get the reply for a meeting
	// (content.Node.Meeting).
	Meeting bool `json:",omitempty"`
	// Hesitant: no intent rule read the message, and it is a first step toward telling with
	// nothing told yet ("idk how to say this", "please don't judge me"), in the message's
	// language or English. The reply gives time rather than "not understood".
	Hesitant bool `json:",omitempty"`
	// Danger: a crisis that reads as immediate danger from a person (someone met online
	// waiting outside, picking the child up) rather than from the writer's own hand, by the
	// danger backstop (see softDanger). Only set with Crisis.
	Danger bool `json:",omitempty"`
	// Menu: the whole message asks for the menu ("menu", "menú"; content.Lexicon.Menu), in
	// the message's language or English.
	Menu bool `json:",omitempty"`
	// Thanks: the whole message only thanks ("thanks", "gracias"; content.Lexicon.Thanks), in
	// the message's language or English.
	Thanks bool `json:",omitempty"`
	// Ack: the whole message only acknowledges ("ok", "got it", "vale"; content.Lexicon.Ack),
	// in the message's language or English.
	Ack bool `json:",omitempty"`
	// SomeoneElse: the words tell of someone else ("my friend wants to kill herself", "she
	// said she wants to die"), by content.Lexicon.SomeoneElse, and not of the writer's own
	// despair. With a crisis, a young person gets the reply for a friend in crisis.
	SomeoneElse bool `json:",omitempty"`
}

// SourceBackstop is the Source of an assessment whose intent a backstop model guessed for a
// message no rule matched.
const SourceBackstop = "rules+backstop"

// Guessed reports whether the intent is a backstop's guess rather than a rule's match. A
// configured language model may overrule such a guess (sextortion excepted: its help is
// never delayed).
func (a Assessment) Guessed() bool { return a.Source == SourceBackstop }

// Assessor assesses one message. Implementations must be safe for concurrent use and must
// never log or keep the text.
type Assessor interface {
	Assess(ctx context.Context, text, lang string) Assessment
}
