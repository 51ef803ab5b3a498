// Package turn runs one turn of a conversation for any channel: load the chat's state, assess
// typed text, step the dialog engine, save the new state. It is the one place a turn happens,
// so the terminal and Telegram behave the same.
package turn

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/lantern-help/lantern/internal/dialog"
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
}

// Chat identifies a conversation on a channel ("console", "telegram"). The id is turned into
// a keyed hash before it touches the database.
type Chat struct {
	Channel string
	ID      int64
}

// Run handles one event and returns what to send. Typed text is assessed here and then
// dropped: neither the text nor anything derived from its words is saved.
func (r *Runner) Run(ctx context.Context, chat Chat, ev dialog.Event) (dialog.Result, error) {
	key := r.Keyer.ChatKey(chat.Channel, chat.ID)
	st, err := r.load(ctx, key)
	if err != nil {
		return dialog.Result{}, err
	}
	if ev.Kind == dialog.Text {
		lang := st.Lang
		if lang == "" {
			lang = r.Engine.Library().Locale(ev.LangHint).Lang
		}
		ev.Assessment = r.Assessor.Assess(ctx, ev.Text, lang)
	}
	res := r.Engine.Step(st, ev)
	if res.Forget {
		if err := r.Store.DeleteChat(ctx, key); err != nil {
			return res, fmt.Errorf("turn: forget chat: %w", err)
		}
		return res, nil
	}
	if err := r.save(ctx, key, res.State); err != nil {
		return res, err
	}
	return res, nil
}

// State returns the saved state of a chat (the zero state if it has none).
func (r *Runner) State(ctx context.Context, chat Chat) (dialog.State, error) {
	return r.load(ctx, r.Keyer.ChatKey(chat.Channel, chat.ID))
}

func (r *Runner) load(ctx context.Context, key string) (dialog.State, error) {
	var st dialog.State
	raw, ok, err := r.Store.LoadSession(ctx, key)
	if err != nil {
		return st, fmt.Errorf("turn: load state: %w", err)
	}
	if ok {
		if err := json.Unmarshal(raw, &st); err != nil {
			// A state we cannot read is a state we start again from, not a dead chat.
			return dialog.State{}, nil
		}
	}
	return st, nil
}

func (r *Runner) save(ctx context.Context, key string, st dialog.State) error {
	raw, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("turn: encode state: %w", err)
	}
	if err := r.Store.SaveSession(ctx, key, raw); err != nil {
		return fmt.Errorf("turn: save state: %w", err)
	}
	return nil
}

// Prepare applies choices made outside the conversation (command-line flags, a deep link) to a
// chat's state before its next turn. Empty fields leave the state as it is.
func (r *Runner) Prepare(ctx context.Context, chat Chat, p dialog.Payload) error {
	key := r.Keyer.ChatKey(chat.Channel, chat.ID)
	st, err := r.load(ctx, key)
	if err != nil {
		return err
	}
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
	return r.save(ctx, key, st)
}
