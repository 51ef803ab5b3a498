package hotline

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Number is one dialable number taken from a contact's phone field.
type Number struct {
	// Number is the digit form to show and dial, exactly as written in the file
	// ("0800 1111", "+852 2389 2222", "119 ext 8", "(55) 5259 8121").
	Number string
	// Label is the text that came with it: a role ("police"), a vanity form
	// ("1-800-4-A-CHILD"), a caveat ("per 2017 source"); empty when there was none.
	Label string
}

// Limits on the digits of one number (extension digits not counted). Two-digit
// service numbers exist (France 15/17/18, Pakistan 15) but only next to a longer one.
const (
	minDigits     = 2
	minLoneDigits = 3
	maxDigits     = 15 // E.164
	maxPhoneLen   = 300
)

// ParseNumbers splits a phone field written in the convention of the reference list
// into its numbers: several numbers are separated by ";" (or " / " for alternatives of
// the same line), and bracketed text is a label, e.g.
//
//	"113 (police); 115 (ambulance)"        -> 113 "police", 115 "ambulance"
//	"14416 / 1-800-891-4416"               -> 14416, 1-800-891-4416
//	"0508 NETSAFE (0508 638 723)"          -> 0508 638 723 "0508 NETSAFE"
//	"1-800-422-4453 (1-800-4-A-CHILD)"     -> 1-800-422-4453 "1-800-4-A-CHILD"
//	"119 ext 8 (per 2017 source)"          -> 119 ext 8 "per 2017 source"
//	"116 111 (also 0800 111 0 333)"        -> 116 111, 0800 111 0 333
//	"(55) 5259 8121"                       -> (55) 5259 8121
//	"WhatsApp/Telegram (61) 99611-0100"    -> WhatsApp/Telegram (61) 99611-0100
//
// A leading bracketed area code (one before any digit of the number, after words or not)
// stays part of the number. A part with no digit outside
// brackets (such as "other numbers circulate (1799, 1991) – verify") is a remark, not a
// number, and is left out: numbers that a source only mentions in passing are never
// offered for dialling. Every returned Number holds at least one digit. ParseNumbers
// never fails; use LooksLikePhone to validate a field.
func ParseNumbers(s string) []Number {
	var out []Number
	for _, raw := range splitTop(s, ';') {
		p := splitPart(raw)
		if !hasDigit(p.main) {
			continue // a remark
		}
		main := p.main
		labels := p.brackets
		if hasLetter(main) && isVanity(main) {
			if i := digitFormIndex(labels); i >= 0 {
				rest := make([]string, 0, len(labels))
				rest = append(rest, main)
				rest = append(rest, labels[:i]...)
				rest = append(rest, labels[i+1:]...)
				main, labels = labels[i], rest
			}
		}
		var also []string // "116 111 (also 0800 111 0 333)": a second number of the same line
		kept := labels[:0:0]
		for _, l := range labels {
			if rest, ok := strings.CutPrefix(strings.TrimSpace(l), "also "); ok {
				if n, isNum := digitForm(rest); isNum && n >= minLoneDigits {
					also = append(also, strings.TrimSpace(rest))
					continue
				}
			}
			kept = append(kept, l)
		}
		label := strings.Join(nonEmpty(kept), "; ")
		for _, alt := range splitAlternatives(main, true) {
			if hasDigit(alt) {
				out = append(out, Number{Number: alt, Label: label})
			}
		}
		for _, n := range also {
			out = append(out, Number{Number: n})
		}
	}
	return out
}

// Labels returns the distinct labels of a phone or SMS field's numbers, in the field's
// order: the texts a reply shows beside a number, in the person's language through the
// locale's contact.role keys.
func Labels(field string) []string {
	var out []string
	for _, n := range ParseNumbers(field) {
		if n.Label != "" && !slices.Contains(out, n.Label) {
			out = append(out, n.Label)
		}
	}
	return out
}

