package telegram

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// maxUpdateBytes bounds a webhook body; real updates are a few kilobytes.
const maxUpdateBytes = 1 << 20

// webhook is Lantern's own webhook handler: unlike the library's, it refuses a wrong secret
// (401) and answers 200 only once the update is stored, so Telegram retries anything we
// could not keep.
func (s *Service) webhook(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	got := r.Header.Get("X-Telegram-Bot-Api-Secret-Token")
	if subtle.ConstantTimeCompare([]byte(got), []byte(s.cfg.WebhookSecret)) != 1 {
		s.metrics.Updates.WithLabelValues("bad_secret").Inc()
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxUpdateBytes+1))
	if err != nil || len(body) > maxUpdateBytes {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	var u models.Update
	if err := json.Unmarshal(body, &u); err != nil || u.ID == 0 {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	if !s.isRunning() {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	if err := s.ingest(r.Context(), []models.Update{u}, "", 0); err != nil {
		s.log.Error("could not store a webhook update; Telegram will retry", "update_id", u.ID, "error", err.Error())
		http.Error(w, "try again", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// setWebhook points Telegram at our webhook.
func (s *Service) setWebhook(ctx context.Context) error {
	_, err := s.api.SetWebhook(ctx, &bot.SetWebhookParams{
		URL: s.cfg.WebhookURL, SecretToken: s.cfg.WebhookSecret, AllowedUpdates: allowedUpdates,
	})
	if err != nil {
		return fmt.Errorf("telegram: setWebhook: %s", redact(err.Error(), s.cfg.Token))
	}
	s.log.Info("webhook set", "path", s.cfg.webhookPath())
	return nil
}

func (s *Service) isRunning() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.running
}
