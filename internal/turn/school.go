package turn

import (
	"context"
	"fmt"

	"github.com/lantern-help/lantern/internal/content"
	"github.com/lantern-help/lantern/internal/dialog"
	"github.com/lantern-help/lantern/internal/school"
	"github.com/lantern-help/lantern/internal/stats"
	"github.com/lantern-help/lantern/internal/store"
)

// schoolContext adds to an event what the engine needs for school staff: a fresh code (made
// only if the step uses it), the chat's own codes and, for /stats, their counts.
func (r *Runner) schoolContext(ctx context.Context, key string, st dialog.State, ev *dialog.Event) error {
	if ev.Kind != dialog.Press && ev.Kind != dialog.Command {
		return nil
	}
	newCode := r.NewCode
	if newCode == nil {
		newCode = school.NewCode
	}
	code, err := newCode()
	if err != nil {
		return err
	}
	ev.Fresh = code
	if st.Audience != "school" && !wantsStats(*ev) {
		return nil
	}
	own, err := r.Store.SchoolsOf(ctx, key)
	if err != nil {
		return err
	}
	codes := make([]string, 0, len(own))
	for _, s := range own {
		ev.Schools = append(ev.Schools, dialog.SchoolInfo{Code: s.Code, Region: s.Region, Lang: s.Lang, Created: s.Created, Retired: s.Retired != ""})
		codes = append(codes, s.Code)
	}
	if !wantsStats(*ev) || len(codes) == 0 {
		return nil
	}
	ev.Stats, err = r.schoolStats(ctx, codes)
	return err
}

// wantsStats reports an event that shows a staff member their counts.
func wantsStats(ev dialog.Event) bool {
	return (ev.Kind == dialog.Command && ev.Command == "stats") || (ev.Kind == dialog.Press && ev.Data == "g:school_stats")
}

// schoolStats is the counts of some codes by code and event, small cells suppressed.
func (r *Runner) schoolStats(ctx context.Context, codes []string) ([]dialog.StatLine, error) {
	rows, err := r.Store.Stats(ctx, store.StatsFilter{Schools: codes})
	if err != nil {
		return nil, err
	}
	rep, err := stats.Build(StatRows(rows), stats.Options{By: []string{stats.School}})
	if err != nil {
		return nil, err
	}
	out := make([]dialog.StatLine, 0, len(rep.Cells))
	for _, c := range rep.Cells {
		out = append(out, dialog.StatLine{School: c.Dims[stats.School], Event: c.Event, Shown: c.Shown})
	}
	return out, nil
}

// StatRows converts stored counters for the stats package.
func StatRows(rows []store.StatRow) []stats.Row {
	out := make([]stats.Row, len(rows))
	for i, r := range rows {
		out[i] = stats.Row{Day: r.Day, Region: r.Region, Audience: r.Audience, School: r.School, Event: r.Event, N: r.N}
	}
	return out
}

// checkSchool keeps a school code from a deep link only if it is a live code: a made-up or
// retired code is dropped, so nothing is counted under it.
func (r *Runner) checkSchool(ctx context.Context, before dialog.State, res *dialog.Result) error {
	code := res.State.School
	if code == "" || code == before.School {
		return nil
	}
	s, ok, err := r.Store.School(ctx, code)
	if err != nil {
		return fmt.Errorf("check school code: %w", err)
	}
	if !ok || s.Retired != "" {
		res.State.School = ""
	}
	return nil
}

// counts are the aggregate statistics of a step: a conversation started, the paths reached,
// the kinds of help contact shown; each under the region, audience and school of the chat,
// and nothing else about it.
func counts(ev dialog.Event, res dialog.Result) []store.Count {
	st := res.State
	var events []string
	if ev.Kind == dialog.Start {
		events = append(events, "started")
	}
	events = append(events, res.Events...)
	seen := map[string]bool{}
	for _, rep := range res.Replies {
		for _, k := range rep.Contacts {
			// Prevention help is shown only with the refusal of a harmful request: counted, it
			// would tell a school that someone using its link was read as asking for one, and
			// a wrong reading would cast suspicion on its pupils. It is not counted.
			if k == content.KindPrevention {
				continue
			}
			if e := "contacts:" + k; !seen[e] {
				seen[e] = true
				events = append(events, e)
			}
		}
	}
	out := make([]store.Count, 0, len(events))
	for _, e := range events {
		out = append(out, store.Count{Region: st.Region, Audience: st.Audience, School: st.School, Event: e})
	}
	return out
}
