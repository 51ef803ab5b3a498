// Package turn runs one turn of a conversation for any channel: load the chat's state, assess
// typed text, step the dialog engine, and commit the new state together with the channel's
// outgoing calls in one SQLite transaction. It is the one place a turn happens, so the
// terminal and Telegram behave the same.
package turn

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"

	"github.com/lantern-help/lantern/internal/content"
	"github.com/lantern-help/lantern/internal/dialog"
	"github.com/lantern-help/lantern/internal/draft"
	"github.com/lantern-help/lantern/internal/safety"
	"github.com/lantern-help/lantern/internal/store"
)

// Runner runs turns. It is safe for concurrent use by different chats; a channel must not
// run two turns of the same chat at once.
type Runner struct {
	Engine   *dialog.Engine
	Assessor safety.Assessor
	Store    *store.DB
	Keyer    *store.Keyer
	Articles Articles               // nil: questions are answered by the scripted learn nodes only
	Model    Model                  // nil: no language model (the default); everything works without one
	Drafts   *draft.Drafts          // the report helper's answers, in memory only; nil: made on first use
	NewCode  func() (string, error) // makes school codes; nil: school.NewCode (tests make them predictable)
	Log      *slog.Logger           // nil: slog.Default()

	draftsOnce sync.Once
}

// Model is an optional language model (internal/llm). It may only add to what the rules
// understood, and only rephrase an article's answer; every call has its own deadline.
type Model interface {
	Classify(ctx context.Context, text, lang string) (safety.Assessment, error)
	Phrase(ctx context.Context, question, lang string, a *content.Article) (string, error)
}

// Articles finds the knowledge article that answers a question (internal/articles).
type Articles interface {
	// Search finds the articles that answer text, best first (nil: none fits); question
	// says the rules read it as one on Lantern's topics (learn), for which a looser fit is
	// enough.
	Search(ctx context.Context, lang, text string, question bool) (slugs []string)
}

// Understanding is what typed text says, without the text: safe to store.
type Understanding struct {
	Assessment safety.Assessment
	Region     string   // a country the text names
	Articles   []string // the articles that answer it, best first, if it is a question
	Lang       string   // the language it is clearly written in, when that is not lang
}

// Detector tells the language of a text written in a conversation held in lang ("" when
// unsure, or lang); the rules implement it.
type Detector interface {
	DetectFor(text, lang string) string
}

// Understand reads typed text: the language it is written in (when clearly another than
// lang), what it is about, a country it names, and the article that answers it.
func (r *Runner) Understand(ctx context.Context, text, lang string) Understanding {
	var u Understanding
	if d, ok := r.Assessor.(Detector); ok {
		if got := d.DetectFor(text, lang); got != "" && got != lang {
			u.Lang, lang = got, got
		}
	}
	u.Assessment = r.Assessor.Assess(ctx, text, lang)
	u.Region, _ = r.Engine.FindRegion(lang, text)
	if r.Articles != nil && (u.Assessment.Intent == safety.Learn || !u.Assessment.Matched) {
		u.Articles = r.Articles.Search(ctx, lang, text, u.Assessment.Intent == safety.Learn)
	}
	return u
}

// Chat identifies a conversation on a channel ("console", "telegram"). The id is turned into
// a keyed hash before it touches the database.
type Chat struct {
	Channel string
	ID      int64
}

// Render turns a turn's result into the channel's outgoing calls, queued in the same
// transaction as the state. It may read the chat's message ids through t (for /clear); clear
// reports that the chat's message ids and unsent messages are to be dropped.
type Render func(res dialog.Result, t *store.Turn) (ops []store.Op, clear bool, err error)

// Inbound is one event to run, with what the channel needs to deliver the answer.
type Inbound struct {
	Chat       Chat
	Event      dialog.Event
	UpdateID   int64  // the stored update this turn completes (0 for none)
	SealedChat []byte // where queued calls go
	Render     Render // nil: nothing is queued (the console prints the result itself)
	NoModel    bool   // don't ask the model this time (the chat has more messages waiting)
}

// Run handles one event of a chat and returns what to say. It is Handle for channels that
// deliver the result themselves.
func (r *Runner) Run(ctx context.Context, chat Chat, ev dialog.Event) (dialog.Result, error) {
	return r.Handle(ctx, Inbound{Chat: chat, Event: ev})
}

