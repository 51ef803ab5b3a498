package telegram

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"time"
)

// Config is how the Telegram channel runs. Zero values take the defaults noted.
type Config struct {
	Token  string // from @BotFather; required
	APIURL string // the Bot API server; default https://api.telegram.org

	// WebhookURL switches from long polling to a webhook: Telegram POSTs updates to this
	// https URL, which must reach HTTPAddr + the URL's path (through a TLS proxy).
	WebhookURL    string
	WebhookSecret string // the X-Telegram-Bot-Api-Secret-Token; required with WebhookURL

	HTTPAddr string // /healthz, /readyz, /metrics (and the webhook); "" = no HTTP server

	GlobalRate float64 // messages a second to Telegram overall; default 30; <0 = no limit
	ChatRate   float64 // messages a second to one chat, sustained; default 1; <0 = no limit
	ChatBurst  int     // messages one chat may get at once before ChatRate applies; default 8

	PollTimeout time.Duration // getUpdates long-poll length; default 25 s
	Workers     int           // turns running at once (of different chats); default 16
	Senders     int           // calls to Telegram in flight at once; default 16
	DrainFor    time.Duration // on shutdown, how long to keep sending queued replies; default 10 s
}

var secretRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

func (c *Config) withDefaults() error {
	if c.Token == "" {
		return errors.New("telegram: no bot token")
	}
	if c.APIURL == "" {
		c.APIURL = "https://api.telegram.org"
	}
	if _, err := url.Parse(c.APIURL); err != nil {
		return fmt.Errorf("telegram: API URL: %w", err)
	}
	if c.WebhookURL != "" {
		u, err := url.Parse(c.WebhookURL)
		if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
			return fmt.Errorf("telegram: webhook URL %q is not an absolute http(s) URL", c.WebhookURL)
		}
		if !secretRe.MatchString(c.WebhookSecret) {
			return errors.New("telegram: a webhook needs a secret token of 1-256 characters A-Z, a-z, 0-9, _ or -")
		}
		if c.HTTPAddr == "" {
			return errors.New("telegram: a webhook needs an HTTP listen address")
		}
	}
	if c.GlobalRate == 0 {
		c.GlobalRate = 30
	}
	if c.ChatRate == 0 {
		c.ChatRate = 1
	}
	if c.ChatBurst <= 0 {
		c.ChatBurst = 8
	}
	if c.PollTimeout <= 0 {
		c.PollTimeout = 25 * time.Second
	}
	if c.Workers <= 0 {
		c.Workers = 16
	}
	if c.Senders <= 0 {
		c.Senders = 16
	}
	if c.DrainFor <= 0 {
		c.DrainFor = 10 * time.Second
	}
	return nil
}

// webhookPath is the path the webhook handler answers on.
func (c *Config) webhookPath() string {
	u, err := url.Parse(c.WebhookURL)
	if err != nil || u.Path == "" {
		return "/"
	}
	return u.Path
}
