package telegram

import (
	"context"
	"fmt"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/lantern-help/lantern/internal/dialog"
	"github.com/lantern-help/lantern/internal/store"
	"github.com/lantern-help/lantern/internal/turn"
)

// ingest stores one update and queues its turn. It returns an error only when the update
// could not be stored: then Telegram must not be told we have it.
func (s *Service) ingest(ctx context.Context, u *models.Update) error {
	in, ok := s.understand(u)
	if !ok {
		s.metrics.Updates.WithLabelValues("ignored").Inc()
		return nil
	}
	raw, err := encodeStored(in.ev)
	if err != nil {
		return fmt.Errorf("telegram: encode update: %w", err)
	}
	su := store.Update{ID: u.ID, ChatKey: s.keyer.ChatKey(channel, in.chatID), Chat: s.sealer.Seal(in.chatID), Event: raw}
	fresh, err := s.db.Ingest(ctx, su, in.messageID)
	if err != nil {
		return err
	}
	if !fresh {
		s.metrics.Updates.WithLabelValues("duplicate").Inc()
		return nil
	}
	s.metrics.Updates.WithLabelValues(kindName(in.ev)).Inc()
	s.dispatch(su)
	return nil
}

// dispatch queues a stored update's turn behind the earlier turns of its chat.
func (s *Service) dispatch(u store.Update) {
	received := time.Now()
	s.turns.do(u.ChatKey, func() { s.runTurn(u, received) })
}

// runTurn runs the turn of a stored update. Failures leave the update pending: it is tried
// again at the next start.
func (s *Service) runTurn(u store.Update, received time.Time) {
	ctx := s.ctx
	ev, err := decodeStored(u.Event)
	if err != nil {
		s.log.Error("unreadable stored update; skipped", "update_id", u.ID)
		_ = s.db.RunTurn(ctx, u.ID, u.ChatKey, func(*store.Turn) (store.TurnResult, error) { return store.TurnResult{}, nil })
		return
	}
	chatID, err := s.sealer.Open(u.Chat)
	if err != nil {
		s.log.Error("stored update has an unreadable chat (was LANTERN_SECRET changed?); skipped", "update_id", u.ID)
		return
	}
	start := time.Now()
	if ev.Group {
		err = s.groupReply(ctx, u, ev)
	} else {
		var res dialog.Result
		res, err = s.runner.Handle(ctx, turn.Inbound{
			Chat: turn.Chat{Channel: channel, ID: chatID}, Event: ev.event(), UpdateID: u.ID, SealedChat: u.Chat,
			Render: func(r dialog.Result, t *store.Turn) ([]store.Op, bool, error) { return render(ev, r, t) },
		})
		if err == nil {
			s.metrics.observeTurn(ev, res)
		}
	}
	if err != nil {
		s.log.Error("turn failed; the update stays pending", "update_id", u.ID, "error", err.Error())
		return
	}
	s.metrics.TurnSeconds.Observe(time.Since(start).Seconds())
	s.metrics.UpdateToQueued.Observe(time.Since(received).Seconds())
	s.notify()
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