// Handle runs one turn. Typed text is assessed here, unless the channel already did (when
// the text arrived, so that only the assessment is ever stored), and then dropped: neither
// the text nor anything derived from its words is saved. A panic inside the turn is
// recovered: the person gets the scripted list of help contacts instead of silence.
//
// A model, when configured, is asked before the turn's transaction (never inside it) and
// never for a message the rules found risky: crisis and sextortion replies do not wait for it.
func (r *Runner) Handle(ctx context.Context, in Inbound) (dialog.Result, error) {
	key := r.Keyer.ChatKey(in.Chat.Channel, in.Chat.ID)
	ev := in.Event
	var res dialog.Result
	// The step runs here, before the transaction, so chats step in parallel and the one
	// writer only writes. Reading the state outside the transaction is safe: a channel runs
	// one turn of a chat at a time, so nothing else changes this chat's state meanwhile.
	raw, found, err := r.Store.LoadSession(ctx, key)
	if err != nil {
		return res, fmt.Errorf("turn: load state: %w", err)
	}
	var st dialog.State
	if found {
		st = decodeState(raw)
	}
	if ev.Kind == dialog.Text && ev.Text != "" {
		// An answer to the report helper (a username, what was paid) never goes to a model.
		ev = r.understandText(ctx, key, ev, in.NoModel || st.Awaiting == "form")
	}
	drafts := r.Memory()
	if ev.Kind == dialog.Text || ev.Kind == dialog.Press {
		ev.Form = drafts.Answers(key)
	}
	if err := r.schoolContext(ctx, key, st, &ev); err != nil {
		return res, fmt.Errorf("turn: school codes: %w", err)
	}
	res = r.step(ctx, st, ev)
	if err := r.checkSchool(ctx, st, &res); err != nil {
		return res, fmt.Errorf("turn: %w", err)
	}
	if in.Render != nil {
		// A channel that queues its calls gets the summary from memory when it sends it:
		// the outbox holds only a placeholder. Held before the commit, so the sender finds it.
		for _, rep := range res.Replies {
			if rep.Private {
				drafts.Hold(key, rep.Text)
			}
		}
	}
	stateRaw, err := json.Marshal(res.State)
	if err != nil {
		return res, fmt.Errorf("turn: encode state: %w", err)
	}
	err = r.Store.RunTurn(ctx, in.UpdateID, key, func(t *store.Turn) (store.TurnResult, error) {
		out := store.TurnResult{Forget: res.Forget, SealedChat: in.SealedChat, State: stateRaw,
			Counts: counts(ev, res), RetireSchool: res.School.Retire}
		if n := res.School.New; n != nil {
			out.NewSchool = &store.School{Code: n.Code, Region: n.Region, Lang: n.Lang}
		}
		var err error
		if in.Render != nil {
			if out.Ops, out.ForgetIDs, err = in.Render(res, t); err != nil {
				return out, fmt.Errorf("render: %w", err)
			}
			out.DropQueued = out.ForgetIDs
		}
		return out, nil
	})
	if err != nil {
		return res, fmt.Errorf("turn: %w", err)
	}
	switch {
	case res.Forget || res.Clear:
		drafts.Drop(key)
	case res.Form.Drop:
		drafts.DropAnswers(key)
	case res.Form.Field != "":
		drafts.Set(key, res.Form.Field, res.Form.Value)
	}
	return res, nil
}

// Memory is the report helper's in-memory store (Drafts), made on first use if the wiring gave none.
func (r *Runner) Memory() *draft.Drafts {
	r.draftsOnce.Do(func() {
		if r.Drafts == nil {
			r.Drafts = draft.New(draft.Lifetime)
		}
	})
	return r.Drafts
}

// step assesses and steps, with a safety net: a panic gives the help contacts.
func (r *Runner) step(ctx context.Context, st dialog.State, ev dialog.Event) (res dialog.Result) {
	defer func() {
		if p := recover(); p != nil {
			// The panic value is not logged: it could quote the text being assessed.
			r.log().Error("turn panicked; sent the help contacts instead", "event_kind", int(ev.Kind))
			res = r.fallback(st)
		}
	}()
	return r.Engine.Step(st, ev)
}

// fallback is what a person gets when a turn fails: the full list of help contacts.
func (r *Runner) fallback(st dialog.State) (res dialog.Result) {
	defer func() {
		if recover() != nil {
			res = dialog.Result{State: st}
		}
	}()
	return r.Engine.Step(st, dialog.Event{Kind: dialog.Command, Command: "hotlines"})
}

func (r *Runner) log() *slog.Logger {
	if r.Log != nil {
		return r.Log
	}
	return slog.Default()
}

