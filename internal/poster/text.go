package poster

import (
	"bytes"
	"embed"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// The Noto fonts for the scripts that the Go fonts lack (see fonts/README.md).
//
//go:embed fonts/*.ttf
var notoFiles embed.FS

// fontSet is every font the poster draws with, parsed once. A *font.Font is
// read-only and safe for concurrent use; the per-render *font.Face is not.
type fontSet struct {
	regular, bold []*font.Font // in order of preference: Go font first
	mono          []*font.Font // Go Mono, then the regular fonts
}

// loadFonts parses the embedded fonts on first use.
var loadFonts = sync.OnceValues(func() (*fontSet, error) {
	parse := func(name string, b []byte) (*font.Font, error) {
		ld, err := ot.NewLoader(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("font %s: %w", name, err)
		}
		f, err := font.NewFont(ld)
		if err != nil {
			return nil, fmt.Errorf("font %s: %w", name, err)
		}
		return f, nil
	}
	set := &fontSet{}
	for _, weight := range []struct {
		goTTF []byte
		noto  string // file name suffix
		dst   *[]*font.Font
	}{
		{goregular.TTF, "Regular", &set.regular},
		{gobold.TTF, "Bold", &set.bold},
	} {
		f, err := parse("go "+weight.noto, weight.goTTF)
		if err != nil {
			return nil, err
		}
		*weight.dst = append(*weight.dst, f)
		for _, family := range []string{"NotoSansArabic", "NotoSansDevanagari", "NotoSansEthiopic"} {
			name := family + "-" + weight.noto + ".ttf"
			b, err := notoFiles.ReadFile("fonts/" + name)
			if err != nil {
				return nil, err
			}
			f, err := parse(name, b)
			if err != nil {
				return nil, err
			}
			*weight.dst = append(*weight.dst, f)
		}
	}
	mono, err := parse("go mono", gomono.TTF)
	if err != nil {
		return nil, err
	}
	set.mono = append([]*font.Font{mono}, set.regular...)
	return set, nil
})

// Covers reports whether the embedded fonts can draw every rune of s, so that a
// caller can fall back (for example to another language) before calling PNG or
// PDF. The fonts cover Latin, Greek, Cyrillic, Arabic (with Persian),
// Devanagari and Ethiopic; not, for example, CJK, Thai or emoji. Spaces and
// invisible format characters (such as the zero-width non-joiner of Persian)
// count as covered. Invalid UTF-8 is not covered.
func Covers(s string) bool {
	set, err := loadFonts()
	if err != nil {
		return false
	}
	_, bad := set.uncovered(s)
	return !bad
}

// uncovered returns the first rune of s that some weight cannot draw.
func (set *fontSet) uncovered(s string) (rune, bool) {
	if !utf8.ValidString(s) {
		return utf8.RuneError, true
	}
	for _, r := range s {
		if invisible(r) {
			continue
		}
		if !anyHas(set.regular, r) || !anyHas(set.bold, r) {
			return r, true
		}
	}
	return 0, false
}

// invisible reports whether r draws nothing of its own: spaces, controls and
// format characters (ZWJ, ZWNJ, bidi marks), which the shaper handles itself.
func invisible(r rune) bool {
	return unicode.IsSpace(r) || unicode.In(r, unicode.Cc, unicode.Cf)
}

// anyHas reports whether one of fonts maps r to a glyph (glyph index not 0).
func anyHas(fonts []*font.Font, r rune) bool {
	for _, f := range fonts {
		if gid, ok := f.NominalGlyph(r); ok && gid != 0 {
			return true
		}
	}
	return false
}

// faces is one weight's fonts, in order of preference, as a shaping.Fontmap:
// each rune goes to the first face that has it.
type faces []*font.Face

// ResolveFace implements shaping.Fontmap.
func (fs faces) ResolveFace(r rune) *font.Face {
	for _, f := range fs {
		if gid, ok := f.NominalGlyph(r); ok && gid != 0 {
			return f
		}
	}
	return fs[0]
}

// typesetter shapes, wraps and draws text. It holds caches and is used by one
// render only.
type typesetter struct {
	regular, bold, mono faces
	shaper              shaping.HarfbuzzShaper
	segmenter           shaping.Segmenter
	wrapper             shaping.LineWrapper
	raster              vector.Rasterizer
	// balance makes set balance centred lines. Balancing keeps the number of
	// lines, so a layout can be planned without it, which is faster.
	balance bool
}

func newTypesetter(set *fontSet) *typesetter {
	t := &typesetter{}
	for _, f := range set.regular {
		t.regular = append(t.regular, font.NewFace(f))
	}
	for _, f := range set.bold {
		t.bold = append(t.bold, font.NewFace(f))
	}
	for _, f := range set.mono {
		t.mono = append(t.mono, font.NewFace(f))
	}
	return t
}

// align is where lines sit between a block's left and right edges.
type align int

const (
	alignCenter align = iota
	alignStart        // left for left-to-right text, right for right-to-left
)

// style is how one block of text is set.
type style struct {
	size  float64 // font size in pixels
	bold  bool
	mono  bool // Go Mono, for text to type in: 0/O and 1/l/I differ
	color color.RGBA
	rtl   bool // right-to-left paragraph direction
	align align
}

// line is one line of shaped text.
type line struct {
	runs  []shaping.Output // in visual order, left to right
	width float64          // in pixels
}

// block is text shaped and wrapped to a width, ready to draw.
type block struct {
	style
	lines           []line
	ascent, descent float64 // of the first and last line, in pixels (descent > 0)
	pitch           float64 // from one baseline to the next
}

// height is the block's height from the top of its first line to the bottom
// of its last.
func (b block) height() float64 {
	if len(b.lines) == 0 {
		return 0
	}
	return b.ascent + b.descent + float64(len(b.lines)-1)*b.pitch
}

// lineSpacing stretches the fonts' own line height a little, for legibility.
const lineSpacing = 1.08

// Caps on the line metrics, in ems. Noto Sans Arabic asks for 1.37 em above
// the baseline and 0.74 below, room for stacks of marks that poster text does
// not have; uncapped, Arabic lines would sit twice as far apart as Latin ones.
const (
	maxAscent  = 1.10
	maxDescent = 0.45
)

// set shapes s in st and wraps it to maxWidth pixels: at spaces and other
// UAX #14 break opportunities, and inside a word only when the word alone is
// wider than a line. Newlines in s start new lines. With t.balance, centred
// text is wrapped to the narrowest width that needs no more lines, so that a
// last line is not left with one word.
func (t *typesetter) set(s string, st style, maxWidth float64) block {
	b := block{style: st}
	if strings.TrimSpace(s) == "" {
		return b // no lines, no height
	}
	var m metrics
	for _, para := range strings.Split(s, "\n") {
		text := []rune(strings.TrimSpace(para))
		if len(text) == 0 {
			b.lines = append(b.lines, line{})
			continue
		}
		lines, pm := t.wrap(text, st, maxWidth)
		if t.balance && st.align == alignCenter && len(lines) > 1 {
			// The line count only grows as the width shrinks: search for the
			// narrowest width that keeps it.
			lo, hi := maxWidth/2, maxWidth
			for hi-lo > 1 {
				mid := (lo + hi) / 2
				if l, _ := t.wrap(text, st, mid); len(l) == len(lines) {
					hi = mid
				} else {
					lo = mid
				}
			}
			lines, pm = t.wrap(text, st, hi)
		}
		b.lines = append(b.lines, lines...)
		m.ascent, m.descent, m.gap = max(m.ascent, pm.ascent), max(m.descent, pm.descent), max(m.gap, pm.gap)
	}
	if m.ascent == 0 { // nothing but blank lines
		m = metrics{ascent: st.size, descent: st.size / 4}
	}
	b.ascent = min(m.ascent, maxAscent*st.size)
	b.descent = min(m.descent, maxDescent*st.size)
	b.pitch = (b.ascent + b.descent + m.gap) * lineSpacing
	return b
}

// metrics are the largest line bounds of the fonts used, in pixels.
type metrics struct{ ascent, descent, gap float64 }

// wrap shapes one paragraph and wraps it to width pixels.
func (t *typesetter) wrap(text []rune, st style, width float64) ([]line, metrics) {
	fm := t.regular
	switch {
	case st.mono:
		fm = t.mono
	case st.bold:
		fm = t.bold
	}
	dir := di.DirectionLTR
	if st.rtl {
		dir = di.DirectionRTL
	}
	in := shaping.Input{Text: text, RunEnd: len(text), Direction: dir, Size: fixed.Int26_6(math.Round(st.size * 64))}
	var outs []shaping.Output
	for _, run := range t.segmenter.Split(in, fm) {
		outs = append(outs, t.shaper.Shape(run))
	}
	cfg := shaping.WrapConfig{Direction: dir, BreakPolicy: shaping.WhenNecessary}
	wrapped, _ := t.wrapper.WrapParagraphF(cfg, fixed.Int26_6(width*64), text, shaping.NewSliceIterator(outs))
	var lines []line
	var m metrics
	for _, wl := range wrapped {
		// The wrapper reuses its buffers: copy what the line keeps.
		l := line{runs: make([]shaping.Output, 0, len(wl))}
		var w fixed.Int26_6
		for _, run := range wl {
			run.Glyphs = append([]shaping.Glyph(nil), run.Glyphs...)
			l.runs = append(l.runs, run)
			w += run.Advance
			m.ascent = max(m.ascent, float64(run.LineBounds.Ascent)/64)
			m.descent = max(m.descent, float64(-run.LineBounds.Descent)/64)
			m.gap = max(m.gap, float64(run.LineBounds.Gap)/64)
		}
		sort.SliceStable(l.runs, func(i, j int) bool { return l.runs[i].VisualIndex < l.runs[j].VisualIndex })
		l.width = float64(w) / 64
		lines = append(lines, l)
	}
	return lines, m
}

// draw draws b with the top of its first line at top, its lines placed
// between the x coordinates left and right.
func (t *typesetter) draw(dst *image.RGBA, b block, left, right, top float64) {
	src := image.NewUniform(b.color)
	baseline := top + b.ascent
	for _, l := range b.lines {
		x := left + (right-left-l.width)/2
		if b.align == alignStart {
			x = left
			if b.rtl {
				x = right - l.width
			}
		}
		for _, run := range l.runs {
			for _, g := range run.Glyphs {
				t.drawGlyph(dst, src, run, g, x+float64(g.XOffset)/64, baseline-float64(g.YOffset)/64)
				x += float64(g.Advance) / 64
			}
		}
		baseline += b.pitch
	}
}

// drawGlyph rasterizes the outline of g with its origin at (x, y) and draws
// it in src over dst.
func (t *typesetter) drawGlyph(dst *image.RGBA, src image.Image, run shaping.Output, g shaping.Glyph, x, y float64) {
	outline, ok := run.Face.GlyphData(g.GlyphID).(font.GlyphOutline)
	if !ok || len(outline.Segments) == 0 {
		return // a space, or a glyph without an outline
	}
	scale := float64(run.Size) / 64 / float64(run.Face.Upem())
	// The glyph's pixel bounds, from its points (control points included).
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for _, seg := range outline.Segments {
		for _, p := range seg.ArgsSlice() {
			px, py := x+float64(p.X)*scale, y-float64(p.Y)*scale
			minX, maxX = min(minX, px), max(maxX, px)
			minY, maxY = min(minY, py), max(maxY, py)
		}
	}
	rect := image.Rect(int(math.Floor(minX)), int(math.Floor(minY)), int(math.Ceil(maxX)), int(math.Ceil(maxY)))
	if rect.Empty() {
		return
	}
	ox, oy := float64(rect.Min.X), float64(rect.Min.Y)
	pt := func(p font.SegmentPoint) (float32, float32) {
		return float32(x + float64(p.X)*scale - ox), float32(y - float64(p.Y)*scale - oy)
	}
	r := &t.raster
	r.Reset(rect.Dx(), rect.Dy())
	started := false
	for _, seg := range outline.Segments {
		switch seg.Op {
		case ot.SegmentOpMoveTo:
			if started {
				r.ClosePath()
			}
			started = true
			r.MoveTo(pt(seg.Args[0]))
		case ot.SegmentOpLineTo:
			r.LineTo(pt(seg.Args[0]))
		case ot.SegmentOpQuadTo:
			ax, ay := pt(seg.Args[0])
			bx, by := pt(seg.Args[1])
			r.QuadTo(ax, ay, bx, by)
		case ot.SegmentOpCubeTo:
			ax, ay := pt(seg.Args[0])
			bx, by := pt(seg.Args[1])
			cx, cy := pt(seg.Args[2])
			r.CubeTo(ax, ay, bx, by, cx, cy)
		}
	}
	r.ClosePath()
	mask := image.NewAlpha(image.Rect(0, 0, rect.Dx(), rect.Dy()))
	r.Draw(mask, mask.Bounds(), image.Opaque, image.Point{})
	draw.DrawMask(dst, rect, src, image.Point{}, mask, image.Point{}, draw.Over)
}
