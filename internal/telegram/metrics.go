package telegram

import (
	"context"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/lantern-help/lantern/internal/dialog"
)

// Metrics are the service's Prometheus metrics: counts and durations only, no labels that
// could identify a person.
type Metrics struct {
	Registry       *prometheus.Registry
	Updates        *prometheus.CounterVec // by kind: text, command, button, media, group, duplicate, ignored
	Turns          *prometheus.CounterVec // by intent of typed text ("none" for buttons and commands)
	Replies        prometheus.Counter
	Calls          *prometheus.CounterVec // Bot API calls by method and outcome
	TooMany        prometheus.Counter
	Handoffs       *prometheus.CounterVec // help contacts handed over, by kind
	TurnSeconds    prometheus.Histogram
	UpdateToQueued prometheus.Histogram
}

// NewMetrics makes the metrics in a registry of their own.
func NewMetrics() *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		Updates: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "lantern_updates_total",
			Help: "Telegram updates received, by kind."}, []string{"kind"}),
		Turns: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "lantern_turns_total",
			Help: "Turns run, by the intent of typed text."}, []string{"intent"}),
		Replies: prometheus.NewCounter(prometheus.CounterOpts{Name: "lantern_replies_total",
			Help: "Messages delivered to Telegram."}),
		Calls: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "lantern_telegram_calls_total",
			Help: "Bot API calls made from the outbox, by method and outcome."}, []string{"method", "outcome"}),
		TooMany: prometheus.NewCounter(prometheus.CounterOpts{Name: "lantern_telegram_429_total",
			Help: "Too Many Requests answers from Telegram."}),
		Handoffs: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "lantern_handoffs_total",
			Help: "Messages handing over help contacts, by kind of contact."}, []string{"kind"}),
		TurnSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "lantern_turn_seconds",
			Help: "Time to run one turn (assess, step, commit).", Buckets: prometheus.ExponentialBuckets(0.0005, 2, 14)}),
		UpdateToQueued: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "lantern_update_to_queued_seconds",
			Help: "Time from storing an update to its replies being queued.", Buckets: prometheus.ExponentialBuckets(0.0005, 2, 14)}),
	}
	m.Registry.MustRegister(m.Updates, m.Turns, m.Replies, m.Calls, m.TooMany, m.Handoffs, m.TurnSeconds, m.UpdateToQueued,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *Metrics) observeTurn(ev stored, res dialog.Result) {
	intent := "none"
	if ev.Kind == dialog.Text {
		intent = string(ev.Assessment.Intent)
		if ev.Assessment.Crisis {
			intent = "crisis"
		}
	}
	m.Turns.WithLabelValues(intent).Inc()
	for _, r := range res.Replies {
		for _, k := range r.Contacts {
			m.Handoffs.WithLabelValues(k).Inc()
		}
	}
}

// Handler serves /healthz (the process is up), /readyz (the database answers and updates
// are flowing), /metrics, and the webhook when one is configured.
func (s *Service) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) })
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if err := s.ready(r.Context()); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("ready\n"))
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.metrics.Registry, promhttp.HandlerOpts{}))
	if s.cfg.WebhookURL != "" {
		mux.HandleFunc(s.cfg.webhookPath(), s.webhook)
	}
	return mux
}

type readyError string

func (e readyError) Error() string { return string(e) }

func (s *Service) ready(ctx context.Context) error {
	if !s.isRunning() {
		return readyError("not running")
	}
	if _, err := s.db.OutboxDepth(ctx); err != nil {
		return readyError("database unavailable")
	}
	if s.cfg.WebhookURL == "" {
		s.mu.Lock()
		last := s.lastPoll
		s.mu.Unlock()
		if time.Since(last) > 2*s.cfg.PollTimeout+30*time.Second {
			return readyError("no successful getUpdates recently")
		}
	}
	return nil
}
