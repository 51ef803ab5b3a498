// Package llm lets an optional language model help Lantern understand free text and phrase
// short answers from vetted articles. The bot never needs it: every function here can fail,
// and the caller then uses the rules (for Classify) or the article text (for Answer).
//
// The package uses only the llms.Model interface of github.com/tmc/langchaingo and its
// openai, ollama and anthropic clients. Prompts are plain text/template files (see the
// prompts package). Nothing here logs, keeps or puts into an error the text of a message
// or of a model's reply.
package llm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"text/template"
	"time"

	"github.com/tmc/langchaingo/llms"
	"github.com/tmc/langchaingo/llms/anthropic"
	"github.com/tmc/langchaingo/llms/ollama"
	"github.com/tmc/langchaingo/llms/openai"

	"github.com/lantern-help/lantern/internal/content"
	"github.com/lantern-help/lantern/internal/safety"
)

// DefaultTimeout bounds one model call when Config.Timeout is zero.
const DefaultTimeout = 4 * time.Second

// Limits on what is sent to the model; longer input is cut (by runes).
const (
	maxTextRunes     = 4000 // one message or question (Telegram allows 4096 UTF-16 units)
	maxPassageRunes  = 4000 // one passage's text
	maxPassages      = 6    // passages beyond this are dropped
	classifyMaxToken = 100  // a JSON object of three fields
	answerMaxToken   = 400  // about four sentences, with room for other scripts
	answerTemp       = 0.2  // low: the answer rephrases vetted text, it does not invent
	httpTimeoutExtra = time.Second
)

// dummyToken is sent when no API key is configured for a local OpenAI-compatible or
// Anthropic-compatible server: the langchaingo clients refuse an empty token.
const dummyToken = "no-key"

// Config selects and reaches a model.
type Config struct {
	// Provider is "openai" (OpenAI or any OpenAI-compatible server: llama.cpp, vLLM,
	// LM Studio, Ollama's /v1), "ollama" (Ollama's native API) or "anthropic".
	Provider string
	// Model is the model name; required.
	Model string
	// BaseURL is the server's address, e.g. "http://localhost:8080/v1" for an
	// OpenAI-compatible server or "http://localhost:11434" for Ollama. Empty means the
	// provider's public default (the environment is not consulted).
	BaseURL string
	// APIKey is the provider's key. It may be empty for ollama, and for openai and
	// anthropic when BaseURL is set (a local server).
	APIKey string
	// Timeout bounds every model call; zero or less means DefaultTimeout.
	Timeout time.Duration
}

// Client asks a model to classify messages and to phrase answers. It is safe for
// concurrent use.
type Client struct {
	model    llms.Model
	timeout  time.Duration
	tmpl     *template.Template
	tmplErr  error
	callOpts []llms.CallOption // added to every call (provider quirks)
}

// New builds a client for cfg and parses classify.tmpl and answer.tmpl from prompts (use
// prompts.FS). The HTTP client it uses has a timeout slightly longer than cfg.Timeout, as
// a backstop: each call is also bounded by a context deadline of cfg.Timeout.
func New(cfg Config, prompts fs.FS) (*Client, error) {
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	if strings.TrimSpace(cfg.Model) == "" {
		return nil, errors.New("llm: config: model is required")
	}
	if cfg.BaseURL != "" {
		u, err := url.Parse(cfg.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("llm: config: base URL must be an absolute http(s) URL")
		}
	}
	httpClient := &http.Client{Timeout: timeout + httpTimeoutExtra}

	var (
		m     llms.Model
		extra []llms.CallOption
		err   error
	)
	switch strings.ToLower(strings.TrimSpace(cfg.Provider)) {
	case "openai":
		token := cfg.APIKey
		if token == "" {
			if cfg.BaseURL == "" {
				return nil, errors.New("llm: config: openai needs an API key unless a base URL is set")
			}
			token = dummyToken
		}
		base := cfg.BaseURL
		if base == "" {
			base = "https://api.openai.com/v1"
		}
		m, err = openai.New(openai.WithToken(token), openai.WithModel(cfg.Model),
			openai.WithBaseURL(base), openai.WithHTTPClient(httpClient))
		if u, _ := url.Parse(base); u != nil && u.Hostname() != "api.openai.com" {
			// Ollama, LM Studio and older llama.cpp honour only max_tokens.
			extra = append(extra, openai.WithLegacyMaxTokensField())
		}
	case "ollama":
		opts := []ollama.Option{ollama.WithModel(cfg.Model), ollama.WithHTTPClient(httpClient)}
		if cfg.BaseURL != "" {
			// Parsed above: ollama.WithServerURL calls log.Fatal on a URL it cannot parse.
			opts = append(opts, ollama.WithServerURL(cfg.BaseURL))
		} else {
			opts = append(opts, ollama.WithServerURL("http://127.0.0.1:11434"))
		}
		m, err = ollama.New(opts...)
	case "anthropic":
		token := cfg.APIKey
		if token == "" {
			if cfg.BaseURL == "" {
				return nil, errors.New("llm: config: anthropic needs an API key unless a base URL is set")
			}
			token = dummyToken
		}
		opts := []anthropic.Option{anthropic.WithToken(token), anthropic.WithModel(cfg.Model),
			anthropic.WithHTTPClient(httpClient)}
		if cfg.BaseURL != "" {
			opts = append(opts, anthropic.WithBaseURL(cfg.BaseURL))
		}
		m, err = anthropic.New(opts...)
	default:
		return nil, fmt.Errorf("llm: config: unknown provider %q (want openai, ollama or anthropic)", cfg.Provider)
	}
	if err != nil {
		return nil, fmt.Errorf("llm: creating %s client: %w", cfg.Provider, err)
	}
	c := NewWithModel(m, timeout, prompts)
	if c.tmplErr != nil {
		return nil, c.tmplErr
	}
	c.callOpts = extra
	return c, nil
}