// understandText assesses typed text (unless the channel did) and, with a model, lets the
// model add to the assessment and phrase an article's answer. It runs outside any
// transaction. If it panics, the turn becomes the list of help contacts.
func (r *Runner) understandText(ctx context.Context, key string, ev dialog.Event, noModel bool) (out dialog.Event) {
	out = ev
	defer func() {
		if p := recover(); p != nil {
			// The panic value is not logged: it could quote the text being assessed.
			r.log().Error("assessing a message panicked; sent the help contacts instead", "event_kind", int(ev.Kind))
			out = dialog.Event{Kind: dialog.Command, Command: "hotlines", LangHint: ev.LangHint}
		}
	}()
	lang := r.Engine.Library().Locale(ev.LangHint).Lang
	var st dialog.State
	if raw, ok, err := r.Store.LoadSession(ctx, key); err == nil && ok {
		if st = decodeState(raw); st.Lang != "" {
			lang = st.Lang
		}
	}
	if out.Assessment.Source == "" {
		u := r.Understand(ctx, ev.Text, lang)
		out.Assessment, out.Region, out.Articles, out.Lang = u.Assessment, u.Region, u.Articles, u.Lang
	}
	if out.Lang != "" {
		lang = out.Lang
	}
	if r.Model == nil || noModel || riskyIntent(out.Assessment) {
		return out
	}
	if m, err := r.Model.Classify(ctx, ev.Text, lang); err == nil {
		out.Assessment = mergeAssessments(out.Assessment, m)
	} else {
		r.log().Warn("model classification failed; the rules' reading stands", "error", err.Error())
	}
	if len(out.Articles) > 0 && (out.Assessment.Intent == safety.Learn || !out.Assessment.Matched) {
		// The model phrases the article the engine will give (the first that suits who is
		// asking), so it is put first.
		out.Articles = dialog.ArticleFirst(r.Engine.Library(), st.Audience, out.Assessment, out.Articles)
		if a := r.Engine.Library().Article(lang, out.Articles[0]); a != nil {
			if text, err := r.Model.Phrase(ctx, ev.Text, lang, a); err == nil {
				out.Phrased = text
			} else {
				r.log().Warn("model answer refused or failed; the article's own words are sent", "error", err.Error())
			}
		}
	}
	return out
}

// riskyIntent reports a reading that goes straight to scripted help, with no model.
func riskyIntent(a safety.Assessment) bool {
	if a.Crisis || a.CrisisMaybe { // the backstop's crisis contacts never wait for a model either
		return true
	}
	if a.Guessed() && a.Intent != safety.Sextortion { // a model reads better than the backstop's guess
		return false
	}
	switch a.Intent {
	case safety.Crisis, safety.Sextortion, safety.Enticement, safety.ImageRemoval, safety.Report, safety.HarmfulRequest,
		safety.Friend: // a friend's threats and pictures are as private as one's own (and /privacy says so)
		return true
	}
	return false
}

// State returns the saved state of a chat (the zero state if it has none).
func (r *Runner) State(ctx context.Context, chat Chat) (dialog.State, error) {
	raw, ok, err := r.Store.LoadSession(ctx, r.Keyer.ChatKey(chat.Channel, chat.ID))
	if err != nil {
		return dialog.State{}, fmt.Errorf("turn: load state: %w", err)
	}
	if !ok {
		return dialog.State{}, nil
	}
	return decodeState(raw), nil
}

// decodeState reads a saved state. A state that cannot be read is a state to start again
// from, not a dead chat.
func decodeState(raw []byte) dialog.State {
	var st dialog.State
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &st); err != nil {
			return dialog.State{}
		}
	}
	return st
}

// Prepare applies choices made outside the conversation (command-line flags) to a chat's
// state before its next turn. Empty fields leave the state as it is.
func (r *Runner) Prepare(ctx context.Context, chat Chat, p dialog.Payload) error {
	key := r.Keyer.ChatKey(chat.Channel, chat.ID)
	err := r.Store.RunTurn(ctx, 0, key, func(t *store.Turn) (store.TurnResult, error) {
		st := decodeState(t.State)
		if p.Audience != "" {
			st.Audience = p.Audience
		}
		if p.Region != "" {
			st.Region = p.Region
		}
		if p.Lang != "" {
			st.Lang = p.Lang
		}
		if p.School != "" {
			st.School = p.School
		}
		raw, err := json.Marshal(st)
		return store.TurnResult{State: raw}, err
	})
	if err != nil {
		return fmt.Errorf("turn: prepare: %w", err)
	}
	return nil
}
