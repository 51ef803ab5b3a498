package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/go-telegram/bot/models"
)

// offsetCounter names the stored getUpdates offset.
const offsetCounter = "telegram_offset"

// allowedUpdates are the update types Lantern acts on; Telegram sends no others.
var allowedUpdates = []string{"message", "callback_query"}

// poll is the long-polling loop the library lacks in a durable form: each batch is stored
// before the next getUpdates call confirms it to Telegram, and the offset survives restarts.
func (s *Service) poll(ctx context.Context) error {
	offset, err := s.db.Counter(ctx, offsetCounter)
	if err != nil {
		return err
	}
	client := &http.Client{Timeout: s.cfg.PollTimeout + 10*time.Second}
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		updates, err := s.getUpdates(ctx, client, offset)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			var apiErr *apiError
			if errors.As(err, &apiErr) && (apiErr.Code == 401 || apiErr.Code == 404) {
				return fmt.Errorf("telegram: getUpdates: the token was refused (%d); check TELEGRAM_BOT_TOKEN", apiErr.Code)
			}
			s.log.Warn("getUpdates failed; retrying", "error", redact(err.Error(), s.cfg.Token), "backoff", backoff.String())
			if !sleep(ctx, backoff) {
				return nil
			}
			backoff = min(backoff*2, 5*time.Second)
			continue
		}
		backoff = 100 * time.Millisecond
		s.mu.Lock()
		s.lastPoll = time.Now()
		s.mu.Unlock()
		if len(updates) == 0 {
			continue
		}
		next := updates[len(updates)-1].ID + 1
		for {
			// The batch and the new offset are stored together, before the next getUpdates
			// confirms them to Telegram.
			err := s.ingest(ctx, updates, offsetCounter, next)
			if err == nil {
				break
			}
			s.log.Error("could not store updates; retrying", "count", len(updates), "error", err.Error())
			if !sleep(ctx, time.Second) {
				return nil
			}
		}
		offset = next
	}
	return nil
}

// apiError is a Bot API error answer.
type apiError struct {
	Code        int
	Description string
	RetryAfter  int
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s", e.Code, e.Description) }

// getUpdates calls the Bot API directly: the library's own getUpdates is unexported and
// confirms updates before they are handled.
func (s *Service) getUpdates(ctx context.Context, client *http.Client, offset int64) ([]models.Update, error) {
	body, _ := json.Marshal(map[string]any{
		"offset":          offset,
		"timeout":         int(s.cfg.PollTimeout / time.Second),
		"allowed_updates": allowedUpdates,
	})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.cfg.APIURL+"/bot"+s.cfg.Token+"/getUpdates", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var out struct {
		OK          bool              `json:"ok"`
		Result      []json.RawMessage `json:"result"`
		ErrorCode   int               `json:"error_code"`
		Description string            `json:"description"`
		Parameters  struct {
			RetryAfter int `json:"retry_after"`
		} `json:"parameters"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return nil, fmt.Errorf("decode getUpdates answer (HTTP %d): %w", resp.StatusCode, err)
	}
	if !out.OK {
		e := &apiError{Code: out.ErrorCode, Description: out.Description, RetryAfter: out.Parameters.RetryAfter}
		if e.RetryAfter > 0 {
			sleep(ctx, time.Duration(e.RetryAfter)*time.Second)
		}
		return nil, e
	}
	// Each update is decoded on its own: one the library's types cannot read is skipped (and
	// confirmed, by the offset moving past it) rather than stopping every chat.
	updates := make([]models.Update, 0, len(out.Result))
	for _, raw := range out.Result {
		var u models.Update
		if err := json.Unmarshal(raw, &u); err != nil {
			var id struct {
				ID int64 `json:"update_id"`
			}
			if json.Unmarshal(raw, &id) == nil && id.ID > 0 {
				s.log.Error("could not decode an update; skipped", "update_id", id.ID)
				s.metrics.Updates.WithLabelValues("undecodable").Inc()
				updates = append(updates, models.Update{ID: id.ID}) // understood as nothing, but moves the offset
			}
			continue
		}
		updates = append(updates, u)
	}
	return updates, nil
}

// sleep waits for d or until ctx ends; it reports whether the wait was complete.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
