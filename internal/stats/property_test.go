package stats_test

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lantern-help/lantern/internal/stats"
)

// TestBuildRandom checks the privacy rules on random inputs: every shown number is at least
// Threshold, a small count is only ever shown as "<10" (and only once every dimension is
// merged away), and each event's counts add up to its input total, so nothing is lost or
// counted twice.
func TestBuildRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 11))
	pick := func(vals ...string) string { return vals[rng.IntN(len(vals))] }
	first := time.Date(2026, 12, 20, 0, 0, 0, 0, time.UTC) // crosses a month, a year and ISO week 53
	for iter := range 3000 {
		var by []string
		for _, d := range []string{"region", "audience", "school"} {
			if rng.IntN(2) == 0 {
				by = append(by, d)
			}
		}
		if p := pick("", "day", "week", "month"); p != "" {
			by = append(by, p)
		}
		rng.Shuffle(len(by), func(i, j int) { by[i], by[j] = by[j], by[i] })

		rows := make([]stats.Row, rng.IntN(40))
		want := map[string]int64{}
		for i := range rows {
			n := rng.Int64N(12)
			if rng.IntN(5) == 0 {
				n = rng.Int64N(40)
			}
			day := first.AddDate(0, 0, rng.IntN(25)).Format(time.DateOnly)
			if rng.IntN(10) == 0 {
				day = ""
			}
			rows[i] = stats.Row{
				Day: day, Region: pick("GB", "US", "UA", ""), Audience: pick("teen", "parent", ""),
				School: pick("Hillside", "Oakwood", ""), Event: pick("started", "path:sextortion", "contacts:emergency"), N: n,
			}
			want[rows[i].Event] += n
		}
		name := fmt.Sprintf("iteration %d, by %q", iter, by)

		rep, err := stats.Build(rows, stats.Options{By: by})
		if err != nil {
			t.Fatalf("%s: Build: %v", name, err)
		}
		got := map[string]int64{}
		seen := map[string]bool{}
		suppressed := 0
		for i, c := range rep.Cells {
			got[c.Event] += c.N
			vals := make([]string, len(by))
			for j, d := range by {
				vals[j] = c.Dims[d]
			}
			id := strings.Join(append(vals, c.Event), "|")
			switch {
			case len(c.Dims) != len(by):
				t.Fatalf("%s: cell %s has dims %v", name, id, c.Dims)
			case seen[id]:
				t.Fatalf("%s: cell %s appears twice", name, id)
			case c.N <= 0:
				t.Fatalf("%s: cell %s has count %d", name, id, c.N)
			case i > 0 && order(rep.Cells[i-1], c, by) >= 0:
				t.Fatalf("%s: cell %s is out of order", name, id)
			}
			seen[id] = true
			if c.Shown == "<10" {
				suppressed++
				if c.N >= stats.Threshold {
					t.Fatalf("%s: cell %s hides %d", name, id, c.N)
				}
				for _, v := range vals {
					if v != stats.All {
						t.Fatalf("%s: cell %s is hidden before every dimension is merged", name, id)
					}
				}
				continue
			}
			if n, err := strconv.ParseInt(c.Shown, 10, 64); err != nil || n != c.N || n < stats.Threshold {
				t.Fatalf("%s: cell %s shows %q for %d", name, id, c.Shown, c.N)
			}
		}
		for e := range want {
			if want[e] == 0 {
				delete(want, e)
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: totals by event %v, want %v", name, got, want)
		}
		if suppressed != rep.Suppressed {
			t.Fatalf("%s: Suppressed = %d, counted %d", name, rep.Suppressed, suppressed)
		}

		rng.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
		again, err := stats.Build(rows, stats.Options{By: by})
		if err != nil || !reflect.DeepEqual(again, rep) {
			t.Fatalf("%s: Build on shuffled rows differs (err %v)", name, err)
		}
	}
}

// order compares two cells as the package doc says: values in By order, then event, "*" last.
func order(a, b stats.Cell, by []string) int {
	less := func(x, y string) int {
		switch {
		case x == y:
			return 0
		case x == stats.All:
			return 1
		case y == stats.All:
			return -1
		}
		return cmp.Compare(x, y)
	}
	for _, d := range by {
		if c := less(a.Dims[d], b.Dims[d]); c != 0 {
			return c
		}
	}
	return less(a.Event, b.Event)
}