// NewWithModel wraps any llms.Model, for tests and custom providers. A timeout of zero or
// less means DefaultTimeout. If the templates in prompts do not parse, every call returns
// that error.
func NewWithModel(m llms.Model, timeout time.Duration, prompts fs.FS) *Client {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	c := &Client{model: m, timeout: timeout}
	if m == nil {
		c.tmplErr = errors.New("llm: no model")
		return c
	}
	if prompts == nil {
		c.tmplErr = errors.New("llm: no prompts")
		return c
	}
	t, err := template.New("prompts").Option("missingkey=error").ParseFS(prompts, "classify.tmpl", "answer.tmpl")
	if err != nil {
		c.tmplErr = fmt.Errorf("llm: parsing prompt templates: %w", err)
		return c
	}
	c.tmpl = t
	return c
}

// Classify asks the model what text is about. It returns an Assessment with Source
// "model" and Matched true, or an error when the call fails, times out (the error then
// wraps context.DeadlineExceeded) or the reply is not a valid label. The model is called
// with temperature 0 and JSON mode.
func (c *Client) Classify(ctx context.Context, text, lang string) (safety.Assessment, error) {
	if c.tmplErr != nil {
		return safety.Assessment{}, c.tmplErr
	}
	prompt, err := c.render("classify.tmpl", struct {
		Intents    []string
		Lang, Text string
	}{content.Intents, cleanLang(lang), fence(clip(text, maxTextRunes))})
	if err != nil {
		return safety.Assessment{}, fmt.Errorf("llm: classify: %w", err)
	}
	out, err := c.generate(ctx, prompt, llms.WithTemperature(0), llms.WithJSONMode(),
		llms.WithMaxTokens(classifyMaxToken))
	if err != nil {
		return safety.Assessment{}, fmt.Errorf("llm: classify: %w", err)
	}
	a, err := parseAssessment(out)
	if err != nil {
		return safety.Assessment{}, fmt.Errorf("llm: classify: %w", err)
	}
	a.Lang = lang
	return a, nil
}

// Passage is a piece of a vetted article the model may answer from.
type Passage struct {
	Title, Text string
}

// ErrNoPassages is returned by Answer when it has nothing to answer from.
var ErrNoPassages = errors.New("llm: answer: no passages")

// Answer asks the model to answer question from passages only, in the person's language,
// and checks the reply with Guard. At most six passages are used, blank ones skipped; the
// call uses temperature 0.2 and no JSON mode. On any error (including a guard rejection, which wraps
// ErrGuard) the caller should send the article text instead.
func (c *Client) Answer(ctx context.Context, question, lang string, passages []Passage, allowed Allowed) (string, error) {
	if c.tmplErr != nil {
		return "", c.tmplErr
	}
	var ps []Passage
	for _, p := range passages {
		if strings.TrimSpace(p.Text) == "" {
			continue
		}
		if len(ps) == maxPassages {
			break
		}
		ps = append(ps, Passage{Title: fence(clip(oneLine(p.Title), 200)), Text: fence(clip(p.Text, maxPassageRunes))})
	}
	if len(ps) == 0 {
		return "", ErrNoPassages
	}
	prompt, err := c.render("answer.tmpl", struct {
		Lang, Question string
		Passages       []Passage
	}{cleanLang(lang), fence(clip(question, maxTextRunes)), ps})
	if err != nil {
		return "", fmt.Errorf("llm: answer: %w", err)
	}
	out, err := c.generate(ctx, prompt, llms.WithTemperature(answerTemp), llms.WithMaxTokens(answerMaxToken))
	if err != nil {
		return "", fmt.Errorf("llm: answer: %w", err)
	}
	out = strings.TrimSpace(out)
	if err := Guard(out, allowed); err != nil {
		return "", fmt.Errorf("llm: answer: %w", err)
	}
	return out, nil
}

