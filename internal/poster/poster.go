// Package poster renders the printable poster a school puts on a wall: an A4
// portrait page with the bot's name, a QR code of its Telegram link, the link
// itself in print, the help contacts and the promise that asking for help never
// gets anyone in trouble.
//
// Text is shaped with go-text/typesetting (a Go port of HarfBuzz) and drawn
// from embedded fonts only: the Go fonts for Latin, Greek and Cyrillic, and
// Noto Sans for Arabic (with Persian), Devanagari and Ethiopic. Nothing is read
// from the machine's own fonts. Text in any other script (CJK, Thai, emoji, …)
// makes PNG and PDF fail with ErrScript; Covers tells beforehand.
//
// The same Poster always gives the same bytes.
package poster

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	qrcode "github.com/skip2/go-qrcode"
)

// Poster is the text and link of one poster. All text is already in the
// poster's language. Empty text fields are left out; Link is required.
type Poster struct {
	Link     string   // the URL the QR code holds, e.g. https://t.me/lantern_bot?start=t-GB-en-k3J9xQ2aZ
	Title    string   // the bot's name, large
	Tagline  string   // one line on what it helps with
	Contacts []string // lines like "Emergency: 999" / "Childline: 0800 1111", in order
	Promise  string   // "You are never in trouble for asking for help."
	Scan     string   // a line under the QR: "Scan to open Lantern on Telegram"
	RTL      bool     // right-to-left language (ar, fa): text runs right to left, contacts align right
}

// Errors that PNG and PDF wrap; test for them with errors.Is.
var (
	// ErrNoLink means Poster.Link is empty.
	ErrNoLink = errors.New("poster: no link for the QR code")
	// ErrLinkTooLong means Poster.Link does not fit a QR code that can still be
	// scanned from a metre away on an A4 page.
	ErrLinkTooLong = errors.New("poster: link too long for a QR code on a poster")
	// ErrScript means some text has a character that the embedded fonts cannot
	// draw (see Covers). The caller can fall back to another language.
	ErrScript = errors.New("poster: text in a script the poster's fonts cannot draw")
	// ErrTooMuchText means the text does not fit the page even in small type.
	ErrTooMuchText = errors.New("poster: text does not fit on the page")
)

// The page: A4 portrait, measured in PostScript points (1/72 inch).
const (
	pageWidthPt  = 595.276 // 210 mm
	pageHeightPt = 841.890 // 297 mm
	mmPerPt      = 25.4 / 72

	// pngDPI gives a 1240 x 1754 pixel PNG: sharp enough on paper, small to send.
	pngDPI = 150
	// pdfDPI is the resolution of the page image inside the PDF, for print.
	pdfDPI = 300
)

// maxQRVersion caps the density of the QR code. Version 10 is 57 modules
// across, 65 with the quiet zone; at minQRWidth of the page (105 mm), in whole
// pixels, a module is at least 1.5 mm, which a phone reads from a metre. At error correction
// level High (30% of the code can be damaged or drawn on) it holds 119 bytes,
// more than the longest Telegram deep link (116).
const (
	maxQRVersion = 10
	minQRWidth   = 0.5 // of the page width, quiet zone included
)

// The colours: near-black text on white, a dark amber accent that stays
// visible when printed in grey.
var (
	paper  = color.RGBA{0xff, 0xff, 0xff, 0xff}
	ink    = color.RGBA{0x14, 0x14, 0x14, 0xff}
	muted  = color.RGBA{0x3a, 0x3a, 0x3a, 0xff}
	accent = color.RGBA{0xb4, 0x53, 0x09, 0xff}
	panel  = color.RGBA{0xfd, 0xf1, 0xdc, 0xff}
)

// PNG renders p as an A4 portrait page at 150 dpi (1240 x 1754 pixels).
// It fails with ErrNoLink, ErrLinkTooLong, ErrScript or ErrTooMuchText.
func PNG(p Poster) ([]byte, error) {
	img, _, err := render(p, pngDPI)
	if err != nil {
		return nil, err
	}
	return encodePNG(img)
}

