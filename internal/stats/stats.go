package stats

import (
	"cmp"
	"errors"
	"slices"
	"strconv"
)

// Threshold is the smallest count a report shows as a number; any count below it is
// shown as "<10".
const Threshold = 10

// All is the value of a dimension that has been merged away.
const All = "*"

// small is how a count below Threshold is shown.
var small = "<" + strconv.Itoa(Threshold)

// ErrUnknownDimension is returned by Build for a name in Options.By it does not know.
var ErrUnknownDimension = errors.New("unknown dimension")

// Row is one stored counter: how many times Event happened on Day, for Region × Audience
// × School. Day is "YYYY-MM-DD"; an empty field means unknown or none.
type Row struct {
	Day, Region, Audience, School, Event string
	N                                    int64
}

// Options says how a report is broken down.
type Options struct {
	// By lists the breakdown dimensions beyond the event, in column order, from "day",
	// "week", "month", "region", "audience" and "school"; at most one of the first three,
	// each at most once. Nil means by event only.
	By []string
}

// Cell is one line of a report.
type Cell struct {
	Dims  map[string]string // dimension of Report.By → value, All when merged away
	Event string
	N     int64  `json:"-"` // the true count: never print it, print Shown
	Shown string // N as text, or "<10" when N is below Threshold
}

// Report is the result of Build: cells ready to print.
type Report struct {
	By         []string
	Cells      []Cell
	Suppressed int // cells shown as "<10"
	Merged     int // cells of the requested breakdown that were merged into coarser ones
}

// Build sums rows into cells and merges small cells as the package doc describes. It
// returns an error wrapping ErrUnknownDimension for an unknown name in opt.By, and an
// error for a repeated dimension, two time dimensions, a malformed Day (when a time
// dimension is asked for), a negative N, or a dimension value of "*".
func Build(rows []Row, opt Options) (Report, error) {
	p, err := newPlan(opt.By)
	if err != nil {
		return Report{}, err
	}
	left, err := p.atoms(rows)
	if err != nil {
		return Report{}, err
	}
	rep := Report{By: slices.Clone(opt.By)}
	gran := slices.Clone(p.start)
	for level := 0; level <= len(p.steps); level++ {
		if level > 0 {
			gran[p.steps[level-1]]++
		}
		last := level == len(p.steps)
		groups := map[key]*group{}
		for _, a := range left {
			k := p.key(a, gran)
			g := groups[k]
			if g == nil {
				g = &group{}
				groups[k] = g
			}
			g.n += a.n
			g.atoms = append(g.atoms, a)
		}
		var next []*atom
		for k, g := range groups {
			if g.n < Threshold && !last {
				next = append(next, g.atoms...)
				if level == 0 {
					rep.Merged++
				}
				continue
			}
			rep.Cells = append(rep.Cells, p.cell(k, g.n))
			if g.n < Threshold {
				rep.Suppressed++
			}
		}
		left = next
	}
	slices.SortFunc(rep.Cells, func(a, b Cell) int {
		for _, d := range rep.By {
			if c := compare(a.Dims[d], b.Dims[d]); c != 0 {
				return c
			}
		}
		return compare(a.Event, b.Event)
	})
	return rep, nil
}

// group is the cell being built for one key at one level.
type group struct {
	n     int64
	atoms []*atom
}

// cell makes the Cell of key k with count n.
func (p *plan) cell(k key, n int64) Cell {
	c := Cell{Dims: make(map[string]string, len(p.by)), Event: k.event, N: n, Shown: small}
	for i, d := range p.by {
		c.Dims[d] = k.vals[i]
	}
	if n >= Threshold {
		c.Shown = strconv.FormatInt(n, 10)
	}
	return c
}

// compare orders strings, with All last.
func compare(a, b string) int {
	switch {
	case a == b:
		return 0
	case a == All:
		return 1
	case b == All:
		return -1
	}
	return cmp.Compare(a, b)
}
