package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"dealcoach/coaching"
	"dealcoach/store"
)

// summaryOptions are summary's flags.
type summaryOptions struct {
	rep    string
	team   bool
	days   int
	format string
	// --org reads the organisation's roll-up (org.go).
	org           bool
	from, manager string
}

func (c *cli) summaryCmd() *cobra.Command {
	var o summaryOptions
	cmd := &cobra.Command{
		Use:   "summary (--rep NAME | --team | --org [--from URL] [--manager NAME]) [--days N] [--format text|json|md]",
		Short: "Stage strength of one rep, or of the team as a heat map",
		Example: `  dealcoach summary --rep "Dana Ruiz"
  dealcoach summary --team --days 30 --format md > team.md`,
		Args:              positional(0, 0),
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE:              func(*cobra.Command, []string) error { return c.summary(o) },
	}
	f := cmd.Flags()
	f.StringVar(&o.rep, "rep", "", "the rep to summarise")
	f.BoolVar(&o.team, "team", false, "summarise every rep")
	f.IntVar(&o.days, "days", coaching.DefaultWindowDays, "window in days")
	f.StringVar(&o.format, "format", "text", "text, json or md")
	f.BoolVar(&o.org, "org", false, "the organisation's roll-up from the org database")
	f.StringVar(&o.from, "from", "", "with --org: the org database URL (default $DEALCOACH_ORG_URL)")
	f.StringVar(&o.manager, "manager", "", "with --org: one manager's reps")
	c.completeReps(cmd)
	cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"text", "json", "md"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// summary is `dealcoach summary`: stage strength for one rep or the team.
func (c *cli) summary(o summaryOptions) error {
	if o.org {
		return c.summaryOrg(o)
	}
	switch {
	case o.team && o.rep != "":
		return usageErrorf("summary: give --rep NAME or --team, not both")
	case !o.team && o.rep == "":
		return usageErrorf("summary: give --rep NAME or --team")
	case o.days < 1:
		return usageErrorf("summary: --days must be at least 1")
	}
	if formats := []string{"text", "json", "md"}; !slices.Contains(formats, o.format) {
		return usageErrorf("summary: --format must be %s, not %q", strings.Join(formats, ", "), o.format)
	}

	st, err := c.openReadOnly(c.db)
	if err != nil {
		return err
	}
	defer st.Close()
	if o.team {
		return writeTeam(c.ctx, c.stdout, st, o.days, o.format)
	}
	return writeRep(c.ctx, c.stdout, st, o.rep, o.days, o.format)
}

func writeRep(ctx context.Context, w io.Writer, st *store.Store, name string, days int, format string) error {
	r, err := st.RepByName(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return noRep(ctx, st, name)
	}
	if err != nil {
		return err
	}
	pb, err := st.Playbook(ctx)
	if err != nil {
		return err
	}
	now := time.Now()
	sum, err := repSummary(ctx, st, pb, r, now, days)
	if err != nil {
		return err
	}
	calib, err := st.Calibration(ctx, r.ID, now.AddDate(0, 0, -days), time.Time{})
	if err != nil {
		return err
	}
	switch format {
	case "json":
		return writeRepJSON(w, sum, calib)
	case "md":
		if err := writeRepMarkdown(w, pb, sum, now); err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "\n**Own view:** %s.\n", calibrationLine(calib))
		return err
	}
	if err := writeRepText(w, pb, sum); err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "\nOwn view: %s.\n", calibrationLine(calib))
	return err
}

// calibrationLine is the calibration in words, for text and Markdown: it
// holds only counts.
func calibrationLine(c coaching.Calibration) string {
	if c.Answers == 0 {
		return "no prep answers of the rep's to compare yet"
	}
	return fmt.Sprintf("you agreed with %d of %d of the rep's prep answers (%s)", c.Agreed, c.Answers, percent(c.Share()))
}