// PDF renders p as a one-page A4 portrait PDF. The page is one image of the
// poster at 300 dpi, so every script prints exactly as PNG draws it; the QR
// code and the printed link are also clickable links. It fails like PNG.
func PDF(p Poster) ([]byte, error) {
	img, qr, err := render(p, pdfDPI)
	if err != nil {
		return nil, err
	}
	b, err := encodePNG(img)
	if err != nil {
		return nil, err
	}
	// A fixed date keeps the output the same for the same poster.
	stamp := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	doc := fpdf.New("P", "mm", "A4", "")
	doc.SetCreationDate(stamp)
	doc.SetModificationDate(stamp)
	doc.SetTitle(p.Title, true)
	doc.SetSubject(p.Link, true)
	doc.SetMargins(0, 0, 0)
	doc.SetAutoPageBreak(false, 0)
	doc.AddPage()
	opt := fpdf.ImageOptions{ImageType: "PNG"}
	doc.RegisterImageOptionsReader("poster", opt, bytes.NewReader(b))
	doc.ImageOptions("poster", 0, 0, pageWidthPt*mmPerPt, pageHeightPt*mmPerPt, false, opt, 0, "")
	mm := 25.4 / pdfDPI
	for _, r := range qr {
		doc.LinkString(float64(r.Min.X)*mm, float64(r.Min.Y)*mm, float64(r.Dx())*mm, float64(r.Dy())*mm, p.Link)
	}
	var out bytes.Buffer
	if err := doc.Output(&out); err != nil {
		return nil, fmt.Errorf("poster: pdf: %w", err)
	}
	return out.Bytes(), nil
}

// encodePNG encodes img; Go's encoder writes no timestamps, so the bytes
// depend on the pixels alone.
func encodePNG(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.DefaultCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("poster: png: %w", err)
	}
	return buf.Bytes(), nil
}

// newQR encodes link at error correction level High, with the standard quiet
// zone of four modules.
func newQR(link string) (*qrcode.QRCode, error) {
	if link == "" {
		return nil, ErrNoLink
	}
	q, err := qrcode.New(link, qrcode.High)
	if err != nil {
		return nil, fmt.Errorf("%w: %d bytes: %v", ErrLinkTooLong, len(link), err)
	}
	if q.VersionNumber > maxQRVersion {
		return nil, fmt.Errorf("%w: %d bytes need QR version %d, too dense to scan from a distance (at most version %d, about 119 bytes)",
			ErrLinkTooLong, len(link), q.VersionNumber, maxQRVersion)
	}
	return q, nil
}

// render draws p at dpi. It also returns the rectangles that a PDF makes
// clickable: the QR code and the printed link.
func render(p Poster, dpi float64) (*image.RGBA, []image.Rectangle, error) {
	q, err := newQR(p.Link)
	if err != nil {
		return nil, nil, err
	}
	set, err := loadFonts()
	if err != nil {
		return nil, nil, fmt.Errorf("poster: %w", err)
	}
	fields := []struct{ name, text string }{
		{"title", p.Title}, {"tagline", p.Tagline}, {"scan line", p.Scan}, {"link", p.Link}, {"promise", p.Promise},
	}
	for i, c := range p.Contacts {
		fields = append(fields, struct{ name, text string }{fmt.Sprintf("contact %d", i+1), c})
	}
	for _, f := range fields {
		if r, bad := set.uncovered(f.text); bad {
			return nil, nil, fmt.Errorf("%w: %s has %q (U+%04X)", ErrScript, f.name, r, r)
		}
	}

	px := dpi / 72 // pixels per point
	page := image.Rect(0, 0, int(math.Round(pageWidthPt*px)), int(math.Round(pageHeightPt*px)))
	img := image.NewRGBA(page)
	draw.Draw(img, page, image.NewUniform(paper), image.Point{}, draw.Src)
	t := newTypesetter(set)
	// Shrink the type step by step until everything fits.
	for _, scale := range []float64{1, 0.92, 0.85, 0.78, 0.72, 0.66, 0.6, 0.55, 0.5} {
		if l := plan(t, p, q, page, px, scale); l.fits {
			// Again with centred lines balanced: the same heights, nicer lines.
			t.balance = true
			l = plan(t, p, q, page, px, scale)
			return img, l.draw(t, img), nil
		}
	}
	return nil, nil, ErrTooMuchText
}