func (c *Client) render(name string, data any) (string, error) {
	var b strings.Builder
	if err := c.tmpl.ExecuteTemplate(&b, name, data); err != nil {
		return "", fmt.Errorf("rendering %s: %w", name, err)
	}
	return b.String(), nil
}

// generate makes one model call bounded by c.timeout. It returns when the deadline passes
// even if the model ignores its context (the error then wraps ctx.Err()); such a model's
// goroutine lives on until the model returns, and its late reply is dropped.
func (c *Client) generate(ctx context.Context, prompt string, opts ...llms.CallOption) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	opts = append(opts, c.callOpts...)
	msgs := []llms.MessageContent{llms.TextParts(llms.ChatMessageTypeHuman, prompt)}

	type result struct {
		resp *llms.ContentResponse
		err  error
	}
	done := make(chan result, 1) // buffered: a late reply never blocks the goroutine
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- result{err: fmt.Errorf("model panicked: %v", r)}
			}
		}()
		resp, err := c.model.GenerateContent(ctx, msgs, opts...)
		done <- result{resp, err}
	}()

	var r result
	select {
	case r = <-done:
	case <-ctx.Done():
		return "", fmt.Errorf("model call: %w", ctx.Err())
	}
	if r.err != nil {
		// Some clients (openai) replace a context error with a plain string; say why.
		if cerr := ctx.Err(); cerr != nil {
			return "", fmt.Errorf("model call: %w (%w)", cerr, r.err)
		}
		return "", fmt.Errorf("model call: %w", r.err)
	}
	if r.resp == nil || len(r.resp.Choices) == 0 || r.resp.Choices[0] == nil {
		return "", errors.New("model call: empty response")
	}
	return r.resp.Choices[0].Content, nil
}

var (
	fenceRe  = regexp.MustCompile("(?s)^```[a-zA-Z]*\\s*(.*?)\\s*```$")
	langRe   = regexp.MustCompile(`^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$`)
	ltRunRe  = regexp.MustCompile(`<{3,}`)
	gtRunRe  = regexp.MustCompile(`>{3,}`)
	audience = map[string]bool{}
	intents  = map[safety.Intent]bool{}
)

func init() {
	for _, a := range content.Audiences {
		audience[a] = true
	}
	for _, i := range content.Intents {
		intents[safety.Intent(i)] = true
	}
}

// parseAssessment reads the first JSON object in a model's reply, tolerating a Markdown
// fence and text around it, and checks every field strictly. Its errors never quote the
// reply.
func parseAssessment(out string) (safety.Assessment, error) {
	s := strings.TrimSpace(out)
	if m := fenceRe.FindStringSubmatch(s); m != nil {
		s = m[1]
	}
	i := strings.IndexByte(s, '{')
	if i < 0 {
		return safety.Assessment{}, errors.New("reply holds no JSON object")
	}
	var raw map[string]json.RawMessage
	if err := json.NewDecoder(strings.NewReader(s[i:])).Decode(&raw); err != nil {
		return safety.Assessment{}, errors.New("reply's JSON object does not parse")
	}
	var intent, aud string
	var crisis bool
	if err := field(raw, "intent", &intent); err != nil {
		return safety.Assessment{}, err
	}
	if err := field(raw, "audience", &aud); err != nil {
		return safety.Assessment{}, err
	}
	if err := field(raw, "crisis", &crisis); err != nil {
		return safety.Assessment{}, err
	}
	in := safety.Intent(strings.ToLower(strings.TrimSpace(intent)))
	if !intents[in] {
		return safety.Assessment{}, errors.New(`"intent" is not a known intent`)
	}
	aud = strings.ToLower(strings.TrimSpace(aud))
	if !audience[aud] {
		return safety.Assessment{}, errors.New(`"audience" is not teen, parent, school or unknown`)
	}
	return safety.Assessment{Intent: in, Audience: aud, Crisis: crisis, Source: "model", Matched: true}, nil
}

// field decodes raw[name] into v (a *string or *bool), which must be present and of that
// JSON type.
func field(raw map[string]json.RawMessage, name string, v any) error {
	r, ok := raw[name]
	if !ok {
		return fmt.Errorf("reply lacks %q", name)
	}
	if err := json.Unmarshal(r, v); err != nil {
		return fmt.Errorf("reply's %q has the wrong type", name)
	}
	if string(r) == "null" {
		return fmt.Errorf("reply's %q is null", name)
	}
	return nil
}

// clip cuts s to at most n runes.
func clip(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

// fence keeps untrusted text from closing the <<< >>> delimiters the templates put around
// it: runs of three or more angle brackets become two.
func fence(s string) string {
	s = ltRunRe.ReplaceAllString(s, "<<")
	return gtRunRe.ReplaceAllString(s, ">>")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// cleanLang passes a language tag through only if it looks like one ("en", "pt-BR").
func cleanLang(lang string) string {
	if langRe.MatchString(lang) {
		return lang
	}
	return "unknown"
}