// LooksLikePhone reports whether a whole phone field is well formed: every part
// separated by ";" is a number (digits, spaces and + - . / with an optional leading
// bracketed area code and an optional "ext N"), optionally followed by a bracketed label.
// Rules:
//   - each number has 2 to 15 digits, and the field holds at least one number of 3 or
//     more digits (so "12" alone fails, while "112; 17; 15; 18" passes);
//   - "+" only leads a number;
//   - letters are allowed only in a vanity form (capitals, such as "1-800-CALL-FBI")
//     written next to its digit form in brackets, or as a bracketed vanity label after
//     the digit form; either way the letters must spell the digits on a phone keypad;
//   - a part whose digits are all inside brackets is a remark ("other numbers circulate
//     (1799, 1991) – verify"); it is allowed only after a number, and a part with no
//     digit at all ("call us") is not;
//   - brackets must balance.
//
// The empty string is not a phone number.
func LooksLikePhone(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > maxPhoneLen || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return false
		}
	}
	seenNumber, seenLong := false, false
	for _, raw := range splitTop(s, ';') {
		if strings.TrimSpace(raw) == "" {
			return false
		}
		p := splitPart(raw)
		if !p.balanced {
			return false
		}
		if !hasDigit(p.main) {
			if !seenNumber || !hasDigit(strings.Join(p.brackets, " ")) || hasDigitFormLabel(p.brackets) {
				return false
			}
			continue
		}
		if hasLetter(p.raw) && !isExtension(p.raw) {
			// A vanity number: its digit form must be in brackets and agree with it.
			if !isVanity(p.raw) {
				return false
			}
			i := digitFormIndex(p.brackets)
			if i < 0 || !keypadAgrees(p.raw, p.brackets[i]) {
				return false
			}
			n, ok := digitForm(p.brackets[i])
			if !ok || n < minLoneDigits || n > maxDigits {
				return false
			}
			seenNumber, seenLong = true, true
			continue
		}
		alts := splitAlternatives(p.raw, false)
		for _, alt := range alts {
			n, ok := digitForm(alt)
			if !ok || n < minDigits || n > maxDigits {
				return false
			}
			if n >= minLoneDigits {
				seenLong = true
			}
		}
		for _, b := range p.brackets {
			if isVanity(b) && (len(alts) != 1 || !keypadAgrees(b, alts[0])) {
				return false
			}
		}
		seenNumber = true
	}
	return seenNumber && seenLong
}

// part is one ";"-separated piece of a phone field.
type part struct {
	main     string   // text outside brackets (a leading area code bracket included), cleaned
	raw      string   // the same, with only its spaces normalised
	brackets []string // bracketed texts, in order, without the brackets
	balanced bool
}

// splitTop splits s on sep where sep is not inside brackets.
func splitTop(s string, sep rune) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range s {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case r == sep && depth == 0:
			out = append(out, s[start:i])
			start = i + utf8.RuneLen(r)
		}
	}
	return append(out, s[start:])
}

// splitPart separates a part's number text from its bracketed labels.
func splitPart(s string) part {
	s = strings.TrimSpace(s)
	p := part{balanced: true}
	var main, cur strings.Builder
	depth := 0
	for i, r := range s {
		switch {
		case r == '(':
			if depth > 0 {
				cur.WriteRune(r)
			}
			depth++
		case r == ')':
			if depth == 0 {
				p.balanced = false
				continue
			}
			depth--
			if depth > 0 {
				cur.WriteRune(r)
				continue
			}
			text := cur.String()
			cur.Reset()
			rest := strings.TrimLeft(s[i+1:], " ")
			// A leading area code: no digit of the number came before it (an SMS field may
			// name the app first, "WhatsApp/Telegram (61) 99611-0100").
			if !hasDigit(main.String()) && isAreaCode(text) && rest != "" && isDigit(firstRune(rest)) {
				main.WriteString("(" + text + ") ")
				continue
			}
			p.brackets = append(p.brackets, strings.TrimSpace(text))
		case depth > 0:
			cur.WriteRune(r)
		default:
			main.WriteRune(r)
		}
	}
	if depth > 0 {
		p.balanced = false
		p.brackets = append(p.brackets, strings.TrimSpace(cur.String()))
	}
	p.raw = strings.Join(strings.Fields(main.String()), " ")
	p.main = cleanNumber(p.raw)
	return p
}

// cleanNumber trims spaces and the dashes or commas left when a label was cut out.
func cleanNumber(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.Trim(s, " ,–—-")
}

// splitAlternatives splits "14416 / 1-800-891-4416" and "118/119" into their numbers.
// A bare "/" splits only between short codes (so "030/1234567" stays one number).
// With clean, stray dashes and commas at the ends of each number are trimmed too.
func splitAlternatives(s string, clean bool) []string {
	var out []string
	for _, a := range strings.Split(s, " / ") {
		a = strings.TrimSpace(a)
		if clean {
			a = cleanNumber(a)
		}
		pieces := strings.Split(a, "/")
		short := len(pieces) > 1
		for _, p := range pieces {
			if !isShortCode(p) {
				short = false
			}
		}
		if short {
			out = append(out, pieces...)
		} else if a != "" {
			out = append(out, a)
		}
	}
	return out
}

