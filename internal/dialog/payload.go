package dialog

import (
	"errors"
	"regexp"
	"strings"
)

// Payload is what a /start deep link carries (t.me/<bot>?start=PAYLOAD), so that a school's
// link lands a student in the right place. Every part is optional.
type Payload struct {
	Audience string // teen, parent or school
	Region   string // ISO 3166-1 alpha-2
	Lang     string // a language code
	School   string // a school code
}

// The payload is "<audience>-<REGION>-<lang>-<school>", each part optional from the right,
// "x" for a part left out: "t-GB-en-k3J9xQ2a", "p-US", "x-x-es".
var (
	payloadRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`) // Telegram's rule for start parameters
	langRe    = regexp.MustCompile(`^[a-z]{2,3}$`)
	schoolRe  = regexp.MustCompile(`^[A-Za-z0-9_]{4,40}$`)
)

var audienceCodes = map[string]string{"t": "teen", "p": "parent", "s": "school"}

// ErrPayload is returned for a deep-link payload that does not follow the format.
var ErrPayload = errors.New("malformed start payload")

// ParsePayload reads a deep-link payload. A payload that breaks the format is rejected as a
// whole: half-understood links must not put a person in the wrong place.
func ParsePayload(s string) (Payload, error) {
	var p Payload
	if !payloadRe.MatchString(s) {
		return p, ErrPayload
	}
	parts := strings.Split(s, "-")
	if len(parts) > 4 {
		return p, ErrPayload
	}
	for i, part := range parts {
		if part == "x" {
			continue
		}
		switch i {
		case 0:
			a, ok := audienceCodes[part]
			if !ok {
				return Payload{}, ErrPayload
			}
			p.Audience = a
		case 1:
			if !IsRegion(part) {
				return Payload{}, ErrPayload
			}
			p.Region = part
		case 2:
			if !langRe.MatchString(part) {
				return Payload{}, ErrPayload
			}
			p.Lang = part
		case 3:
			if !schoolRe.MatchString(part) {
				return Payload{}, ErrPayload
			}
			p.School = part
		}
	}
	return p, nil
}

// String writes the payload in the format ParsePayload reads.
func (p Payload) String() string {
	parts := []string{"x", "x", "x", "x"}
	for code, a := range audienceCodes {
		if a == p.Audience {
			parts[0] = code
		}
	}
	if p.Region != "" {
		parts[1] = p.Region
	}
	if p.Lang != "" {
		parts[2] = p.Lang
	}
	if p.School != "" {
		parts[3] = p.School
	}
	n := len(parts)
	for n > 1 && parts[n-1] == "x" {
		n--
	}
	return strings.Join(parts[:n], "-")
}
