package stats

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode"
)

// ErrUnknownFormat is returned by Report.Write for a format it does not know.
var ErrUnknownFormat = errors.New("unknown format")

// Write prints the report in format "table", "csv" or "json". Every format has the
// dimensions of By, then "event" and "count", and prints counts as Shown, never N (and
// "<10" for a cell whose N is below Threshold, whatever its Shown says).
//
//   - table: aligned columns under a header line. An unknown ("") value reads "-", and
//     control characters in values are replaced by U+FFFD so a value cannot break the
//     layout or drive a terminal.
//   - csv: a header record, then one record per cell. A value that a spreadsheet would
//     run as a formula (starting with =, +, -, @, tab or carriage return) gets a leading
//     apostrophe.
//   - json: {"by":[...],"cells":[{"<dim>":...,"event":...,"count":"12"},...],"threshold":10},
//     indented, with each cell's keys in that order. See Report.MarshalJSON.
func (r Report) Write(w io.Writer, format string) error {
	var err error
	switch format {
	case "table":
		err = r.writeTable(w)
	case "csv":
		err = r.writeCSV(w)
	case "json":
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		err = enc.Encode(r)
	default:
		return fmt.Errorf("stats: %w %q (want table, csv or json)", ErrUnknownFormat, format)
	}
	if err != nil {
		return fmt.Errorf("stats: write %s: %w", format, err)
	}
	return nil
}

// header is the column names: dimensions, event, count.
func (r Report) header() []string {
	return append(append([]string{}, r.By...), "event", "count")
}

// record is one cell's values in header order, each passed through clean. The count is
// Shown, or "<10" whenever N is below Threshold, even in a Report not made by Build.
func (r Report) record(c Cell, clean func(string) string) []string {
	rec := make([]string, 0, len(r.By)+2)
	for _, d := range r.By {
		rec = append(rec, clean(c.Dims[d]))
	}
	shown := c.Shown
	if c.N < Threshold {
		shown = small
	}
	return append(rec, clean(c.Event), shown)
}

// writeTable writes the "table" format.
func (r Report) writeTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(r.header(), "\t"))
	for _, c := range r.Cells {
		fmt.Fprintln(tw, strings.Join(r.record(c, tableValue), "\t"))
	}
	return tw.Flush()
}

// tableValue makes v safe and visible in a table.
func tableValue(v string) string {
	if v == "" {
		return "-"
	}
	return strings.Map(func(c rune) rune {
		if unicode.IsControl(c) {
			return unicode.ReplacementChar
		}
		return c
	}, v)
}

// writeCSV writes the "csv" format.
func (r Report) writeCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(r.header()); err != nil {
		return err
	}
	for _, c := range r.Cells {
		if err := cw.Write(r.record(c, csvValue)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvValue keeps a spreadsheet from running v as a formula.
func csvValue(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

// MarshalJSON encodes the report as Write's "json" format (without indentation), so that
// marshalling a Report directly cannot leak N either.
func (r Report) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"by":[`)
	for i, d := range r.By {
		if i > 0 {
			b.WriteByte(',')
		}
		writeString(&b, d)
	}
	b.WriteString(`],"cells":[`)
	for i, c := range r.Cells {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('{')
		rec := r.record(c, keep)
		for j, d := range r.header() {
			if j > 0 {
				b.WriteByte(',')
			}
			writeString(&b, d)
			b.WriteByte(':')
			writeString(&b, rec[j])
		}
		b.WriteByte('}')
	}
	fmt.Fprintf(&b, `],"threshold":%d}`, Threshold)
	return b.Bytes(), nil
}

// keep is the identity, for record.
func keep(v string) string { return v }

// writeString writes s as a JSON string, without escaping <, > and &.
func writeString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)       // encoding a string cannot fail
	b.Truncate(b.Len() - 1) // Encode ends with a newline
}