// writeRepJSON is the rep's summary with "calibration" added last: the
// summary's own keys and order stay as DESIGN §5 fixes them.
func writeRepJSON(w io.Writer, sum coaching.Summary, c coaching.Calibration) error {
	b, err := json.Marshal(sum)
	if err != nil {
		return err
	}
	cb, err := json.Marshal(struct {
		Answers int      `json:"answers"`
		Agreed  int      `json:"agreed"`
		Share   *float64 `json:"share"`
	}{c.Answers, c.Agreed, c.Share()})
	if err != nil {
		return err
	}
	b = append(append(append(b[:len(b)-1], `,"calibration":`...), cb...), '}')
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		return err
	}
	_, err = w.Write(append(coaching.EscapeJSON(out.Bytes()), '\n'))
	return err
}

// repSummary is coaching.Summarize with the counting done by the store:
// the window and the one before it (the trend), and the sessions of the
// skills' sparklines.
func repSummary(ctx context.Context, st *store.Store, pb *coaching.Playbook, r coaching.Rep, now time.Time, days int) (coaching.Summary, error) {
	before, from, to := coaching.SummaryWindows(now, days)
	c, err := st.SummaryCounts(ctx, r.ID, before, from, to)
	if err != nil {
		return coaching.Summary{}, err
	}
	last, err := st.LastSessionFacts(ctx, r.ID, from, to)
	if err != nil {
		return coaching.Summary{}, err
	}
	return coaching.SummarizeCounts(pb, r.Name, now, days, c.Now, c.Before, last), nil
}

// noRep names the reps there are, those like the name first, so a typo is
// fixed without another command.
func noRep(ctx context.Context, st *store.Store, name string) error {
	reps, err := st.Reps(ctx)
	if err != nil {
		return err
	}
	if len(reps) == 0 {
		return fmt.Errorf("no rep named %q: the database has no reps yet", name)
	}
	var like, rest []string
	for _, r := range reps {
		if strings.Contains(strings.ToLower(r.Name), strings.ToLower(strings.TrimSpace(name))) {
			like = append(like, r.Name)
		} else {
			rest = append(rest, r.Name)
		}
	}
	names := append(like, rest...)
	const shown = 6
	if len(names) > shown {
		names = append(names[:shown:shown], "…")
	}
	return fmt.Errorf("no rep named %q (reps: %s)", name, strings.Join(names, ", "))
}

func writeTeam(ctx context.Context, w io.Writer, st *store.Store, days int, format string) error {
	pb, err := st.Playbook(ctx)
	if err != nil {
		return err
	}
	reps, err := st.Reps(ctx)
	if err != nil {
		return err
	}
	now := time.Now()
	before, from, to := coaching.SummaryWindows(now, days)
	if format == "text" {
		// The heat map shows the window alone: no trend, no sessions.
		before = from
	}
	counts, err := st.TeamSummaryCounts(ctx, before, from, to)
	if err != nil {
		return err
	}
	sums := make([]coaching.Summary, 0, len(reps))
	for _, r := range reps {
		c := counts[r.ID]
		if c == nil {
			c = &store.Counts{}
		}
		var last []coaching.Fact
		if format == "json" {
			if last, err = st.LastSessionFacts(ctx, r.ID, from, to); err != nil {
				return err
			}
		}
		sums = append(sums, coaching.SummarizeCounts(pb, r.Name, now, days, c.Now, c.Before, last))
	}
	team := coaching.Team(pb, days, sums)
	switch format {
	case "json":
		return writeJSON(w, team)
	case "md":
		return writeTeamMarkdown(w, pb, team, now)
	}
	return writeTeamText(w, pb, team)
}

// writeJSON writes v indented. encoding/json leaves C1 and bidi controls
// raw; EscapeJSON writes them as \u escapes, so the JSON is safe to print.
func writeJSON(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(coaching.EscapeJSON(b), '\n'))
	return err
}

const barWidth = 20

// bar draws strength s as filled and empty blocks, width cells wide.
func bar(s float64, width int) string {
	n := int(math.Round(s * float64(width)))
	return strings.Repeat("█", n) + strings.Repeat("░", width-n)
}