// Sizes of the layout, in points at scale 1.
const (
	marginX     = 42 // 15 mm
	marginY     = 40
	titleSize   = 56
	taglineSize = 22
	scanSize    = 20
	linkSize    = 13
	contactSize = 20
	promiseSize = 22
	minGap      = 18 // between the groups: header, QR, contacts, promise
	panelPad    = 14 // inside the contacts panel
	barWidth    = 5  // the accent bar on the panel's start side
)

// layout is one try at placing the poster's parts on the page.
type layout struct {
	px, scale   float64 // pixels per point; type scale
	left, right float64 // text column, in pixels
	rtl         bool

	title, tagline, scan, link, promise block
	contacts                            []block
	qr                                  *qrcode.QRCode
	qrModule                            int // pixels per QR module
	gap                                 float64
	fits                                bool
}

// plan sets all text at scale and works out whether it fits the page; the
// free height is shared between the gaps between the groups.
func plan(t *typesetter, p Poster, q *qrcode.QRCode, page image.Rectangle, px, scale float64) *layout {
	l := &layout{px: px, scale: scale, qr: q, rtl: p.RTL}
	l.left, l.right = marginX*px, float64(page.Dx())-marginX*px
	width := l.right - l.left
	pt := func(v float64) float64 { return v * px * scale }
	st := func(size float64, bold bool, c color.RGBA) style {
		return style{size: pt(size), bold: bold, color: c, rtl: p.RTL}
	}
	l.title = t.set(p.Title, st(titleSize, true, ink), width)
	l.tagline = t.set(p.Tagline, st(taglineSize, false, muted), width)
	l.scan = t.set(p.Scan, st(scanSize, true, ink), width)
	linkStyle := st(linkSize, false, ink)
	linkStyle.mono = true
	linkStyle.rtl = false // a URL reads left to right in every language
	l.link = t.set(p.Link, linkStyle, width)
	inner := width - 2*pt(panelPad) - pt(barWidth)
	for _, c := range p.Contacts {
		if strings.TrimSpace(c) == "" {
			continue
		}
		cs := st(contactSize, false, ink)
		cs.align = alignStart
		l.contacts = append(l.contacts, t.set(c, cs, inner))
	}
	l.promise = t.set(p.Promise, st(promiseSize, true, ink), width)

	// The QR code with its quiet zone: 56% of the page width at full scale,
	// never under 50%, in whole pixels per module so that its edges stay sharp.
	modules := len(q.Bitmap())
	side := float64(page.Dx()) * max(minQRWidth, 0.56*scale)
	l.qrModule = int(side) / modules

	groups := 0
	used := 0.0
	for _, h := range l.groupHeights() {
		if h > 0 {
			groups++
			used += h
		}
	}
	free := float64(page.Dy()) - 2*marginY*px - used
	if groups > 1 {
		l.gap = free / float64(groups-1)
	}
	l.fits = l.gap >= pt(minGap) || (groups <= 1 && free >= 0)
	return l
}

// Spacing inside the groups, in points at scale 1.
const (
	ruleGap    = 12 // above and below the rule under the title
	ruleHeight = 3
	ruleWidth  = 90
	scanGap    = 6 // between the QR code and the scan line
	linkGap    = 4 // between the scan line and the link
	contactGap = 8 // between contacts
)

// groupHeights gives the heights of the header, the QR group, the contacts
// panel and the promise; an empty group is 0.
func (l *layout) groupHeights() [4]float64 {
	pt := func(v float64) float64 { return v * l.px * l.scale }
	var h [4]float64
	h[0] = l.title.height()
	if l.title.height() > 0 {
		h[0] += 2*pt(ruleGap) + pt(ruleHeight)
	}
	h[0] += l.tagline.height()
	h[1] = float64(l.qrModule * len(l.qr.Bitmap()))
	if l.scan.height() > 0 {
		h[1] += pt(scanGap) + l.scan.height()
	}
	h[1] += pt(linkGap) + l.link.height()
	for i, c := range l.contacts {
		if i > 0 {
			h[2] += pt(contactGap)
		}
		h[2] += c.height()
	}
	if h[2] > 0 {
		h[2] += 2 * pt(panelPad)
	}
	h[3] = l.promise.height()
	return h
}

