// Package stats turns aggregate counter rows into a report that schools and partners can
// share without anyone being singled out: no count below Threshold can be read off the
// report, or worked out from it by adding and subtracting the other counts it shows.
//
// Build applies these rules, exactly in this order:
//
//  1. Cells. Rows are summed into cells keyed by the requested breakdown dimensions
//     (Options.By) and the event. "day" is the row's Day, "week" its ISO week ("2026-W48",
//     with the ISO year), "month" its month ("2026-11"). An empty value (unknown) is a value
//     like any other. Rows with N = 0 add nothing and make no cell.
//
//  2. Merging. A cell whose count is below Threshold is not shown. It is merged into a
//     coarser cell by coarsening its breakdown one step at a time, least important first:
//     region becomes "*", then audience becomes "*", then the time dimension goes up one
//     period at a time (day to week to month to "*", all time), and school becomes "*" last.
//     Steps for dimensions not in By are skipped. At each step, all the cells not yet shown
//     that share the coarser key are summed into one cell: if it reaches Threshold it is
//     shown with its count, else it goes on to the next step. After the last step (every
//     dimension "*") a cell still below Threshold is shown as "<10". The event is never
//     merged: counts of different events never mix. Going from week to month is done day by
//     day, so the days of a week that straddles two months go to their own months. An
//     unknown ("") period stays unknown until it becomes "*".
//
//  3. No totals. Each row's count is in exactly one cell of the report, and a merged cell
//     only holds counts that no other cell shows; the report has no totals row. So within
//     one report no shown count can be subtracted from another to uncover a small one. A
//     small cell merged alone into a coarser cell has the same small count there, so it is
//     not shown there either: it keeps merging, and at worst ends as "<10".
//
//  4. Order. Cells are sorted by their dimension values in the order of By, then by event,
//     as plain strings except that "*" sorts last.
//
//  5. Output. Write prints only Shown, never N: a small cell's count never leaves the
//     process. See Report.Write for the formats.
//
// Limits: the guarantee holds within one report. Two reports over the same rows with
// different breakdowns can be subtracted from each other: by region "US 12, * <10" and by
// event only "15" give GB = 3. Publish one breakdown per set of rows (or per reader), not
// several.
package stats
