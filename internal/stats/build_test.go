package stats_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/lantern-help/lantern/internal/stats"
)

// describe renders each cell as "dim/dim/event shown n", in report order.
func describe(r stats.Report) []string {
	out := []string{}
	for _, c := range r.Cells {
		parts := []string{}
		for _, d := range r.By {
			parts = append(parts, c.Dims[d])
		}
		parts = append(parts, c.Event)
		out = append(out, fmt.Sprintf("%s %s %d", strings.Join(parts, "/"), c.Shown, c.N))
	}
	return out
}

func TestBuild(t *testing.T) {
	start := func(region, audience, school string, n int64) stats.Row {
		return stats.Row{Day: "2026-11-24", Region: region, Audience: audience, School: school, Event: "started", N: n}
	}
	tests := []struct {
		name               string
		by                 []string
		rows               []stats.Row
		want               []string
		suppressed, merged int
	}{
		{
			name:       "SmallRegionMergedAloneStaysHidden",
			by:         []string{"region"},
			rows:       []stats.Row{start("GB", "teen", "Hillside", 3), start("US", "teen", "Hillside", 12)},
			want:       []string{"US/started 12 12", "*/started <10 3"},
			suppressed: 1, merged: 1,
		},
		{
			name:       "SmallRegionOfOneSchool",
			by:         []string{"school", "region"},
			rows:       []stats.Row{start("GB", "teen", "Hillside", 3), start("US", "teen", "Hillside", 12)},
			want:       []string{"Hillside/US/started 12 12", "*/*/started <10 3"},
			suppressed: 1, merged: 1,
		},
		{
			name:   "TwoSmallRegionsReachThreshold",
			by:     []string{"region"},
			rows:   []stats.Row{start("GB", "", "", 4), start("FR", "", "", 7), start("US", "", "", 12)},
			want:   []string{"US/started 12 12", "*/started 11 11"},
			merged: 2,
		},
		{
			name:       "RegionBeforeAudience",
			by:         []string{"school", "audience", "region"},
			rows:       []stats.Row{start("GB", "teen", "S", 5), start("FR", "teen", "S", 5), start("GB", "parent", "S", 5)},
			want:       []string{"S/teen/*/started 10 10", "*/*/*/started <10 5"},
			suppressed: 1, merged: 3,
		},
		{
			name: "AudienceBeforeTimeBeforeSchool",
			by:   []string{"school", "day", "audience"},
			rows: []stats.Row{
				{Day: "2026-11-24", Audience: "teen", School: "S", Event: "started", N: 6},
				{Day: "2026-11-24", Audience: "parent", School: "S", Event: "started", N: 6},
				{Day: "2026-11-25", Audience: "teen", School: "S", Event: "started", N: 5},
				{Day: "2026-11-26", Audience: "teen", School: "S", Event: "started", N: 5},
				{Day: "2026-11-02", Audience: "teen", School: "T", Event: "started", N: 4},
				{Day: "2026-12-20", Audience: "teen", School: "T", Event: "started", N: 7},
			},
			want: []string{
				"S/2026-11-24/*/started 12 12",
				"S/2026-W48/*/started 10 10",
				"T/*/*/started 11 11",
			},
			merged: 6,
		},
		{
			name:       "EventsNeverMix",
			by:         []string{"region"},
			rows:       []stats.Row{start("GB", "", "", 5), {Region: "GB", Event: "path:learn", N: 6}},
			want:       []string{"*/path:learn <10 6", "*/started <10 5"},
			suppressed: 2, merged: 2,
		},
		{
			name:       "EventOnly",
			rows:       []stats.Row{start("GB", "", "", 20), start("US", "", "", 5), {Event: "path:crisis", N: 2}},
			want:       []string{"path:crisis <10 2", "started 25 25"},
			suppressed: 1,
		},
		{
			name: "UnknownIsAValueAndZeroMakesNoCell",
			by:   []string{"region"},
			rows: []stats.Row{start("", "", "", 10), start("GB", "", "", 0)},
			want: []string{"/started 10 10"},
		},
		{
			name: "RowsOfOneCellAreSummed",
			by:   []string{"audience"},
			rows: []stats.Row{start("GB", "teen", "", 6), start("US", "teen", "", 6)},
			want: []string{"teen/started 12 12"},
		},
		{
			name: "Empty",
			by:   []string{"region", "month"},
			want: []string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := stats.Build(tt.rows, stats.Options{By: tt.by})
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			if got := describe(rep); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("cells:\n got %q\nwant %q", got, tt.want)
			}
			if rep.Suppressed != tt.suppressed || rep.Merged != tt.merged {
				t.Errorf("Suppressed, Merged = %d, %d; want %d, %d", rep.Suppressed, rep.Merged, tt.suppressed, tt.merged)
			}
		})
	}
}

