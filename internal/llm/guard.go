package llm

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxAnswerRunes is the longest answer Guard lets through, in characters.
const MaxAnswerRunes = 1200

// ErrGuard is wrapped by every error Guard returns. The error names the rule that failed,
// never the text that failed it.
var ErrGuard = errors.New("answer rejected by guard")

// Allowed holds the links and phone numbers that appear in the bot's own content, the only
// ones an answer may contain. Keys may be written as in the content: Guard normalises them
// (URLs: lower case, without scheme, "www." or a trailing slash; phones: digits only).
type Allowed struct {
	URLs   map[string]bool // e.g. "https://takeitdown.ncmec.org", "help@example.org", "@somebot"
	Phones map[string]bool // e.g. "988", "+44 800 1111"
}

// NewAllowed builds an Allowed from lists of URLs (or e-mail addresses or @usernames) and
// phone numbers, normalising them. Empty entries are skipped.
func NewAllowed(urls, phones []string) Allowed {
	a := Allowed{URLs: map[string]bool{}, Phones: map[string]bool{}}
	for _, u := range urls {
		if n := normURL(u); n != "" {
			a.URLs[n] = true
		}
	}
	for _, p := range phones {
		if d := digits(p); d != "" {
			a.Phones[d] = true
		}
	}
	return a
}

// AllowedIn returns the links and phone numbers that Guard would find in texts: use it on
// the bot's vetted content (articles, locale strings) so that an answer may repeat what the
// content itself says, such as "Cybertip.ca". Add hotline numbers and URLs with NewAllowed
// and combine the two with Allowed.Add.
func AllowedIn(texts ...string) Allowed {
	a := Allowed{URLs: map[string]bool{}, Phones: map[string]bool{}}
	for _, t := range texts {
		f := strings.ToLower(fold(t))
		for _, l := range findLinks(f) {
			a.URLs[normURL(l)] = true
		}
		for _, d := range findPhones(f) {
			a.Phones[d] = true
		}
	}
	return a
}

// Add returns the union of a and b, in new maps.
func (a Allowed) Add(b Allowed) Allowed {
	out := Allowed{URLs: map[string]bool{}, Phones: map[string]bool{}}
	for _, x := range []Allowed{a, b} {
		for k, v := range x.URLs {
			if v {
				out.URLs[normURL(k)] = true
			}
		}
		for k, v := range x.Phones {
			if v {
				out.Phones[digits(k)] = true
			}
		}
	}
	return out
}

// Guard checks a model's answer before anyone sees it. It rejects, with an error wrapping
// ErrGuard:
//
//   - an empty answer, or one over MaxAnswerRunes characters;
//   - "<" or ">" anywhere (markup, role tags, or an attempt to break the HTML the bot sends);
//   - off-role text: talk of being an AI or language model, naming a model or its maker,
//     system prompts or instructions, persona switches ("DAN", "developer mode", "I am now
//     …", role-play), chat role markers ("System:", "[INST]");
//   - asking the person for images (send/show/share me a photo, pic, picture, image, nude,
//     selfie, screenshot, video; "can you send the picture?", "I need to see the photo");
//   - asking for personal details (your full name, address, school, phone number, location,
//     username or password; "where do you live?", "which school do you go to?");
//   - a link (http(s):// or another scheme, www., a bare domain such as example.com/path,
//     an e-mail address, an @username) that is not in allowed.URLs. A bare host is allowed
//     when an allowed URL is on that host; a path must be listed itself;
//   - a phone-number-like run of 7 or more digits (with spaces, dots, dashes or brackets
//     between them, in any script's digits) that is not in allowed.Phones, and a shorter
//     number of 3 to 6 digits just after call, text, dial, ring, sms, phone or whatsapp
//     that is not in allowed.Phones. ISO dates (2024-05-01) are not numbers.
//
// Matching is on a normalised copy (NFKC, format characters removed, lower case), so
// full-width letters or zero-width spaces do not slip past. The rules are in English; an
// answer in another language is still held to the link, number, length and markup rules.
func Guard(answer string, allowed Allowed) error {
	if strings.TrimSpace(answer) == "" {
		return guardErr("empty answer")
	}
	if utf8.RuneCountInString(answer) > MaxAnswerRunes {
		return guardErr("answer too long")
	}
	if !utf8.ValidString(answer) {
		return guardErr("invalid UTF-8")
	}
	folded := fold(answer)
	if strings.ContainsAny(folded, "<>") {
		return guardErr("markup")
	}
	lower := strings.ToLower(folded)
	if danRe.MatchString(folded) {
		return guardErr("off-role text")
	}
	for _, re := range offRole {
		if re.MatchString(lower) {
			return guardErr("off-role text")
		}
	}
	for _, r := range asksForImages {
		if r.matches(lower) {
			return guardErr("asks for images")
		}
	}
	for _, r := range asksForDetails {
		if r.matches(lower) {
			return guardErr("asks for personal details")
		}
	}
	if err := checkLinks(lower, allowed.URLs); err != nil {
		return err
	}
	return checkPhones(lower, allowed.Phones)
}

