package telegramtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

const (
	maxBody       = 64 << 20 // 64 MiB: uploads to the cloud API are capped at 50 MB
	maxFieldBytes = 1 << 20
)

type fileInfo struct {
	name string
	size int
	data []byte // the first maxFileKeep bytes
}

// maxFileKeep is how much of an uploaded file a call keeps, so tests can read it back.
const maxFileKeep = 8 << 20

// parseParams reads the query string and the body. Values that are JSON
// objects/arrays/numbers in a JSON body become their JSON text; JSON strings
// become the string, so form and JSON clients look the same.
func parseParams(r *http.Request) (map[string]string, map[string]fileInfo, *apiError) {
	p := map[string]string{}
	for k, v := range r.URL.Query() {
		if len(v) > 0 {
			p[k] = v[0]
		}
	}
	if r.Body == nil {
		return p, nil, nil
	}
	body := io.LimitReader(r.Body, maxBody)
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return p, nil, nil
	}
	mediaType, mparams, err := mime.ParseMediaType(ct)
	if err != nil {
		return p, nil, badRequest("invalid Content-Type: %v", err)
	}
	switch mediaType {
	case "multipart/form-data":
		return parseMultipart(p, body, mparams["boundary"])
	case "application/x-www-form-urlencoded":
		raw, err := io.ReadAll(body)
		if err != nil {
			return p, nil, badRequest("can't read request body: %v", err)
		}
		q, err := url.ParseQuery(string(raw))
		if err != nil {
			return p, nil, badRequest("can't parse form body: %v", err)
		}
		for k, v := range q {
			if len(v) > 0 {
				p[k] = v[0]
			}
		}
		return p, nil, nil
	case "application/json":
		raw, err := io.ReadAll(body)
		if err != nil {
			return p, nil, badRequest("can't read request body: %v", err)
		}
		if len(bytes.TrimSpace(raw)) == 0 {
			return p, nil, nil
		}
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(raw, &obj); err != nil {
			return p, nil, badRequest("can't parse JSON request body: %v", err)
		}
		for k, v := range obj {
			s, ok := jsonValueString(v)
			if ok {
				p[k] = s
			}
		}
		return p, nil, nil
	default:
		// Telegram ignores bodies it does not understand; so do we.
		_, _ = io.Copy(io.Discard, body)
		return p, nil, nil
	}
}

// jsonValueString turns a JSON value into the string a form field would
// carry. null is "absent".
func jsonValueString(v json.RawMessage) (string, bool) {
	v = bytes.TrimSpace(v)
	if len(v) == 0 || string(v) == "null" {
		return "", false
	}
	if v[0] == '"' {
		var s string
		if err := json.Unmarshal(v, &s); err == nil {
			return s, true
		}
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, v); err != nil {
		return string(v), true
	}
	return buf.String(), true
}

func parseMultipart(p map[string]string, body io.Reader, boundary string) (map[string]string, map[string]fileInfo, *apiError) {
	if boundary == "" {
		return p, nil, badRequest("multipart body without boundary")
	}
	mr := multipart.NewReader(body, boundary)
	var files map[string]fileInfo
	for {
		part, err := mr.NextPart()
		if err != nil {
			if errors.Is(err, io.EOF) {
				// The end, or an empty body: go-telegram/bot sends an empty
				// body with a multipart content type for calls without
				// parameters ("multipart: NextPart: EOF").
				return p, files, nil
			}
			return p, files, badRequest("can't parse multipart body: %v", err)
		}
		name := part.FormName()
		if name == "" {
			_ = part.Close()
			continue
		}
		if part.FileName() != "" {
			var buf bytes.Buffer
			n, err := io.Copy(&buf, io.LimitReader(part, maxFileKeep))
			if err == nil {
				var rest int64
				rest, err = io.Copy(io.Discard, part)
				n += rest
			}
			_ = part.Close()
			if err != nil {
				return p, files, badRequest("can't read file part %q: %v", name, err)
			}
			if files == nil {
				files = map[string]fileInfo{}
			}
			files[name] = fileInfo{name: part.FileName(), size: int(n), data: buf.Bytes()}
			continue
		}
		raw, err := io.ReadAll(io.LimitReader(part, maxFieldBytes+1))
		_ = part.Close()
		if err != nil {
			return p, files, badRequest("can't read field %q: %v", name, err)
		}
		if len(raw) > maxFieldBytes {
			return p, files, badRequest("field %q is too long", name)
		}
		p[name] = string(raw)
	}
}

// params gives typed access to request parameters.
type params struct {
	m     map[string]string
	files map[string]fileInfo
}

func (p params) str(k string) string { return p.m[k] }

func (p params) has(k string) bool {
	_, ok := p.m[k]
	return ok
}

// boolean follows the Bot API server: "true" or "1" is true.
func (p params) boolean(k string) bool {
	v := strings.ToLower(strings.TrimSpace(p.m[k]))
	return v == "true" || v == "1"
}

// int64 parses an integer parameter; present reports whether it was sent.
func (p params) int64(k string) (v int64, present bool, e *apiError) {
	s, ok := p.m[k]
	if !ok || strings.TrimSpace(s) == "" {
		return 0, false, nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil {
		return 0, true, badRequest("wrong parameter %s: integer expected", k)
	}
	return n, true, nil
}

// chatID reads chat_id. Usernames (@channel) are not known to the fake.
func (p params) chatID() (int64, *apiError) {
	s := strings.TrimSpace(p.m["chat_id"])
	if s == "" || s == "null" {
		return 0, badRequest("chat_id is empty")
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n == 0 {
		return 0, badRequest("chat not found")
	}
	return n, nil
}

// messageID reads a required message_id.
func (p params) messageID() (int, *apiError) {
	v, present, e := p.int64("message_id")
	if e != nil {
		return 0, e
	}
	if !present || v <= 0 || v > 1<<31-1 {
		return 0, badRequest("message identifier is not specified")
	}
	return int(v), nil
}

// chatIDOf returns the numeric chat_id of a request, if any (for
// BlockChat and rate limits).
func chatIDOf(p map[string]string) (int64, bool) {
	n, err := strconv.ParseInt(strings.TrimSpace(p["chat_id"]), 10, 64)
	return n, err == nil && n != 0
}
