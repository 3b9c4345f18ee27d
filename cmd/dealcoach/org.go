package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"dealcoach/coaching"
	"dealcoach/orgstore"
)

// orgCmd is `dealcoach org init --url URL`: the org database's schema,
// roles and row-level security, run by the schema's owner.
func (c *cli) orgCmd() *cobra.Command {
	var url string
	cmd := &cobra.Command{
		Use:   "org init [--url URL]",
		Short: "Create the organisation's PostgreSQL schema, roles and row-level security",
		Long: "Run once by the database's owner; running it again changes nothing. The URL follows libpq\n" +
			"rules (PGPASSFILE, sslmode, service files); without --url, $DEALCOACH_ORG_URL.",
		Example:           "  dealcoach org init --url postgres://dba@db.example.com/coaching",
		Args:              positional(1, 1),
		ValidArgsFunction: cobra.FixedCompletions([]string{"init"}, cobra.ShellCompDirectiveNoFileComp),
		RunE: func(_ *cobra.Command, args []string) error {
			if args[0] != "init" {
				return usageErrorf("org: unknown subcommand %q (org init --url URL)", args[0])
			}
			u, err := c.orgURL("url", url)
			if err != nil {
				return err
			}
			return c.orgInit(u)
		},
	}
	cmd.Flags().StringVar(&url, "url", "", "the org database URL (libpq rules)")
	return cmd
}

func (c *cli) orgInit(url string) error {
	applied, err := orgstore.Init(c.ctx, url)
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		_, err = fmt.Fprintln(c.stdout, "org database already up to date")
		return err
	}
	_, err = fmt.Fprintf(c.stdout, "org database ready (%s); grant %s to each manager's login, %s to directors\n",
		strings.Join(applied, ", "), orgstore.ManagerRole, orgstore.DirectorRole)
	return err
}

// orgSummaryOptions are `summary --org`'s parsed flags.
type orgSummaryOptions struct {
	url     string
	days    int
	format  string
	manager string // drill into one manager's reps
	now     time.Time
}

func (c *cli) orgSummary(o orgSummaryOptions) error {
	if o.now.IsZero() {
		o.now = time.Now()
	}
	ms, err := orgstore.Rollup(c.ctx, o.url, orgstore.Window{Now: o.now, Days: o.days})
	if err != nil {
		return err
	}
	if o.manager != "" {
		m, err := findManager(ms, o.manager)
		if err != nil {
			return err
		}
		return writeManagerTeam(c.stdout, m, o.days, o.format)
	}
	switch o.format {
	case "json":
		return writeJSON(c.stdout, orgJSON(ms, o.days))
	case "md":
		return writeOrgMarkdown(c.stdout, ms, o.days)
	}
	return writeOrgText(c.stdout, ms, o.days)
}

func findManager(ms []orgstore.Manager, name string) (orgstore.Manager, error) {
	var names []string
	for _, m := range ms {
		if m.Name == name {
			return m, nil
		}
		names = append(names, m.Name)
	}
	for _, m := range ms {
		if strings.EqualFold(m.Name, name) {
			return m, nil
		}
	}
	if len(names) == 0 {
		return orgstore.Manager{}, fmt.Errorf("no manager named %q: nobody has published yet", name)
	}
	return orgstore.Manager{}, fmt.Errorf("no manager named %q (managers: %s)", name, strings.Join(names, ", "))
}

// managerTeam is the manager's own `summary --team` matrix, from the
// published rows.
func managerTeam(m orgstore.Manager, days int) (coaching.TeamMatrix, *coaching.Playbook) {
	team := coaching.TeamMatrix{WindowDays: days, Overall: m.Stages}
	for _, r := range m.Reps {
		sum := coaching.Summary{Rep: r.Name, WindowDays: days, Stages: r.Stages, WeakStages: []string{}}
		for _, s := range r.Stages {
			if s.Weak {
				sum.WeakStages = append(sum.WeakStages, s.Key)
			}
		}
		team.Reps = append(team.Reps, sum)
	}
	// writeTeamText reads only the groups' names from the playbook.
	pb := &coaching.Playbook{}
	for i, s := range m.Stages {
		g := coaching.Stage{Key: s.Key, Name: s.Name}
		if i == len(m.Stages)-1 {
			pb.Every = g
		} else {
			pb.Stages = append(pb.Stages, g)
		}
	}
	return team, pb
}

