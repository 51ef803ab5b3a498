package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"golang.org/x/time/rate"

	"github.com/lantern-help/lantern/internal/dialog"
	"github.com/lantern-help/lantern/internal/school"
	"github.com/lantern-help/lantern/internal/store"
)

// maxAttempts bounds the retries of one call after 5xx and network errors (with backoff
// capped at 5 minutes, about a day). A 429 is not an attempt: it is waited out.
const maxAttempts = 300

// limits keeps Telegram's rate limits on our side: about 30 messages a second overall and
// about one a second per chat, with short bursts allowed.
type limits struct {
	global *rate.Limiter
	rate   rate.Limit
	burst  int
	mu     sync.Mutex
	chats  map[string]*rate.Limiter
}

func newLimits(cfg Config) *limits {
	l := &limits{chats: map[string]*rate.Limiter{}, burst: cfg.ChatBurst, rate: rate.Inf}
	l.global = rate.NewLimiter(rate.Inf, 1)
	if cfg.GlobalRate > 0 {
		l.global = rate.NewLimiter(rate.Limit(cfg.GlobalRate), max(1, int(cfg.GlobalRate)))
	}
	if cfg.ChatRate > 0 {
		l.rate = rate.Limit(cfg.ChatRate)
	}
	return l
}

// chat returns how long a chat must wait before its next message (0: now), and takes its
// token when it may go.
func (l *limits) chat(key string, now time.Time) time.Duration {
	if l.rate == rate.Inf {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	lim := l.chats[key]
	if lim == nil {
		if len(l.chats) > 10000 { // forget idle chats: a full bucket is the same as none
			for k, v := range l.chats {
				if v.TokensAt(now) >= float64(l.burst) {
					delete(l.chats, k)
				}
			}
		}
		lim = rate.NewLimiter(l.rate, l.burst)
		l.chats[key] = lim
	}
	r := lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return d
	}
	return 0
}

// pending is the set of chats that may have calls to make. Adding never blocks, and a chat
// added twice is looked at once.
type pending struct {
	mu    sync.Mutex
	order []string
	keys  map[string]bool
	wake  chan struct{}
}

func newPending() *pending { return &pending{keys: map[string]bool{}, wake: make(chan struct{}, 1)} }

func (p *pending) add(key string) {
	p.mu.Lock()
	if !p.keys[key] {
		p.keys[key] = true
		p.order = append(p.order, key)
	}
	p.mu.Unlock()
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

func (p *pending) take() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := p.order
	p.order, p.keys = nil, map[string]bool{}
	return out
}

// sendLoop makes the queued calls: a chat's calls in order, one at a time, different chats
// side by side, within the rate limits. It learns which chats have work from the turns
// (kick) and looks only at one chat's head call at a time, so its cost does not grow with
// the length of the outbox.
func (s *Service) sendLoop(ctx context.Context) {
	lim := newLimits(s.cfg)
	sem := make(chan struct{}, s.cfg.Senders)
	var wg sync.WaitGroup
	defer wg.Wait()
	busy := map[string]bool{} // a call of the chat is in flight
	done := make(chan string)
	later := func(key string, d time.Duration) { time.AfterFunc(d, func() { s.kick(key) }) }

	if keys, err := s.db.OutboxChats(ctx); err == nil {
		for _, k := range keys {
			s.kick(k)
		}
	} else {
		s.log.Error("reading the outbox failed", "error", err.Error())
	}
	look := func(key string) bool {
		if busy[key] {
			return true // looked at again when its call is settled
		}
		o, ok, err := s.db.Head(ctx, key)
		if err != nil {
			if ctx.Err() == nil {
				s.log.Error("reading the outbox failed", "error", err.Error())
				later(key, time.Second)
			}
			return true
		}
		if !ok {
			return true
		}
		now := time.Now()
		if d := o.NotBefore.Sub(now); d > 0 {
			later(key, d)
			return true
		}
		if o.Method == opSend { // only messages count against a chat's limit
			if d := lim.chat(key, now); d > 0 {
				later(key, d)
				return true
			}
		}
		if err := lim.global.Wait(ctx); err != nil {
			return false
		}
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			return false
		}
		busy[key] = true
		wg.Add(1)
		go func(o store.Outgoing) {
			defer wg.Done()
			s.deliver(ctx, o)
			<-sem
			select {
			case done <- o.ChatKey:
			case <-ctx.Done():
			}
		}(o)
		return true
	}
	for {
		select {
		case <-ctx.Done():
			return
		case key := <-done:
			delete(busy, key)
			if !look(key) { // its next call, if any, may go now
				return
			}
		case <-s.kicks.wake:
			for _, key := range s.kicks.take() {
				if !look(key) {
					return
				}
			}
		}
	}
}

