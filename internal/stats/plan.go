package stats

import (
	"fmt"
	"time"
)

// Dimension names accepted in Options.By.
const (
	Day      = "day"
	Week     = "week"
	Month    = "month"
	Region   = "region"
	Audience = "audience"
	School   = "school"
)

// periods are the time dimensions, finest first; the index is a granularity, and
// len(periods) means all time.
var periods = []string{Day, Week, Month}

// mergeOrder is the order in which Build merges dimensions away, least important first.
var mergeOrder = []string{Region, Audience, anyPeriod, School}

// anyPeriod stands for whichever time dimension By holds in mergeOrder.
const anyPeriod = "time"

// maxDims is the most dimensions a valid By can hold: region, audience, school, one period.
const maxDims = 4

// plan is a validated breakdown and the merge steps it implies. Each position in by has a
// granularity: 0 is the value itself and 1 is All, except for the time dimension, which
// goes through the periods (0 day, 1 week, 2 month) to All at len(periods).
type plan struct {
	by    []string
	time  int   // position of the time dimension in by, or -1
	start []int // granularity of each position at the finest level
	steps []int // position coarsened by one granularity at each merge step, in order
}

// key identifies a cell at one level: dimension values by position in by, and the event.
type key struct {
	vals  [maxDims]string
	event string
}

// atom is the finest cell Build keeps: raw dimension values (the Day itself for the time
// dimension) and the event. Every coarser cell is a sum of atoms.
type atom struct {
	vals  [maxDims]string
	day   time.Time // parsed vals[time], zero when unknown or without a time dimension
	event string
	n     int64
}

// newPlan checks by and lists the merge steps in mergeOrder.
func newPlan(by []string) (*plan, error) {
	p := &plan{by: by, time: -1, start: make([]int, len(by))}
	pos := map[string]int{}
	for i, d := range by {
		switch d {
		case Day, Week, Month:
			if p.time >= 0 {
				return nil, fmt.Errorf("stats: two time dimensions %q and %q", by[p.time], d)
			}
			p.time = i
			for g, name := range periods {
				if name == d {
					p.start[i] = g
				}
			}
		case Region, Audience, School:
		default:
			return nil, fmt.Errorf("stats: %w %q", ErrUnknownDimension, d)
		}
		if _, dup := pos[d]; dup {
			return nil, fmt.Errorf("stats: dimension %q given twice", d)
		}
		pos[d] = i
	}
	for _, d := range mergeOrder {
		if d == anyPeriod {
			if p.time >= 0 {
				for g := p.start[p.time]; g < len(periods); g++ {
					p.steps = append(p.steps, p.time)
				}
			}
			continue
		}
		if i, ok := pos[d]; ok {
			p.steps = append(p.steps, i)
		}
	}
	return p, nil
}

// atoms validates rows and sums them into atoms, dropping those that come to zero.
func (p *plan) atoms(rows []Row) ([]*atom, error) {
	sums := map[key]*atom{}
	for i, r := range rows {
		if r.N < 0 {
			return nil, fmt.Errorf("stats: row %d: negative count %d", i, r.N)
		}
		k := key{event: r.Event}
		for j, d := range p.by {
			var v string
			switch d {
			case Region:
				v = r.Region
			case Audience:
				v = r.Audience
			case School:
				v = r.School
			default:
				v = r.Day
			}
			if err := checkValue(i, d, v); err != nil {
				return nil, err
			}
			k.vals[j] = v
		}
		a := sums[k]
		if a == nil {
			a = &atom{vals: k.vals, event: r.Event}
			if p.time >= 0 && r.Day != "" {
				t, err := parseDay(r.Day)
				if err != nil {
					return nil, fmt.Errorf("stats: row %d: %w", i, err)
				}
				a.day = t
			}
			sums[k] = a
		}
		a.n += r.N
	}
	out := make([]*atom, 0, len(sums))
	for _, a := range sums {
		if a.n > 0 {
			out = append(out, a)
		}
	}
	return out, nil
}

// key is the key of atom a at the level with granularities gran.
func (p *plan) key(a *atom, gran []int) key {
	k := key{event: a.event}
	for i := range p.by {
		k.vals[i] = p.label(a, i, gran[i])
	}
	return k
}

// label is the value of atom a's dimension i at granularity g.
func (p *plan) label(a *atom, i, g int) string {
	if i != p.time {
		if g == 0 {
			return a.vals[i]
		}
		return All
	}
	switch {
	case g >= len(periods):
		return All
	case a.vals[i] == "":
		return ""
	case periods[g] == Week:
		y, w := a.day.ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	case periods[g] == Month:
		return a.day.Format("2006-01")
	}
	return a.vals[i]
}

// parseDay reads a "YYYY-MM-DD" day, strictly.
func parseDay(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || t.Format(time.DateOnly) != s {
		return time.Time{}, fmt.Errorf("day %q is not YYYY-MM-DD", s)
	}
	return t, nil
}

// checkValue rejects a dimension value that would read as merged.
func checkValue(i int, dim, v string) error {
	if v == All {
		return fmt.Errorf("stats: row %d: %s %q is reserved for merged cells", i, dim, v)
	}
	return nil
}
