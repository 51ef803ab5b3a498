package telegram

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/lantern-help/lantern/internal/dialog"
	"github.com/lantern-help/lantern/internal/store"
	"github.com/lantern-help/lantern/internal/turn"
)

// ingest stores updates and queues their turns; with counter set, it also stores the
// getUpdates offset in the same transaction. It returns an error only when the updates
// could not be stored: then Telegram must not be told we have them.
func (s *Service) ingest(ctx context.Context, updates []models.Update, counter string, offset int64) error {
	batch := make([]store.Incoming, 0, len(updates))
	kinds := make([]string, 0, len(updates))
	texts := make([]string, 0, len(updates))
	for i := range updates {
		in, ok := s.safeUnderstand(&updates[i])
		if !ok {
			s.metrics.Updates.WithLabelValues("ignored").Inc()
			continue
		}
		raw, err := encodeStored(in.ev)
		if err != nil {
			return fmt.Errorf("telegram: encode update: %w", err)
		}
		batch = append(batch, store.Incoming{MessageID: in.messageID, Update: store.Update{
			ID: updates[i].ID, ChatKey: s.keyer.ChatKey(channel, in.chatID), Chat: s.sealer.Seal(in.chatID), Event: raw}})
		kinds = append(kinds, kindName(in.ev))
		texts = append(texts, in.text)
	}
	if len(batch) == 0 && counter == "" {
		return nil
	}
	fresh, err := s.db.IngestBatch(ctx, batch, counter, offset)
	if err != nil {
		return err
	}
	for i, in := range batch {
		if fresh[i] {
			s.metrics.Updates.WithLabelValues(kinds[i]).Inc()
			s.dispatchText(in.Update, texts[i])
		} else {
			s.metrics.Updates.WithLabelValues("duplicate").Inc()
		}
	}
	return nil
}

// safeUnderstand is understand with a safety net: an update that makes it panic is logged
// (by id only) and skipped, rather than stopping the bot for everyone.
func (s *Service) safeUnderstand(u *models.Update) (in incoming, ok bool) {
	defer func() {
		if recover() != nil {
			s.log.Error("could not understand an update; skipped", "update_id", u.ID)
			in, ok = incoming{}, false
		}
	}()
	return s.understand(u)
}

// dispatch queues a stored update's turn behind the earlier turns of its chat.
func (s *Service) dispatch(u store.Update) { s.dispatchText(u, "") }

// dispatchText is dispatch with the typed text, held in memory only, for an optional model.
// After a restart the text is gone and the stored assessment of the rules is used.
func (s *Service) dispatchText(u store.Update, text string) {
	received := time.Now()
	s.turns.do(u.ChatKey, func() { s.runTurn(u, received, text) })
}

// runTurn runs the turn of a stored update. If the database fails (a backup holding a lock,
// a full disk), it tries again, holding the chat's place so its later turns wait: a person's
// messages are answered in order, and none is left unanswered until a restart.
func (s *Service) runTurn(u store.Update, received time.Time, text string) {
	ctx := s.ctx
	ev, err := decodeStored(u.Event)
	if err != nil {
		s.log.Error("unreadable stored update; skipped", "update_id", u.ID)
		_ = s.db.Queue(ctx, u.ID, u.ChatKey, nil, nil) // mark it done, touching nothing else
		return
	}
	chatID, err := s.sealer.Open(u.Chat)
	if err != nil {
		s.log.Error("stored update has an unreadable chat (was LANTERN_SECRET changed?); skipped", "update_id", u.ID)
		_ = s.db.Queue(ctx, u.ID, u.ChatKey, nil, nil)
		return
	}
	start := time.Now()
	for attempt := 1; ; attempt++ {
		if ev.Group {
			err = s.groupReply(ctx, u, ev)
		} else {
			var res dialog.Result
			de := ev.event()
			de.Text, de.Bot = text, s.username
			res, err = s.runner.Handle(ctx, turn.Inbound{
				Chat: turn.Chat{Channel: channel, ID: chatID}, Event: de, UpdateID: u.ID, SealedChat: u.Chat,
				Render: func(r dialog.Result, t *store.Turn) ([]store.Op, bool, error) { return render(ev, r, t) },
				// A model call must never hold back the chat's next message: it may be a crisis.
				NoModel: s.turns.waiting(u.ChatKey),
			})
			if err == nil {
				s.metrics.observeTurn(ev, res)
			}
		}
		if err == nil || errors.Is(err, store.ErrClosed) {
			break
		}
		backoff := min(time.Duration(attempt)*200*time.Millisecond, 5*time.Second)
		s.log.Error("turn failed; trying again", "update_id", u.ID, "attempt", attempt, "error", err.Error())
		time.Sleep(backoff)
	}
	if err != nil {
		return // closing: the update stays pending for the next start
	}
	s.metrics.TurnSeconds.Observe(time.Since(start).Seconds())
	s.metrics.UpdateToQueued.Observe(time.Since(received).Seconds())
	s.kick(u.ChatKey)
}

// groupReply answers a command in a group with one line and a link to the private chat,
// and keeps nothing: no session, no message id.
func (s *Service) groupReply(ctx context.Context, u store.Update, ev stored) error {
	lib := s.engine.Library()
	lang := lib.Locale(baseLang(ev.LangHint)).Lang
	p := sendParams{Text: lib.Text(lang, "group.private_only")}
	if s.username != "" {
		p.Buttons = [][]dialog.Button{{{Label: lib.Text(lang, "btn.open_private"), URL: "https://t.me/" + s.username}}}
	}
	return s.db.Queue(ctx, u.ID, u.ChatKey, u.Chat, []store.Op{op(opSend, p)})
}

func kindName(ev stored) string {
	switch {
	case ev.Group:
		return "group"
	case ev.MediaID > 0:
		return "media"
	case ev.CallbackID != "":
		return "button"
	case ev.Command != "" || ev.Kind == dialog.Start:
		return "command"
	default:
		return "text"
	}
}