func writeManagerTeam(w io.Writer, m orgstore.Manager, days int, format string) error {
	team, pb := managerTeam(m, days)
	switch format {
	case "json":
		return writeJSON(w, team)
	case "md":
		return usageErrorf("summary: --manager takes --format text or json")
	}
	fmt.Fprintf(w, "%s · ", coaching.SafeLine(m.Name))
	return writeTeamText(w, pb, team)
}

type orgManagerJSON struct {
	Manager      string                `json:"manager"`
	Reps         int                   `json:"reps"`
	Stages       []coaching.StageScore `json:"stages"`
	PerRepMonth  float64               `json:"one_on_ones_per_rep_month"`
	RideAlongs   float64               `json:"ride_alongs_per_month"`
	NoOneOnOne   []string              `json:"reps_without_one_on_one_30_days"`
	ManagerShare *float64              `json:"manager_owned_steps_share"`
	Commitments  struct {
		Done    int `json:"done"`
		NotDone int `json:"not_done"`
		Dropped int `json:"dropped"`
	} `json:"commitments"`
	Focus struct {
		Runs        int     `json:"runs"`
		AvgSessions float64 `json:"avg_one_on_ones_kept"`
		AvgDays     float64 `json:"avg_days_kept"`
		Practised   int     `json:"practised"`
		Checked     int     `json:"checked"`
		Rose        int     `json:"strength_rose"`
		Compared    int     `json:"strength_compared"`
	} `json:"focus"`
}

type orgSummaryJSON struct {
	WindowDays int              `json:"window_days"`
	Managers   []orgManagerJSON `json:"managers"`
}

func orgJSON(ms []orgstore.Manager, days int) orgSummaryJSON {
	out := orgSummaryJSON{WindowDays: days, Managers: []orgManagerJSON{}}
	for _, m := range ms {
		j := orgManagerJSON{Manager: m.Name, Reps: len(m.Reps), Stages: m.Stages,
			PerRepMonth: m.PerRepMonth(days), RideAlongs: m.RideAlongsPerMonth(days),
			NoOneOnOne: append([]string{}, m.NoOneOnOne30...), ManagerShare: m.ManagerShare()}
		if j.Stages == nil {
			j.Stages = []coaching.StageScore{}
		}
		j.Commitments.Done, j.Commitments.NotDone, j.Commitments.Dropped = m.Done, m.NotDone, m.Dropped
		j.Focus.Runs, j.Focus.AvgSessions, j.Focus.AvgDays = m.Focus.Runs, m.Focus.AvgSessions, m.Focus.AvgDays
		j.Focus.Practised, j.Focus.Checked = m.Focus.Practised, m.Focus.Checked
		j.Focus.Rose, j.Focus.Compared = m.Focus.Rose, m.Focus.Compared
		out.Managers = append(out.Managers, j)
	}
	return out
}

func share(p *float64) string { return percent(p) }