// deliver makes one call and settles it in the outbox by Telegram's answer.
func (s *Service) deliver(ctx context.Context, o store.Outgoing) {
	chatID, err := s.sealer.Open(o.Chat)
	if err != nil {
		s.log.Error("queued call has an unreadable chat (was LANTERN_SECRET changed?); dropped", "method", o.Method)
		_ = s.db.Drop(ctx, o.ID)
		return
	}
	callCtx, cancel := context.WithTimeout(ctx, 20*time.Second)
	msgID, err := s.call(callCtx, chatID, o)
	cancel()
	now := time.Now()
	// The bookkeeping must happen even if the service is stopping: the call was made.
	bctx := context.WithoutCancel(ctx)
	book := func(what string, err error) {
		if err != nil {
			s.log.Error("could not record the outcome of a call", "method", o.Method, "outcome", what, "error", err.Error())
		}
	}
	var tooMany *bot.TooManyRequestsError
	var migrated *bot.MigrateError
	switch {
	case err == nil:
		s.metrics.Calls.WithLabelValues(o.Method, "ok").Inc()
		book("sent", s.db.Sent(bctx, o, msgID))
		if o.Method == opSend {
			s.metrics.Replies.Inc()
		}
	case errors.As(err, &tooMany):
		s.metrics.Calls.WithLabelValues(o.Method, "429").Inc()
		s.metrics.TooMany.Inc()
		after := time.Duration(max(tooMany.RetryAfter, 1)) * time.Second
		s.log.Warn("Telegram asked us to slow down", "method", o.Method, "retry_after_s", tooMany.RetryAfter)
		book("hold", s.db.Hold(bctx, o.ChatKey, now.Add(after)))
	case errors.Is(err, bot.ErrorForbidden):
		s.metrics.Calls.WithLabelValues(o.Method, "403").Inc()
		s.log.Info("the person blocked the bot; their queued replies are dropped", "method", o.Method)
		book("blocked", s.db.Blocked(bctx, o))
	case errors.Is(err, bot.ErrorBadRequest), errors.As(err, &migrated):
		s.metrics.Calls.WithLabelValues(o.Method, "400").Inc()
		// A message already deleted, a button pressed too long ago, a group that became a
		// supergroup: it can never succeed.
		s.log.Warn("Telegram refused a call; dropped", "method", o.Method, "error", redact(err.Error(), s.cfg.Token))
		book("drop", s.db.Drop(bctx, o.ID))
	case ctx.Err() != nil:
		// Shutting down: the call stays queued for the next start.
	default:
		s.metrics.Calls.WithLabelValues(o.Method, "error").Inc()
		if o.Attempts+1 >= maxAttempts {
			s.log.Error("giving up on a call after many attempts", "method", o.Method, "attempts", o.Attempts+1)
			book("drop", s.db.Drop(bctx, o.ID))
			return
		}
		backoff := min(time.Duration(1<<min(o.Attempts, 10))*250*time.Millisecond, 5*time.Minute)
		backoff += time.Duration(rand.Int64N(int64(backoff/4) + 1))
		s.log.Warn("call failed; will retry", "method", o.Method, "attempt", o.Attempts+1, "backoff", backoff.String(),
			"error", redact(err.Error(), s.cfg.Token))
		book("retry", s.db.Retry(bctx, o.ID, now.Add(backoff)))
	}
}