func percent(s *float64) string {
	if s == nil {
		return "—"
	}
	return fmt.Sprintf("%d%%", int(math.Round(*s*100)))
}

// verdict is the word a manager reads next to a stage.
func verdict(pb *coaching.Playbook, s coaching.StageScore) string {
	switch {
	case s.Strength == nil:
		return "no answers"
	case !s.Enough:
		return fmt.Sprintf("not enough evidence (%d of %d answers)", s.Answers(), pb.MinAnswers)
	case s.Weak:
		return "WEAK"
	}
	return ""
}

// trend reads a stage's or a skill's change against the window before, in
// points.
func trend(t interface{ Delta() (float64, bool) }) string {
	d, ok := t.Delta()
	if !ok {
		return ""
	}
	pts := int(math.Round(d * 100))
	switch {
	case pts > 0:
		return fmt.Sprintf("▲ %d pts", pts)
	case pts < 0:
		return fmt.Sprintf("▼ %d pts", -pts)
	}
	return "= same"
}

func writeRepText(w io.Writer, pb *coaching.Playbook, sum coaching.Summary) error {
	fmt.Fprintf(w, "%s · stage strength over the last %d days\n\n", coaching.SafeLine(sum.Rep), sum.WindowDays)
	tw := newTable(w, 2)
	for i, s := range sum.Stages {
		b := strings.Repeat("·", barWidth)
		if s.Strength != nil {
			b = bar(*s.Strength, barWidth)
		}
		t := ""
		if i < len(sum.Trend) {
			t = trend(sum.Trend[i])
		}
		fmt.Fprintf(tw, "  %s\t%s\t%4s\t%3d yes %3d no %3d unsure\t%s\t%s\n",
			coaching.SafeLine(s.Name), b, percent(s.Strength), s.Yes, s.No, s.Unsure, t, verdict(pb, s))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	if len(sum.WeakStages) == 0 {
		fmt.Fprintln(w, "No weak stage.")
	} else {
		names := make([]string, len(sum.WeakStages))
		for i, k := range sum.WeakStages {
			names[i] = coaching.SafeLine(pb.StageName(k))
		}
		fmt.Fprintf(w, "Weak stages: %s.\n", strings.Join(names, ", "))
	}
	if len(sum.WeakestItems) > 0 {
		fmt.Fprintln(w, "Weakest items:")
		tw := newTable(w, 2)
		for _, it := range sum.WeakestItems {
			fmt.Fprintf(tw, "  %s\t%s\t%d no, %d unsure, %d yes\n", coaching.SafeLine(pb.StageName(it.Stage)), coaching.SafeLine(it.Question), it.No, it.Unsure, it.Yes)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return writeSkillsText(w, pb, sum)
}

// writeSkillsText prints each skill's strength with its last sessions as a
// sparkline and as numbers.
func writeSkillsText(w io.Writer, pb *coaching.Playbook, sum coaching.Summary) error {
	if len(sum.Skills) == 0 {
		return nil
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Skills · strength of their items; the last %d sessions, oldest first (· none of its items asked)\n", len(sum.SkillSessions))
	tw := newTable(w, 2)
	for _, sk := range sum.Skills {
		fmt.Fprintf(tw, "  %s\t%s\t%4s\t%3d yes %3d no %3d unsure\t%s\t%s\t%s\n",
			coaching.SafeLine(sk.Name), spark(sk.LastSessions), percent(sk.Strength), sk.Yes, sk.No, sk.Unsure,
			trend(sk.Trend), sessionNumbers(sk.LastSessions), verdict(pb, sk.StageScore))
	}
	return tw.Flush()
}

// spark is the sparkline of a skill's last sessions, a dash when there are
// none.
func spark(vals []*float64) string {
	if len(vals) == 0 {
		return "—"
	}
	return coaching.Sparkline(vals)
}

// sessionNumbers reads a skill's last sessions as percentages, · where a
// session asked none of its items.
func sessionNumbers(vals []*float64) string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = "·"
		if v != nil {
			out[i] = strings.TrimSuffix(percent(v), "%")
		}
	}
	return strings.Join(out, " ")
}

func writeRepMarkdown(w io.Writer, pb *coaching.Playbook, sum coaching.Summary, now time.Time) error {
	fmt.Fprintf(w, "# %s — stage strength\n\n", coaching.MarkdownLine(sum.Rep))
	fmt.Fprintf(w, "The last %d days, to %s. A stage is weak below %d%% with at least %d answers; unsure counts against.\n\n",
		sum.WindowDays, now.Format("2 Jan 2006"), int(math.Round(pb.WeakBelow*100)), pb.MinAnswers)
	fmt.Fprintln(w, "| Stage | Strength | Yes | No | Unsure | n.a. | Trend | |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---|---|")
	for i, s := range sum.Stages {
		t := ""
		if i < len(sum.Trend) {
			t = trend(sum.Trend[i])
		}
		v := verdict(pb, s)
		if s.Weak {
			v = "**weak**"
		}
		fmt.Fprintf(w, "| %s | %s | %d | %d | %d | %d | %s | %s |\n",
			coaching.MarkdownLine(s.Name), percent(s.Strength), s.Yes, s.No, s.Unsure, s.NA, t, v)
	}
	fmt.Fprintln(w)
	if len(sum.WeakStages) > 0 {
		names := make([]string, len(sum.WeakStages))
		for i, k := range sum.WeakStages {
			names[i] = coaching.MarkdownLine(pb.StageName(k))
		}
		fmt.Fprintf(w, "**Weak stages:** %s\n\n", strings.Join(names, ", "))
	}
	if len(sum.WeakestItems) > 0 {
		fmt.Fprintln(w, "## Weakest items")
		fmt.Fprintln(w)
		for _, it := range sum.WeakestItems {
			fmt.Fprintf(w, "- **%s** — %s (%d no, %d unsure, %d yes)\n",
				coaching.MarkdownLine(pb.StageName(it.Stage)), coaching.MarkdownLine(it.Question), it.No, it.Unsure, it.Yes)
		}
	}
	if len(sum.Skills) == 0 {
		return nil
	}
	if len(sum.WeakestItems) > 0 {
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "## Skills")
	fmt.Fprintln(w)
	fmt.Fprintf(w, "The strength of each skill's items, and in each of the last %d sessions, oldest first (· none of its items asked).\n\n", len(sum.SkillSessions))
	fmt.Fprintln(w, "| Skill | Strength | Last sessions | | Yes | No | Unsure | n.a. | Trend | |")
	fmt.Fprintln(w, "|---|---:|---|---|---:|---:|---:|---:|---|---|")
	for _, sk := range sum.Skills {
		v := verdict(pb, sk.StageScore)
		if sk.Weak {
			v = "**weak**"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %d | %d | %d | %d | %s | %s |\n",
			coaching.MarkdownLine(sk.Name), percent(sk.Strength), spark(sk.LastSessions), sessionNumbers(sk.LastSessions),
			sk.Yes, sk.No, sk.Unsure, sk.NA, trend(sk.Trend), v)
	}
	return nil
}

const teamBar = 5

// writeTeamText prints the reps × stages heat map: a short bar and the
// strength per cell, marked when weak or when there is too little to judge.
func writeTeamText(w io.Writer, pb *coaching.Playbook, team coaching.TeamMatrix) error {
	fmt.Fprintf(w, "Team · stage strength over the last %d days\n", team.WindowDays)
	fmt.Fprintln(w, "! weak   ? not enough evidence   – no answers")
	fmt.Fprintln(w)
	if len(team.Reps) == 0 {
		fmt.Fprintln(w, "No reps yet.")
		return nil
	}
	tw := newTable(w, 3)
	fmt.Fprint(tw, "Rep")
	for _, g := range pb.Groups() {
		fmt.Fprint(tw, "\t"+coaching.SafeLine(g.Name))
	}
	fmt.Fprintln(tw)
	row := func(name string, cells []coaching.StageScore) {
		fmt.Fprint(tw, coaching.SafeLine(name))
		for _, s := range cells {
			fmt.Fprint(tw, "\t"+teamCell(s))
		}
		fmt.Fprintln(tw)
	}
	for i, r := range team.Reps {
		cells := make([]coaching.StageScore, 0, len(team.Overall))
		for _, o := range team.Overall {
			cells = append(cells, team.Cell(i, o.Key))
		}
		row(r.Rep, cells)
	}
	row("Team", team.Overall)
	return tw.Flush()
}

// writeTeamMarkdown is the heat map as a Markdown table, to paste into a
// forecast deck or a wiki: strength per cell, weak ones in bold.
func writeTeamMarkdown(w io.Writer, pb *coaching.Playbook, team coaching.TeamMatrix, now time.Time) error {
	fmt.Fprintf(w, "# Team — stage strength\n\n")
	fmt.Fprintf(w, "The last %d days, to %s. A stage is weak below %d%% with at least %d answers: **weak**, ? not enough evidence, – no answers.\n\n",
		team.WindowDays, now.Format("2 Jan 2006"), int(math.Round(pb.WeakBelow*100)), pb.MinAnswers)
	if len(team.Reps) == 0 {
		_, err := fmt.Fprintln(w, "No reps yet.")
		return err
	}
	fmt.Fprint(w, "| Rep |")
	for _, g := range pb.Groups() {
		fmt.Fprintf(w, " %s |", coaching.MarkdownLine(g.Name))
	}
	fmt.Fprint(w, "\n|---|")
	for range pb.Groups() {
		fmt.Fprint(w, "---:|")
	}
	fmt.Fprintln(w)
	row := func(name string, cells []coaching.StageScore) {
		fmt.Fprintf(w, "| %s |", name)
		for _, s := range cells {
			fmt.Fprintf(w, " %s |", teamMarkdownCell(s))
		}
		fmt.Fprintln(w)
	}
	for i, r := range team.Reps {
		cells := make([]coaching.StageScore, 0, len(team.Overall))
		for _, o := range team.Overall {
			cells = append(cells, team.Cell(i, o.Key))
		}
		row(coaching.MarkdownLine(r.Rep), cells)
	}
	row("**Team**", team.Overall)
	return nil
}

func teamMarkdownCell(s coaching.StageScore) string {
	switch {
	case s.Strength == nil:
		return "–"
	case s.Weak:
		return "**" + percent(s.Strength) + "**"
	case !s.Enough:
		return percent(s.Strength) + " ?"
	}
	return percent(s.Strength)
}

func teamCell(s coaching.StageScore) string {
	if s.Strength == nil {
		return strings.Repeat("·", teamBar) + "    –"
	}
	mark := ""
	switch {
	case s.Weak:
		mark = " !"
	case !s.Enough:
		mark = " ?"
	}
	return fmt.Sprintf("%s %4s%s", bar(*s.Strength, teamBar), percent(s.Strength), mark)
}

// table aligns tab-separated cells like tabwriter, and drops the spaces
// that empty last cells leave at the ends of lines.
type table struct {
	*tabwriter.Writer
	buf strings.Builder
	out io.Writer
}

func newTable(out io.Writer, padding int) *table {
	t := &table{out: out}
	t.Writer = tabwriter.NewWriter(&t.buf, 0, 0, padding, ' ', 0)
	return t
}

func (t *table) Flush() error {
	if err := t.Writer.Flush(); err != nil {
		return err
	}
	lines := strings.SplitAfter(t.buf.String(), "\n")
	t.buf.Reset()
	for _, l := range lines {
		if l == "" {
			continue
		}
		end := ""
		if strings.HasSuffix(l, "\n") {
			end = "\n"
		}
		if _, err := io.WriteString(t.out, strings.TrimRight(l, " \n")+end); err != nil {
			return err
		}
	}
	return nil
}
