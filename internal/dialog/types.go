// Package dialog is Lantern's conversation engine. It is a pure function of a session state,
// an event and the content library: Step returns the new state and the replies, and does no
// I/O of any kind, so every conversation can be tested as a transcript. The safety
// assessment of typed text arrives inside the event; the engine never calls a model.
package dialog

import "github.com/lantern-help/lantern/internal/safety"

// State is everything Lantern remembers about one chat between turns. It holds choices and a
// position in the flow, never anything the person typed.
type State struct {
	Node     string `json:"node,omitempty"`     // the node last shown
	Audience string `json:"audience,omitempty"` // teen, parent, school ("" = not known)
	Region   string `json:"region,omitempty"`   // ISO 3166-1 alpha-2 ("" = not known)
	Lang     string `json:"lang,omitempty"`     // a locale of the library
	School   string `json:"school,omitempty"`   // a school code from a deep link

	Awaiting string `json:"awaiting,omitempty"` // the question open: audience, region, region_typed, language, check, form
	Then     string `json:"then,omitempty"`     // where to go once it is answered
	Resume   string `json:"resume,omitempty"`   // a risky node whose contacts to show once the region is known
	Story    string `json:"story,omitempty"`    // the last node with an `again` word shown in full (the sextortion steps): its story is told
	Answered string `json:"answered,omitempty"` // the article last given in short form, if that was the last reply: met again, it is given whole
	Check    int    `json:"check,omitempty"`    // the checklist or form question open
	CheckYes bool   `json:"check_yes,omitempty"`
}

// Kind says what happened.
type Kind int

// The kinds of event.
const (
	Start   Kind = iota + 1 // /start, possibly with a deep-link payload
	Text                    // typed text (already assessed)
	Press                   // a button was pressed
	Command                 // any other /command
	Media                   // a photo, video, voice note, file, contact or location arrived
)

// Event is one thing the person did.
type Event struct {
	Kind       Kind
	Payload    string            // Start: the deep-link payload, if any
	Text       string            // Text: what was typed (read, never kept)
	Assessment safety.Assessment // Text: what the assessor understood of it
	Region     string            // Text: a country the text names (see Engine.FindRegion), if any
	Articles   []string          // Text: the articles that answer it, best first, if any fit (slugs)
	Phrased    string            // Text: a model's guarded answer from Articles[0], if any
	Data       string            // Press: the button's data
	Command    string            // Command: the name, without "/" or "@bot"
	LangHint   string            // the channel's idea of the person's language (Telegram language_code)
	Lang       string            // Text: the language the text is clearly written in, if it differs
	Form       map[string]string // the report helper's answers so far, held in memory by the channel (never stored)
	Bot        string            // the bot's username, for links to Lantern ("" = unknown: no share links)
	Fresh      string            // a new random school code, used if this step makes one
	Schools    []SchoolInfo      // the school codes this chat made (staff), loaded by the channel
	Stats      []StatLine        // counts for those codes, small ones already suppressed (for /stats)
}

// SchoolInfo is one school code a staff chat made.
type SchoolInfo struct {
	Code, Region, Lang string
	Created            string // YYYY-MM-DD
	Retired            bool
}

// StatLine is one count shown to staff: an event of one of their codes ("*" = several merged,
// so that no small number shows), as text ("12" or "<10").
type StatLine struct {
	School, Event, Shown string
}

// PosterOf asks the channel to send a school code's printable poster.
type PosterOf struct {
	Code, Region, Lang string
}

// SchoolChange is what a step does to school codes; the channel writes it with the state.
type SchoolChange struct {
	New    *SchoolInfo // a code made now, owned by this chat
	Retire string      // a code of this chat to retire
}

// Reply is one message to send.
type Reply struct {
	Text     string
	Buttons  [][]Button // rows of buttons under the message
	Risky    bool       // scripted text from a risky node: never rephrased by a model
	Contacts []string   // the kinds of help contact the message hands over (for statistics)
	Answer   string     // an article's short answer (its slug): the one kind a model may rephrase
	// Private marks a reply that holds what the person typed (the report helper's summary).
	// A channel must never store or log its Text: it keeps it in memory until it is sent,
	// and sends Fallback instead if it was lost (a restart).
	Private  bool
	Fallback string
	Poster   *PosterOf // send this code's poster (as a document) after the text
}

// Button is a choice under a message: Data is sent back as a Press; URL opens a page.
type Button struct {
	Label string
	Data  string
	URL   string
}

// Result is the outcome of one Step.
type Result struct {
	State   State
	Replies []Reply
	Forget  bool // erase everything about the chat (the /forget command)
	Clear   bool // delete the chat's messages, both sides (the /clear command)
	Form    FormChange
	School  SchoolChange
	Events  []string // paths reached this step, for the aggregate statistics ("path:sextortion")
}

// FormChange tells the channel what to do with the report helper's answers, which it holds in
// memory only: keep one more, or drop them all.
type FormChange struct {
	Field, Value string // an answer to keep ("" = none this turn)
	Drop         bool   // the summary was written or the form was left: forget every answer
}