// call makes one queued call through go-telegram/bot and returns the id of the message it
// created, if any.
func (s *Service) call(ctx context.Context, chatID int64, o store.Outgoing) (int, error) {
	switch o.Method {
	case opSend:
		var p sendParams
		if err := json.Unmarshal(o.Params, &p); err != nil {
			return 0, badRequest(err)
		}
		memory := s.runner.Memory()
		if p.Held {
			if text, ok := memory.Held(o.ChatKey); ok {
				p.Text = text
			}
		}
		params := &bot.SendMessageParams{
			ChatID: chatID, Text: htmlText(p.Text), ParseMode: models.ParseModeHTML,
			LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: bot.True()},
		}
		if k := markup(p.Buttons); k != nil {
			params.ReplyMarkup = k
		}
		m, err := s.api.SendMessage(ctx, params)
		if errors.Is(err, bot.ErrorBadRequest) && hasLinks(p.Buttons) {
			// Telegram refuses a whole message for one link it does not like (a share link
			// too long for it, say): the words matter more than the link, so send them without.
			s.log.Warn("Telegram refused a link button; sent the message without its links", "error", redact(err.Error(), s.cfg.Token))
			params.ReplyMarkup = markup(withoutLinks(p.Buttons))
			if params.ReplyMarkup == (*keyboard)(nil) {
				params.ReplyMarkup = nil
			}
			m, err = s.api.SendMessage(ctx, params)
		}
		if err != nil {
			return 0, err
		}
		if p.Held {
			memory.Release(o.ChatKey) // sent: the summary is not kept a moment longer
		}
		return m.ID, nil
	case opDelete:
		var p deleteParams
		if err := json.Unmarshal(o.Params, &p); err != nil || len(p.IDs) == 0 {
			return 0, badRequest(err)
		}
		if len(p.IDs) == 1 {
			_, err := s.api.DeleteMessage(ctx, &bot.DeleteMessageParams{ChatID: chatID, MessageID: p.IDs[0]})
			return 0, err
		}
		_, err := s.api.DeleteMessages(ctx, &bot.DeleteMessagesParams{ChatID: chatID, MessageIDs: p.IDs})
		return 0, err
	case opPoster:
		var p posterParams
		if err := json.Unmarshal(o.Params, &p); err != nil {
			return 0, badRequest(err)
		}
		png, err := school.PNG(s.engine.Library(), s.engine.Directory(), s.username, p.Code, p.Region, p.Lang)
		if err != nil {
			return 0, badRequest(err)
		}
		params := &bot.SendDocumentParams{
			ChatID:   chatID,
			Document: &models.InputFileUpload{Filename: "lantern-poster-" + p.Code + ".png", Data: bytes.NewReader(png)},
			Caption:  htmlText(p.Caption), ParseMode: models.ParseModeHTML,
		}
		if k := markup(p.Buttons); k != nil {
			params.ReplyMarkup = k
		}
		m, err := s.api.SendDocument(ctx, params)
		if err != nil {
			return 0, err
		}
		return m.ID, nil
	case opAnswer:
		var p answerParams
		if err := json.Unmarshal(o.Params, &p); err != nil {
			return 0, badRequest(err)
		}
		_, err := s.api.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: p.ID})
		return 0, err
	}
	return 0, badRequest(errors.New("unknown method " + o.Method))
}

// hasLinks reports whether any button opens a URL.
func hasLinks(rows [][]dialog.Button) bool {
	for _, row := range rows {
		for _, b := range row {
			if b.URL != "" {
				return true
			}
		}
	}
	return false
}

// withoutLinks is rows with the URL buttons left out (and rows left empty dropped).
func withoutLinks(rows [][]dialog.Button) [][]dialog.Button {
	var out [][]dialog.Button
	for _, row := range rows {
		var keep []dialog.Button
		for _, b := range row {
			if b.URL == "" {
				keep = append(keep, b)
			}
		}
		if len(keep) > 0 {
			out = append(out, keep)
		}
	}
	return out
}

func badRequest(err error) error { return errors.Join(bot.ErrorBadRequest, err) }