func guardErr(reason string) error { return fmt.Errorf("%w: %s", ErrGuard, reason) }

// fold normalises text for matching: NFKC (full-width and other compatibility forms to
// their plain form), format characters such as zero-width spaces and soft hyphens removed,
// curly quotes and apostrophes made straight.
func fold(s string) string {
	s = norm.NFKC.String(s)
	return strings.Map(func(r rune) rune {
		switch r {
		case '\u2018', '\u2019', '\u02bc', '\u2032':
			return '\''
		case '\u201c', '\u201d', '\u00ab', '\u00bb':
			return '"'
		}
		if unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
}

// ---------------------------------------------------------------- off-role

// danRe is case-sensitive: "DAN" (Do Anything Now) is the classic jailbreak persona, while
// "dan" is a word in several languages and a name.
var danRe = regexp.MustCompile(`\bDAN\b`)

var offRole = compileAll(
	// being an AI or a model
	`\bas\s+an?\s+(?:ai|a\.i\.|artificial\s+intelligence|(?:large\s+)?language\s+model|llm|chatbot|ai\s+(?:model|assistant|system)|virtual\s+assistant|machine)\b`,
	`\blanguage\s+models?\b`,
	`\bllms?\b`,
	`\bi(?:'m|\s+am)\s+(?:just\s+|only\s+|actually\s+|really\s+|simply\s+)?(?:an?\s+)?(?:ai|a\.i\.|artificial\s+intelligence|ai\s+(?:model|assistant|system)|(?:language\s+)?model|assistant|virtual\s+assistant)\b`,
	`\b(?:openai|chatgpt|gpt-?\d(?:\.\d)?o?|anthropic|claude|llama\s*-?\d|mistral|gemini|qwen|deepseek)\b`,
	// prompts and instructions
	`\bsystem\s+(?:prompt|message|instructions?|rules)\b`,
	`\b(?:my|previous|prior|earlier|original|initial|new|hidden|secret|system|above|developer|updated)\s+(?:instructions|directives|programming|guidelines)\b`,
	`\b(?:ignore|ignoring|ignored|disregard|disregarding|forget|forgetting|override|overriding|bypass|bypassing)\s+(?:all\s+|any\s+|of\s+)*(?:the\s+|my\s+|your\s+|these\s+|those\s+)?(?:previous\s+|prior\s+|above\s+|earlier\s+|original\s+|system\s+|safety\s+)?(?:instructions|rules|prompts?|guidelines|directions|programming|restrictions)\b`,
	`\bi\s*(?:was|have\s+been|'ve\s+been|am|'m)\s+(?:instructed|programmed|prompted|told\s+by\s+(?:my|the)\s+(?:developers?|creators?))\b`,
	// persona switches
	`\bdo\s+anything\s+now\b`,
	`\bjailbr(?:eak|oken)`,
	`\b(?:developer|god|dan|unrestricted|unfiltered|evil)\s+mode\b`,
	`\bi(?:\s+am|'m)\s+now\s+(?:an?\s|the\s|free\b|unrestricted|in\s+\w+\s+mode|your\s|called\s|named\s|going\s+to\s+(?:act|be|play|pretend))`,
	`\bfrom\s+now\s+on,?\s+i\b`,
	`\b(?:new|different|alternate|alternative|true|real)\s+(?:persona|personality|identity)\b`,
	`\b(?:switch|switching|switched|change|changing|changed)\s+(?:to\s+|into\s+)?(?:my\s+|a\s+|the\s+|another\s+|new\s+)?(?:persona|character|role|personality)\b`,
	`\b(?:i|i'll|i'm|let\s+me|let's|let\s+us|we\s+can|we'll)\s+(?:[\p{L}']+\s+){0,3}?pretend(?:ing)?\b`,
	`\b(?:i|i'll|i'm|let\s+me|let's|let\s+us|we\s+can|we'll)\s+(?:[\p{L}']+\s+){0,3}?role-?\s?play`,
	`\brole-?\s?play(?:ing)?\s+as\b`,
	`\b(?:stay|staying|stays|in|out\s+of|break|breaking)\s+character\b`,
	`\b(?:no|without\s+any|without)\s+(?:restrictions|filters|censorship)\b`,
	`\b(?:uncensored|unfiltered)\b`,
	// chat transcript markers
	`(?m)^\s*(?:system|assistant|user|human|ai|dan|developer)\s*:`,
	`\[/?(?:inst|system|sys)\]`,
	`#{2,}\s*(?:instruction|system|response)`,
)

// ---------------------------------------------------------------- requests

const (
	imgNoun = `(?:photo(?:graph)?|pic|picture|image|nude|naked\s+(?:photo|pic|picture)|selfie|screenshot|screen\s*shot|video|vid|snap|recording|sext)s?`
	detNoun = `(?:(?:full|real|first|last|family|legal|whole)\s+name|surname|name|(?:home|street|email|e-mail|house)\s+address|address|post\s*code|zip(?:\s+code)?|school'?s?\s+name|school|(?:phone|mobile|cell|telephone|whatsapp)\s+number|phone|mobile|number|location|date\s+of\s+birth|birthday|username|user\s+name|password|passcode|instagram|snapchat|tiktok)`
	det     = `(?:a|an|the|your|that|this|those|these|some|any|one|more|other)`
	word    = `[\p{L}'\-]+`
)

// requestRule is a pattern for a request. When thirdPartyOK is set, a match followed by
// "to X" or "with X", where X is not me or us, is advice rather than a request (for
// example "could you show the screenshots to a trusted adult").
type requestRule struct {
	re           *regexp.Regexp
	thirdPartyOK bool
}

var (
	toMeRe    = regexp.MustCompile(`^\s+(?:to|with)\s+(?:me|us)\b`)
	toOtherRe = regexp.MustCompile(`^\s+(?:to|with)\s+\S`)
)

func (r requestRule) matches(s string) bool {
	for _, loc := range r.re.FindAllStringIndex(s, -1) {
		if !r.thirdPartyOK {
			return true
		}
		tail := s[loc[1]:]
		if toMeRe.MatchString(tail) || !toOtherRe.MatchString(tail) {
			return true
		}
	}
	return false
}

func rules(thirdPartyOK bool, exprs ...string) []requestRule {
	var rs []requestRule
	for _, re := range compileAll(exprs...) {
		rs = append(rs, requestRule{re: re, thirdPartyOK: thirdPartyOK})
	}
	return rs
}

var asksForImages = append(rules(false,
	// send me the photo; show us your pics; share with me a picture
	`\b(?:send|show|share|give|forward|upload|attach|post|dm|text|email|e-mail|pass)(?:\s+(?:it|them|that|this|those|these))?(?:\s+over)?(?:\s+(?:to|with))?\s+(?:me|us)\b[^.!?\n]{0,40}?\b`+imgNoun+`\b`,
	// send it to me
	`\b(?:send|forward|upload|attach|dm|email|e-mail)\s+(?:it|them|that|this|those|these|one)(?:\s+over)?\s+(?:to|with)\s+(?:me|us)\b`,
	// send the photo to me / here / in this chat
	`\b(?:send|show|share|forward|upload|attach|post|dm|email|e-mail)\s+(?:`+det+`\s+)?(?:`+word+`\s+){0,2}?`+imgNoun+`\s+(?:(?:to|with)\s+(?:me|us|lantern|the\s+bot|this\s+bot|this\s+chat)|here|in\s+this\s+chat|in\s+here)\b`,
	// I need to see the photo; let me see the picture; can I see the pic
	`\b(?:i|we)\s*(?:'d|would|will|'ll)?\s*(?:need|want|like|have)\s+to\s+(?:see|look\s+at|check|have)\s+(?:`+word+`\s+){0,3}?`+imgNoun+`\b`,
	`\blet\s+(?:me|us)\s+(?:see|look\s+at|have\s+a\s+look\s+at|check)\b[^.?!\n]{0,30}?\b`+imgNoun+`\b`,
	`\b(?:can|could|may)\s+(?:i|we)\s+(?:see|have|get|look\s+at)\b[^.?!\n]{0,30}?\b`+imgNoun+`\b`,
	// I need your photo
	`\b(?:i|we)\s*(?:'d|would|will|'ll)?\s*(?:need|want|like)\s+`+det+`\s+(?:`+word+`\s+){0,2}?`+imgNoun+`\b`,
), rules(true,
	// can you send the picture? (but not "... to a trusted adult")
	`\b(?:can|could|would|will)\s+you\s+(?:please\s+|maybe\s+|just\s+)?(?:send|show|share|forward|upload|attach|post)\b[^.?!\n]{0,30}?\b`+imgNoun+`\b`,
	`\bplease\s+(?:send|show|share|forward|upload|attach|post)\b[^.?!\n]{0,30}?\b`+imgNoun+`\b`,
)...)

var asksForDetails = rules(false,
	// what is your name; tell me your address; can I have your number; I need your school name
	`\b(?:what(?:'s|\s+is|\s+are|\s+was)|tell\s+(?:me|us)|give\s+(?:me|us)|send\s+(?:me|us)|text\s+(?:me|us)|dm\s+(?:me|us)|share\s+with\s+(?:me|us)|(?:can|could|may)\s+(?:i|we)\s+(?:have|get|know|ask|take)|(?:i|we)\s*(?:'ll|will|'d|would)?\s*need|(?:i|we)\s*(?:'d|would)?\s*(?:want|like)\s+to\s+know|let\s+(?:me|us)\s+know|(?:can|could|would|will)\s+you\s+(?:please\s+)?(?:tell|give|send|share|text|type|write)(?:\s+(?:me|us))?)\s+(?:with\s+)?your\s+(?:`+word+`\s+)?`+detNoun+`\b`,
	// what is the name of your school
	`\b(?:what(?:'s|\s+is)|tell\s+(?:me|us)|give\s+(?:me|us)|send\s+(?:me|us))\s+the\s+(?:name|address)\s+of\s+your\b`,
	// where do you live
	`\bwhere\s+(?:do|did|does)\s+you\s+(?:live|stay|study|go\s+to\s+school)\b`,
	`\bwhere\s+are\s+you\s+(?:right\s+now|now|located|based|from|living|staying)\b`,
	`\bwhere\s+(?:is|'s)\s+your\s+(?:house|home|school|flat|apartment)\b`,
	`\b(?:which|what)\s+(?:school|city|town|street|area|neighbou?rhood|village|suburb)\s+(?:do|did|are|is)\s+you\b`,
	`\b(?:tell|show|send|text|give)\s+(?:me|us)\s+where\s+you\s+(?:live|are|stay|go\s+to\s+school)\b`,
)

func compileAll(exprs ...string) []*regexp.Regexp {
	res := make([]*regexp.Regexp, len(exprs))
	for i, e := range exprs {
		res[i] = regexp.MustCompile(e)
	}
	return res
}

// ---------------------------------------------------------------- links

var (
	schemeRe = regexp.MustCompile(`[a-z][a-z0-9+.\-]*://`)
	domainRe = regexp.MustCompile(`(?:[\p{L}\p{N}](?:[\p{L}\p{N}_\-]*[\p{L}\p{N}])?\.)+(?:\p{L}{2,24}|xn--[a-z0-9\-]+)(?::\d+)?(?:[/?#]\S*)?`)
	handleRe = regexp.MustCompile(`^@[\p{L}\p{N}_.]{3,32}$`)
)

// isLinkSep splits text into tokens that can hold at most one link.
func isLinkSep(r rune) bool {
	return unicode.IsSpace(r) || strings.ContainsRune("()[]{}<>\"'`,;|*\\", r)
}

// findLinks returns the links in s (lower case, folded), as written.
func findLinks(s string) []string {
	var found []string
	for _, tok := range strings.FieldsFunc(s, isLinkSep) {
		tok = strings.Trim(tok, ".:!?…-~_")
		if tok == "" {
			continue
		}
		at := strings.IndexByte(tok, '@')
		switch {
		case schemeRe.MatchString(tok):
			found = append(found, tok[schemeRe.FindStringIndex(tok)[0]:])
		case strings.HasPrefix(tok, "mailto:"):
			found = append(found, tok)
		case at > 0 && domainRe.MatchString(tok[at+1:]):
			found = append(found, tok)
		case handleRe.MatchString(tok):
			found = append(found, tok)
		case strings.HasPrefix(tok, "www."):
			found = append(found, tok)
		default:
			found = append(found, domainRe.FindAllString(tok, -1)...)
		}
	}
	for i, f := range found {
		found[i] = strings.TrimRight(f, ".:!?…-~_")
	}
	return found
}

// checkLinks rejects any link in s (lower case, folded) that is not allowed.
func checkLinks(s string, urls map[string]bool) error {
	found := findLinks(s)
	if len(found) == 0 {
		return nil
	}
	ok := map[string]bool{}
	hosts := map[string]bool{}
	for u, v := range urls {
		if !v {
			continue
		}
		n := normURL(u)
		ok[n] = true
		hosts[hostOf(n)] = true
	}
	for _, f := range found {
		n := normURL(f)
		switch {
		case ok[n]:
		case n == hostOf(n) && hosts[n]:
		case strings.HasPrefix(n, "@") && (ok["t.me/"+n[1:]] || ok["telegram.me/"+n[1:]]):
		default:
			return guardErr("unlisted link")
		}
	}
	return nil
}

// normURL lower-cases u and drops its scheme, "mailto:", "www." and trailing slashes.
func normURL(u string) string {
	u = strings.ToLower(strings.TrimSpace(u))
	if loc := schemeRe.FindStringIndex(u); loc != nil && loc[0] == 0 {
		u = u[loc[1]:]
	}
	u = strings.TrimPrefix(u, "mailto:")
	u = strings.TrimPrefix(u, "www.")
	return strings.TrimRight(u, "/")
}

// hostOf returns the part of a normalised URL before its path, query or fragment.
func hostOf(n string) string {
	if i := strings.IndexAny(n, "/?#"); i >= 0 {
		return n[:i]
	}
	return n
}

// ---------------------------------------------------------------- phone numbers

var (
	// a run of digits with up to three separators between any two
	phoneRe = regexp.MustCompile(`\p{Nd}(?:[ .\-\x{2010}-\x{2015}()]{0,3}\p{Nd})*`)
	// a short number just after a calling word: "call 911", "text HOME to 741741"
	shortRe = regexp.MustCompile(`\b(?:call|calling|ring|dial|text|texting|sms|whatsapp|phone)\b[^.!?\n\p{Nd}]{0,15}?(\p{Nd}(?:[ .\-]?\p{Nd}){2,5})`)
	isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

// findPhones returns, as digits, the phone-number-like numbers in s (folded, lower case): runs of 7 or
// more digits, and numbers of 3 to 6 digits just after a calling word.
func findPhones(s string) []string {
	var found []string
	for _, m := range phoneRe.FindAllString(s, -1) {
		if d := digits(m); len(d) >= 7 && !isoDate.MatchString(strings.TrimSpace(m)) {
			found = append(found, d)
		}
	}
	for _, loc := range shortRe.FindAllStringSubmatchIndex(s, -1) {
		if r, _ := utf8.DecodeRuneInString(s[loc[3]:]); unicode.IsDigit(r) {
			continue // part of a longer number: judged above
		}
		found = append(found, digits(s[loc[2]:loc[3]]))
	}
	return found
}

// checkPhones rejects any phone-number-like digits in s (folded) that are not allowed.
func checkPhones(s string, phones map[string]bool) error {
	found := findPhones(s)
	if len(found) == 0 {
		return nil
	}
	ok := map[string]bool{}
	for p, v := range phones {
		if v {
			ok[digits(p)] = true
		}
	}
	for _, d := range found {
		if !ok[d] {
			return guardErr("unlisted phone number")
		}
	}
	return nil
}

// digits returns the decimal digits in s, in any script, as ASCII.
func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if v, ok := digitValue(r); ok {
			b.WriteByte(byte('0' + v))
		}
	}
	return b.String()
}

// digitValue returns the value of a decimal digit in any script. Unicode encodes every
// script's decimal digits as a run of ten starting at zero, and unicode.Nd's ranges start
// at a zero.
func digitValue(r rune) (int, bool) {
	if r >= '0' && r <= '9' {
		return int(r - '0'), true
	}
	if r < 0x80 || !unicode.IsDigit(r) {
		return 0, false
	}
	for _, rg := range unicode.Nd.R16 {
		if r >= rune(rg.Lo) && r <= rune(rg.Hi) {
			return int(r-rune(rg.Lo)) % 10, true
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if r >= rune(rg.Lo) && r <= rune(rg.Hi) {
			return int(r-rune(rg.Lo)) % 10, true
		}
	}
	return 0, false
}