// digitForm checks one number written with digits and reports its digit count
// (an "ext N" suffix not counted).
func digitForm(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if i := extIndex(s); i >= 0 {
		ext := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s[i+4:]), "."))
		if ext == "" || countDigits(ext) != len(ext) {
			return 0, false
		}
		s = strings.TrimSpace(s[:i])
	}
	if s == "" {
		return 0, false
	}
	if strings.HasPrefix(s, "(") {
		end := strings.IndexByte(s, ')')
		if end < 0 || !isAreaCode(s[1:end]) {
			return 0, false
		}
		n, ok := digitForm(s[end+1:])
		if !ok || strings.HasPrefix(strings.TrimSpace(s[end+1:]), "+") {
			return 0, false
		}
		return countDigits(s[1:end]) + n, true
	}
	for i, r := range s {
		switch {
		case isDigit(r):
		case r == '+' && i == 0:
		case r == ' ' || r == '-' || r == '.' || r == '/':
		default:
			return 0, false
		}
	}
	if !isDigit(lastRune(s)) || !(isDigit(firstRune(s)) || firstRune(s) == '+') {
		return 0, false
	}
	return countDigits(s), true
}

// isExtension reports whether the only letters in s are an "ext" marker.
func isExtension(s string) bool {
	i := extIndex(s)
	if i < 0 {
		return false
	}
	return !hasLetter(s[:i]) && !hasLetter(s[i+4:])
}

// extIndex finds " ext" followed by a space, a dot or a digit.
func extIndex(s string) int {
	i := strings.Index(s, " ext")
	if i < 0 || i+4 >= len(s) {
		return -1
	}
	switch c := s[i+4]; {
	case c == ' ' || c == '.' || (c >= '0' && c <= '9'):
		return i
	}
	return -1
}

// isVanity reports whether s is a number spelled partly in capitals ("0508 NETSAFE").
func isVanity(s string) bool {
	if !hasDigit(s) || !hasLetter(s) {
		return false
	}
	for i, r := range s {
		switch {
		case isDigit(r), r >= 'A' && r <= 'Z':
		case r == ' ' || r == '-' || r == '.':
		case r == '+' && i == 0:
		default:
			return false
		}
	}
	return true
}

// digitFormIndex returns the index of the first label that is a plain digit number.
func digitFormIndex(labels []string) int {
	for i, l := range labels {
		if n, ok := digitForm(l); ok && n >= minLoneDigits {
			return i
		}
	}
	return -1
}

// hasDigitFormLabel reports whether any label is a plain digit number.
func hasDigitFormLabel(labels []string) bool { return digitFormIndex(labels) >= 0 }

// keypadAgrees reports whether the vanity form spells the digit form on a phone keypad.
// The vanity may run up to two letters past the digits ("0508 NETSAFE" = 0508 638 723).
func keypadAgrees(vanity, digits string) bool {
	var k strings.Builder
	for _, r := range vanity {
		switch {
		case isDigit(r):
			k.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			k.WriteByte(keypad[r-'A'])
		}
	}
	want := onlyDigits(digits)
	got := k.String()
	return len(want) >= minLoneDigits && strings.HasPrefix(got, want) && len(got)-len(want) <= 2
}

// keypad maps A..Z to the digit of its key.
const keypad = "22233344455566677778889999"

func isAreaCode(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && len(s) <= 5 && countDigits(s) == len(s)
}

func isShortCode(s string) bool {
	return s != "" && len(s) <= 5 && countDigits(s) == len(s)
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func hasDigit(s string) bool { return strings.IndexFunc(s, isDigit) >= 0 }

func hasLetter(s string) bool { return strings.IndexFunc(s, unicode.IsLetter) >= 0 }

func countDigits(s string) int {
	n := 0
	for _, r := range s {
		if isDigit(r) {
			n++
		}
	}
	return n
}

func onlyDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if isDigit(r) {
			return r
		}
		return -1
	}, s)
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

func nonEmpty(ss []string) []string {
	out := ss[:0:0]
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