func TestBuildPeriods(t *testing.T) {
	day := func(d string, n int64) stats.Row { return stats.Row{Day: d, Event: "started", N: n} }
	tests := []struct {
		name string
		by   string
		rows []stats.Row
		want []string
	}{
		{
			// 11-23 is shown; 11-24 and 11-25 make week 48; 11-02 (W45) and 11-30 (W49)
			// make November; December and the unknown day end in "*", below Threshold.
			name: "DayToWeekToMonthToAll",
			by:   "day",
			rows: []stats.Row{
				day("2026-11-23", 12), day("2026-11-24", 3), day("2026-11-25", 8),
				day("2026-11-02", 6), day("2026-11-30", 4), day("2026-12-01", 2),
				day("2026-12-15", 3), day("", 4),
			},
			want: []string{"2026-11 10 10", "2026-11-23 12 12", "2026-W48 11 11", "* <10 9"},
		},
		{
			name: "WeekUsesISOYear",
			by:   "week",
			rows: []stats.Row{day("2026-12-31", 5), day("2027-01-01", 5), day("2025-12-29", 10)},
			want: []string{"2026-W01 10 10", "2026-W53 10 10"},
		},
		{
			// Week 49 (11-30 to 12-06) is small; its days go to their own months.
			name: "WeekSplitsAcrossMonths",
			by:   "week",
			rows: []stats.Row{day("2026-11-30", 4), day("2026-12-01", 3), day("2026-11-02", 6), day("2026-12-15", 7)},
			want: []string{"2026-11 10 10", "2026-12 10 10"},
		},
		{
			name: "MonthToAll",
			by:   "month",
			rows: []stats.Row{day("2026-11-30", 4), day("2026-12-01", 4), day("2026-10-01", 10)},
			want: []string{"2026-10 10 10", "* <10 8"},
		},
		{
			name: "UnknownDayStaysUnknown",
			by:   "day",
			rows: []stats.Row{day("", 5), day("", 6), day("2026-11-24", 1)},
			want: []string{" 11 11", "* <10 1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := stats.Build(tt.rows, stats.Options{By: []string{tt.by}})
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			got := describe(rep)
			for i := range got {
				got[i] = strings.Replace(got[i], "/started", "", 1)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("cells:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestBuildErrors(t *testing.T) {
	tests := []struct {
		name    string
		by      []string
		rows    []stats.Row
		unknown bool // error wraps ErrUnknownDimension
		ok      bool
	}{
		{name: "UnknownDimension", by: []string{"region", "country"}, unknown: true},
		{name: "DimensionIsCaseSensitive", by: []string{"Region"}, unknown: true},
		{name: "EventIsNotADimension", by: []string{"event"}, unknown: true},
		{name: "Repeated", by: []string{"school", "school"}},
		{name: "TwoPeriods", by: []string{"day", "month"}},
		{name: "BadDay", by: []string{"week"}, rows: []stats.Row{{Day: "2026-11-3", N: 1}}},
		{name: "BadDayWithoutTime", by: []string{"region"}, rows: []stats.Row{{Day: "soon", N: 1}}, ok: true},
		{name: "Negative", rows: []stats.Row{{Event: "started", N: -1}}},
		{name: "ReservedValue", by: []string{"school"}, rows: []stats.Row{{School: "*", N: 1}}},
		{name: "ReservedValueNotAsked", by: []string{"region"}, rows: []stats.Row{{School: "*", N: 1}}, ok: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := stats.Build(tt.rows, stats.Options{By: tt.by})
			switch {
			case tt.ok && err != nil:
				t.Fatalf("Build: %v", err)
			case !tt.ok && err == nil:
				t.Fatal("Build: no error")
			case err != nil && !strings.HasPrefix(err.Error(), "stats: "):
				t.Errorf("error %q lacks the package prefix", err)
			case errors.Is(err, stats.ErrUnknownDimension) != tt.unknown:
				t.Errorf("errors.Is(%v, ErrUnknownDimension) = %v, want %v", err, !tt.unknown, tt.unknown)
			}
		})
	}
}