func writeOrgText(w io.Writer, ms []orgstore.Manager, days int) error {
	fmt.Fprintf(w, "Organisation · stage strength over the last %d days\n", days)
	fmt.Fprintln(w, "! weak   ? not enough evidence   – no answers")
	fmt.Fprintln(w)
	if len(ms) == 0 {
		fmt.Fprintln(w, "No manager has published yet.")
		return nil
	}
	cols := orgstore.StageColumns(ms)
	tw := newTable(w, 3)
	fmt.Fprint(tw, "Manager\tReps")
	for _, c := range cols {
		fmt.Fprint(tw, "\t"+coaching.SafeLine(c.Name))
	}
	fmt.Fprintln(tw)
	for _, m := range ms {
		fmt.Fprintf(tw, "%s\t%d", coaching.SafeLine(m.Name), len(m.Reps))
		for _, c := range cols {
			fmt.Fprint(tw, "\t"+teamCell(m.Stage(c.Key)))
		}
		fmt.Fprintln(tw)
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintln(w)
	fmt.Fprintln(w, "Coaching and commitments")
	tw = newTable(w, 3)
	fmt.Fprintln(tw, "Manager\t1:1s per rep a month\tRide-alongs a month\tNext steps the manager owns\tDone\tNot done\tDropped\tFocus kept (1:1s)\tFocus skill rose\tNo 1:1 in 30 days")
	for _, m := range ms {
		missing := make([]string, len(m.NoOneOnOne30))
		for i, n := range m.NoOneOnOne30 {
			missing[i] = coaching.SafeLine(n)
		}
		none := strings.Join(missing, ", ")
		if none == "" {
			none = "—"
		}
		fmt.Fprintf(tw, "%s\t%.1f\t%.1f\t%s\t%d\t%d\t%d\t%.1f\t%s\t%s\n", coaching.SafeLine(m.Name),
			m.PerRepMonth(days), m.RideAlongsPerMonth(days), share(m.ManagerShare()),
			m.Done, m.NotDone, m.Dropped, m.Focus.AvgSessions, roseText(m.Focus), none)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	_, err := fmt.Fprintln(w, "Drill into a manager's reps: dealcoach summary --org --manager NAME")
	return err
}

// roseText is "2 of 3" runs whose skill strength rose, "—" with none to
// compare.
func roseText(f orgstore.FocusStats) string {
	if f.Compared == 0 {
		return "—"
	}
	return fmt.Sprintf("%d of %d", f.Rose, f.Compared)
}

func writeOrgMarkdown(w io.Writer, ms []orgstore.Manager, days int) error {
	fmt.Fprintf(w, "# Organisation — stage strength\n\nThe last %d days.\n\n", days)
	cols := orgstore.StageColumns(ms)
	fmt.Fprint(w, "| Manager | Reps |")
	for _, c := range cols {
		fmt.Fprintf(w, " %s |", coaching.MarkdownLine(c.Name))
	}
	fmt.Fprint(w, "\n|---|---:|")
	fmt.Fprintln(w, strings.Repeat("---:|", len(cols)))
	for _, m := range ms {
		fmt.Fprintf(w, "| %s | %d |", coaching.MarkdownLine(m.Name), len(m.Reps))
		for _, c := range cols {
			s := m.Stage(c.Key)
			cell := percent(s.Strength)
			if s.Weak {
				cell = "**" + cell + " weak**"
			}
			fmt.Fprintf(w, " %s |", cell)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "## Coaching and commitments")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| Manager | 1:1s per rep a month | Ride-alongs a month | Next steps the manager owns | Done | Not done | Dropped | No 1:1 in 30 days |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---|")
	for _, m := range ms {
		missing := make([]string, len(m.NoOneOnOne30))
		for i, n := range m.NoOneOnOne30 {
			missing[i] = coaching.MarkdownLine(n)
		}
		_, err := fmt.Fprintf(w, "| %s | %.1f | %.1f | %s | %d | %d | %d | %s |\n", coaching.MarkdownLine(m.Name),
			m.PerRepMonth(days), m.RideAlongsPerMonth(days), share(m.ManagerShare()), m.Done, m.NotDone, m.Dropped, strings.Join(missing, ", "))
		if err != nil {
			return err
		}
	}
	return nil
}

// summaryOrg checks `summary --org`'s flags and runs it.
func (c *cli) summaryOrg(o summaryOptions) error {
	team, rep, from, manager, days, format := o.team, o.rep, o.from, o.manager, o.days, o.format
	switch {
	case team || rep != "":
		return usageErrorf("summary: --org goes without --rep or --team (drill in with --manager NAME)")
	case days < 1:
		return usageErrorf("summary: --days must be at least 1")
	case !slices.Contains([]string{"text", "json", "md"}, format):
		return usageErrorf("summary: --format must be text, json, md, not %q", format)
	}
	url, err := c.orgURL("from", from)
	if err != nil {
		return err
	}
	return c.orgSummary(orgSummaryOptions{url: url, days: days, format: format, manager: manager})
}