// draw paints the planned poster on img and returns the rectangles of the
// QR code and the printed link.
func (l *layout) draw(t *typesetter, img *image.RGBA) []image.Rectangle {
	pt := func(v float64) float64 { return v * l.px * l.scale }
	heights := l.groupHeights()
	y := marginY * l.px
	mid := (l.left + l.right) / 2
	var links []image.Rectangle

	// Header: title, a short accent rule, tagline.
	t.draw(img, l.title, l.left, l.right, y)
	y += l.title.height()
	if l.title.height() > 0 {
		y += pt(ruleGap)
		fill(img, mid-pt(ruleWidth)/2, y, mid+pt(ruleWidth)/2, y+pt(ruleHeight), accent)
		y += pt(ruleHeight) + pt(ruleGap)
	}
	t.draw(img, l.tagline, l.left, l.right, y)
	y += l.tagline.height()
	if heights[0] > 0 {
		y += l.gap
	}

	// The QR code, centred, black modules on the white page.
	bits := l.qr.Bitmap()
	side := l.qrModule * len(bits)
	x0, y0 := int(math.Round(mid))-side/2, int(math.Round(y))
	for row, cols := range bits {
		for col, dark := range cols {
			if dark {
				r := image.Rect(x0+col*l.qrModule, y0+row*l.qrModule, x0+(col+1)*l.qrModule, y0+(row+1)*l.qrModule)
				draw.Draw(img, r, image.Black, image.Point{}, draw.Src)
			}
		}
	}
	links = append(links, image.Rect(x0, y0, x0+side, y0+side))
	y = float64(y0 + side)
	if l.scan.height() > 0 {
		y += pt(scanGap)
		t.draw(img, l.scan, l.left, l.right, y)
		y += l.scan.height()
	}
	y += pt(linkGap)
	t.draw(img, l.link, l.left, l.right, y)
	links = append(links, textRect(l.link, l.left, l.right, y))
	y += l.link.height() + l.gap

	// The contacts, in a tinted panel with an accent bar on the start side.
	if heights[2] > 0 {
		fill(img, l.left, y, l.right, y+heights[2], panel)
		barLeft, barRight := l.left, l.left+pt(barWidth)
		textLeft, textRight := barRight+pt(panelPad), l.right-pt(panelPad)
		if l.rtl {
			barLeft, barRight = l.right-pt(barWidth), l.right
			textLeft, textRight = l.left+pt(panelPad), barLeft-pt(panelPad)
		}
		fill(img, barLeft, y, barRight, y+heights[2], accent)
		cy := y + pt(panelPad)
		for i, c := range l.contacts {
			if i > 0 {
				cy += pt(contactGap)
			}
			t.draw(img, c, textLeft, textRight, cy)
			cy += c.height()
		}
		y += heights[2] + l.gap
	}

	// The promise closes the page.
	t.draw(img, l.promise, l.left, l.right, y)
	return links
}

// textRect is the rectangle that b covers when drawn centred between left and
// right with its top at top.
func textRect(b block, left, right, top float64) image.Rectangle {
	w := 0.0
	for _, ln := range b.lines {
		w = max(w, ln.width)
	}
	mid := (left + right) / 2
	return image.Rect(int(mid-w/2), int(top), int(math.Ceil(mid+w/2)), int(math.Ceil(top+b.height())))
}

// fill paints the rectangle from (x0, y0) to (x1, y1), rounded to pixels, in c.
func fill(img *image.RGBA, x0, y0, x1, y1 float64, c color.RGBA) {
	r := image.Rect(int(math.Round(x0)), int(math.Round(y0)), int(math.Round(x1)), int(math.Round(y1)))
	draw.Draw(img, r, image.NewUniform(c), image.Point{}, draw.Src)
}
