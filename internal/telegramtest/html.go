package telegramtest

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// HTML parse mode, https://core.telegram.org/bots/api#html-style.
//
// ParseHTML checks text the way the Bot API documents it and returns the
// plain text plus the entities it describes (offsets in UTF-16 units):
//   - only these tags: b strong i em u ins s strike del
//     span class="tg-spoiler", tg-spoiler, a href, code (class="language-x"
//     inside pre), pre, blockquote (expandable), tg-emoji emoji-id;
//   - every tag closed, in the right order;
//   - '<', '>' and '&' outside a tag must be written as entities; the named
//     entities are &lt; &gt; &amp; &quot; and all numeric ones are allowed.
//
// The error text is what follows "Bad Request: can't parse entities: ".
func ParseHTML(s string) (text string, entities []MessageEntity, err error) {
	if !utf8.ValidString(s) {
		return "", nil, fmt.Errorf("strings must be encoded in UTF-8")
	}
	type open struct {
		name     string
		start    int // UTF-16 offset in the output
		attrs    map[string]string
		language string // set on pre by a nested code class
	}
	var (
		out   strings.Builder
		pos   int // UTF-16 length of out
		stack []*open
	)
	emit := func(r rune) {
		out.WriteRune(r)
		pos += utf16Len(r)
	}
	i := 0
	for i < len(s) {
		c := s[i]
		switch c {
		case '<':
			if i+1 < len(s) && s[i+1] == '/' {
				name, end, ok := scanEndTag(s, i)
				if !ok {
					return "", nil, fmt.Errorf("Can't find end of tag at byte offset %d", i)
				}
				if len(stack) == 0 {
					return "", nil, fmt.Errorf("Unexpected end tag at byte offset %d", i)
				}
				top := stack[len(stack)-1]
				if top.name != name {
					return "", nil, fmt.Errorf("Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", i, top.name, name)
				}
				stack = stack[:len(stack)-1]
				length := pos - top.start
				switch {
				case top.name == "code" && len(stack) > 0 && stack[len(stack)-1].name == "pre" && strings.HasPrefix(top.attrs["class"], "language-"):
					stack[len(stack)-1].language = strings.TrimPrefix(top.attrs["class"], "language-")
				case length > 0:
					if e, ok := entityFor(top.name, top.attrs, top.language); ok {
						e.Offset, e.Length = top.start, length
						entities = append(entities, e)
					}
				}
				i = end
				continue
			}
			name, attrs, end, err := scanStartTag(s, i)
			if err != nil {
				return "", nil, err
			}
			if err := checkTag(name, attrs, i); err != nil {
				return "", nil, err
			}
			stack = append(stack, &open{name: name, start: pos, attrs: attrs})
			i = end
		case '>':
			return "", nil, fmt.Errorf("Character '>' at byte offset %d must be escaped as \"&gt;\"", i)
		case '&':
			r, end, ok := scanEntity(s, i)
			if !ok {
				return "", nil, fmt.Errorf("Character '&' at byte offset %d must be escaped as \"&amp;\"", i)
			}
			emit(r)
			i = end
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			emit(r)
			i += size
		}
	}
	if len(stack) > 0 {
		return "", nil, fmt.Errorf("Can't find end tag corresponding to start tag \"%s\"", stack[len(stack)-1].name)
	}
	sort.SliceStable(entities, func(a, b int) bool {
		if entities[a].Offset != entities[b].Offset {
			return entities[a].Offset < entities[b].Offset
		}
		return entities[a].Length > entities[b].Length
	})
	return out.String(), entities, nil
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// scanEndTag reads "</name >" at s[i:].
func scanEndTag(s string, i int) (name string, end int, ok bool) {
	j := i + 2
	k := j
	for k < len(s) && isNameByte(s[k]) {
		k++
	}
	name = strings.ToLower(s[j:k])
	for k < len(s) && isSpace(s[k]) {
		k++
	}
	if k >= len(s) || s[k] != '>' || name == "" {
		return "", 0, false
	}
	return name, k + 1, true
}

// scanStartTag reads "<name attr="v" attr2 attr3=v>" at s[i:].
func scanStartTag(s string, i int) (name string, attrs map[string]string, end int, err error) {
	j := i + 1
	k := j
	for k < len(s) && isNameByte(s[k]) {
		k++
	}
	name = strings.ToLower(s[j:k])
	if name == "" {
		return "", nil, 0, fmt.Errorf("Character '<' at byte offset %d must be escaped as \"&lt;\"", i)
	}
	attrs = map[string]string{}
	for {
		for k < len(s) && isSpace(s[k]) {
			k++
		}
		if k >= len(s) {
			return "", nil, 0, fmt.Errorf("Unclosed start tag at byte offset %d", i)
		}
		if s[k] == '>' {
			return name, attrs, k + 1, nil
		}
		if s[k] == '/' {
			return "", nil, 0, fmt.Errorf("Unsupported self-closing tag \"%s\" at byte offset %d", name, i)
		}
		a := k
		for k < len(s) && isNameByte(s[k]) {
			k++
		}
		if a == k {
			return "", nil, 0, fmt.Errorf("Expected an attribute name at byte offset %d", k)
		}
		attr := strings.ToLower(s[a:k])
		for k < len(s) && isSpace(s[k]) {
			k++
		}
		if k >= len(s) || s[k] != '=' {
			attrs[attr] = ""
			continue
		}
		k++
		for k < len(s) && isSpace(s[k]) {
			k++
		}
		if k >= len(s) {
			return "", nil, 0, fmt.Errorf("Unclosed start tag at byte offset %d", i)
		}
		var raw string
		if q := s[k]; q == '"' || q == '\'' {
			e := strings.IndexByte(s[k+1:], q)
			if e < 0 {
				return "", nil, 0, fmt.Errorf("Unclosed start tag at byte offset %d", i)
			}
			raw = s[k+1 : k+1+e]
			k = k + 1 + e + 1
		} else {
			v := k
			for k < len(s) && !isSpace(s[k]) && s[k] != '>' {
				k++
			}
			raw = s[v:k]
		}
		attrs[attr] = decodeAttr(raw)
	}
}

// decodeAttr decodes the entities allowed in text; anything else is kept.
func decodeAttr(raw string) string {
	if !strings.Contains(raw, "&") {
		return raw
	}
	var b strings.Builder
	for i := 0; i < len(raw); {
		if raw[i] == '&' {
			if r, end, ok := scanEntity(raw, i); ok {
				b.WriteRune(r)
				i = end
				continue
			}
		}
		b.WriteByte(raw[i])
		i++
	}
	return b.String()
}

// scanEntity reads one of &lt; &gt; &amp; &quot; &#N; &#xH; at s[i:].
func scanEntity(s string, i int) (r rune, end int, ok bool) {
	semi := strings.IndexByte(s[i:min(len(s), i+13)], ';')
	if semi < 0 {
		return 0, 0, false
	}
	body := s[i+1 : i+semi]
	end = i + semi + 1
	switch body {
	case "lt":
		return '<', end, true
	case "gt":
		return '>', end, true
	case "amp":
		return '&', end, true
	case "quot":
		return '"', end, true
	}
	if len(body) < 2 || body[0] != '#' {
		return 0, 0, false
	}
	digits, base := body[1:], 10
	if digits[0] == 'x' || digits[0] == 'X' {
		digits, base = digits[1:], 16
	}
	if digits == "" || digits[0] == '+' || digits[0] == '-' {
		return 0, 0, false
	}
	n, err := strconv.ParseUint(digits, base, 32)
	if err != nil || n == 0 || n > utf8.MaxRune || (n >= 0xD800 && n <= 0xDFFF) {
		return 0, 0, false
	}
	return rune(n), end, true
}

func checkTag(name string, attrs map[string]string, at int) error {
	switch name {
	case "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "tg-spoiler", "a", "code", "pre", "blockquote":
		return nil
	case "span":
		if attrs["class"] != "tg-spoiler" {
			return fmt.Errorf("Tag \"span\" must have class \"tg-spoiler\" at byte offset %d", at)
		}
		return nil
	case "tg-emoji":
		id := attrs["emoji-id"]
		if id == "" {
			return fmt.Errorf("Tag \"tg-emoji\" must have attribute \"emoji-id\" at byte offset %d", at)
		}
		if _, err := strconv.ParseInt(id, 10, 64); err != nil {
			return fmt.Errorf("Invalid custom emoji identifier specified at byte offset %d", at)
		}
		return nil
	}
	return fmt.Errorf("Unsupported start tag \"%s\" at byte offset %d", name, at)
}

func entityFor(name string, attrs map[string]string, language string) (MessageEntity, bool) {
	switch name {
	case "b", "strong":
		return MessageEntity{Type: "bold"}, true
	case "i", "em":
		return MessageEntity{Type: "italic"}, true
	case "u", "ins":
		return MessageEntity{Type: "underline"}, true
	case "s", "strike", "del":
		return MessageEntity{Type: "strikethrough"}, true
	case "span", "tg-spoiler":
		return MessageEntity{Type: "spoiler"}, true
	case "a":
		href, ok := attrs["href"]
		if !ok || href == "" {
			return MessageEntity{}, false
		}
		return MessageEntity{Type: "text_link", URL: href}, true
	case "code":
		return MessageEntity{Type: "code"}, true
	case "pre":
		return MessageEntity{Type: "pre", Language: language}, true
	case "blockquote":
		if _, ok := attrs["expandable"]; ok {
			return MessageEntity{Type: "expandable_blockquote"}, true
		}
		return MessageEntity{Type: "blockquote"}, true
	case "tg-emoji":
		return MessageEntity{Type: "custom_emoji", CustomEmojiID: attrs["emoji-id"]}, true
	}
	return MessageEntity{}, false
}

func utf16Len(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// UTF16Len is the length of s in UTF-16 code units, the unit Telegram uses
// for text limits and entity offsets.
func UTF16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16Len(r)
	}
	return n
}
