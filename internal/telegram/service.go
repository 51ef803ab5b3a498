// Package telegram puts Lantern on Telegram with github.com/go-telegram/bot. It owns the
// durability the library lacks: every update is stored before Telegram is told it arrived,
// turns of one chat run in order, replies go through a SQLite outbox with rate limits and
// retries, and nothing the person wrote is ever stored or logged.
package telegram

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/go-telegram/bot"

	"github.com/lantern-help/lantern/internal/dialog"
	"github.com/lantern-help/lantern/internal/safety"
	"github.com/lantern-help/lantern/internal/store"
	"github.com/lantern-help/lantern/internal/turn"
)

// channel is the name chat keys are made under.
const channel = "telegram"

// Service is the running Telegram bot.
type Service struct {
	cfg      Config
	runner   *turn.Runner
	engine   *dialog.Engine
	assessor safety.Assessor
	db       *store.DB
	keyer    *store.Keyer
	sealer   *store.Sealer
	api      *bot.Bot
	log      *slog.Logger
	metrics  *Metrics

	ctx      context.Context // the service's lifetime, for work not tied to a request
	turns    *serial
	kicks    *pending // chats that may have calls to make (see sendLoop)
	username string   // the bot's @username, for links to the private chat

	mu       sync.Mutex
	lastPoll time.Time // the last successful getUpdates (readiness)
	running  bool
}

// New prepares the service. It makes no network call; Run does.
func New(cfg Config, runner *turn.Runner, sealer *store.Sealer, log *slog.Logger) (*Service, error) {
	if err := cfg.withDefaults(); err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.Default()
	}
	s := &Service{
		cfg: cfg, runner: runner, engine: runner.Engine, assessor: runner.Assessor, db: runner.Store,
		keyer: runner.Keyer, sealer: sealer, log: log, metrics: NewMetrics(),
		turns: newSerial(cfg.Workers), kicks: newPending(), ctx: context.Background(),
	}
	api, err := bot.New(cfg.Token,
		bot.WithServerURL(cfg.APIURL),
		bot.WithSkipGetMe(),
		// Keep a connection per sender alive: the default transport keeps two, so every
		// other call would dial (and, against Telegram, shake hands) again.
		bot.WithHTTPClient(cfg.PollTimeout, &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
			Proxy: http.ProxyFromEnvironment, MaxIdleConnsPerHost: cfg.Senders + 2,
			IdleConnTimeout: 90 * time.Second, TLSHandshakeTimeout: 10 * time.Second, ForceAttemptHTTP2: true,
		}}),
		// The library's default error handler logs whole errors; ours logs no content.
		bot.WithErrorsHandler(func(err error) { log.Warn("telegram library error", "error", redact(err.Error(), cfg.Token)) }),
	)
	if err != nil {
		return nil, fmt.Errorf("telegram: %w", err)
	}
	s.api = api
	return s, nil
}

// Metrics returns the service's Prometheus metrics.
func (s *Service) Metrics() *Metrics { return s.metrics }

// Run runs the bot until ctx ends: it checks the token, publishes the commands and
// descriptions, finishes the turns a crash left pending, then takes updates (long polling,
// or the webhook when configured) and sends replies. On shutdown it stops taking updates,
// lets running turns finish, and keeps sending queued replies for up to DrainFor.
func (s *Service) Run(parent context.Context) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	me, err := s.api.GetMe(ctx)
	if err != nil {
		return stopped(ctx, fmt.Errorf("telegram: getMe (is the token right?): %s", redact(err.Error(), s.cfg.Token)))
	}
	s.username = me.Username
	s.ctx = context.WithoutCancel(ctx)
	if s.cfg.WebhookURL != "" {
		if err := s.setWebhook(ctx); err != nil {
			return stopped(ctx, err)
		}
	} else if _, err := s.api.DeleteWebhook(ctx, &bot.DeleteWebhookParams{}); err != nil {
		return stopped(ctx, fmt.Errorf("telegram: deleteWebhook: %s", redact(err.Error(), s.cfg.Token)))
	}

	sendCtx, stopSending := context.WithCancel(context.WithoutCancel(ctx))
	defer stopSending()
	sent := make(chan struct{})
	go func() { defer close(sent); s.sendLoop(sendCtx) }()
	// Commands and descriptions are nice to have; queued replies must not wait for them. Run
	// does wait for them before it returns, so nothing logs after it.
	published := make(chan struct{})
	go func() { defer close(published); s.publish(ctx) }()

	if err := s.resume(ctx); err != nil {
		return err
	}
	s.setRunning(true)

	var srv *http.Server
	errc := make(chan error, 1)
	fail := func(err error) {
		select {
		case errc <- err:
		default:
		}
		cancel()
	}
	if s.cfg.HTTPAddr != "" {
		srv = &http.Server{Addr: s.cfg.HTTPAddr, Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
		go func() {
			if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
				fail(fmt.Errorf("telegram: http server: %w", err))
			}
		}()
	}
	polled := make(chan struct{})
	if s.cfg.WebhookURL == "" {
		go func() {
			defer close(polled)
			if err := s.poll(ctx); err != nil {
				fail(err)
			}
		}()
	} else {
		close(polled)
	}

	<-ctx.Done()
	s.setRunning(false)
	s.log.Info("shutting down: no new updates; finishing turns and sending queued replies", "drain_for", s.cfg.DrainFor.String())
	if srv != nil {
		shutCtx, cancelShut := context.WithTimeout(context.Background(), 5*time.Second)
		_ = srv.Shutdown(shutCtx)
		cancelShut()
	}
	<-polled // no update is stored, nor any turn queued, after this
	s.turns.wait()
	s.drain()
	stopSending()
	<-sent
	<-published
	select {
	case err := <-errc:
		return err
	default:
		return nil
	}
}

// stopped hides errors caused by a shutdown during start-up: stopping is not a failure.
func stopped(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// resume runs the turns of updates that were stored but not handled before a stop.
func (s *Service) resume(ctx context.Context) error {
	pending, err := s.db.Pending(ctx)
	if err != nil {
		return err
	}
	if len(pending) > 0 {
		s.log.Info("resuming updates stored before the last stop", "count", len(pending))
	}
	for _, u := range pending {
		s.dispatch(u)
	}
	return nil
}

// drain waits, up to DrainFor, for the outbox to empty.
func (s *Service) drain() {
	deadline := time.Now().Add(s.cfg.DrainFor)
	for time.Now().Before(deadline) {
		n, err := s.db.OutboxDepth(context.Background())
		if err != nil || n == 0 {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	if n, _ := s.db.OutboxDepth(context.Background()); n > 0 {
		s.log.Warn("stopped with replies still queued; they are sent at the next start", "queued", n)
	}
}

func (s *Service) setRunning(v bool) {
	s.mu.Lock()
	s.running = v
	s.mu.Unlock()
}

// kick tells the sender that a chat may have calls to make. It never blocks.
func (s *Service) kick(chatKey string) { s.kicks.add(chatKey) }

// redact removes the bot token from an error text before it is logged.
func redact(s, token string) string {
	if token == "" {
		return s
	}
	return strings.ReplaceAll(s, token, "<token>")
}
