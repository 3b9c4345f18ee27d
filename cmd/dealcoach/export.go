package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"dealcoach/coaching"
	"dealcoach/internal/files"
	"dealcoach/store"
)

// export is `dealcoach export`: one session's recap (Markdown, to paste for
// the rep) or the whole record as JSON, of a session or of a rep. Private
// notes — the review's private note and the session's own notes, which
// the rep's recap never shows either — appear only with --private.
func (c *cli) exportCmd() *cobra.Command {
	var o exportOptions
	cmd := &cobra.Command{
		Use:   "export (--session ID | --rep NAME) [--format md|json] [--private] [--output FILE [--force]]",
		Short: "One session's recap, or a rep's whole record, as Markdown or JSON",
		Example: `  dealcoach export --session 42 > recap.md
  dealcoach export --rep "Dana Ruiz" --format json --output dana.json`,
		Args:              positional(0, 0),
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE:              func(*cobra.Command, []string) error { return c.export(o) },
	}
	f := cmd.Flags()
	f.Int64Var(&o.session, "session", 0, "the session to export")
	f.StringVar(&o.rep, "rep", "", "the rep whose sessions to export")
	f.StringVar(&o.format, "format", "", "md or json (default md for --session, json for --rep)")
	f.BoolVar(&o.private, "private", false, "include the manager's private notes")
	f.StringVar(&o.output, "output", "", "write to this file (mode 0600) instead of stdout")
	f.BoolVar(&o.force, "force", false, "replace the --output file if it exists")
	c.completeReps(cmd)
	cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"md", "json"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// exportOptions are export's flags.
type exportOptions struct {
	session        int64
	rep, format    string
	private, force bool
	output         string
}

func (c *cli) export(o exportOptions) error {
	switch {
	case o.session != 0 && o.rep != "":
		return usageErrorf("export: give --session ID or --rep NAME, not both")
	case o.session == 0 && o.rep == "":
		return usageErrorf("export: give --session ID or --rep NAME")
	case o.session < 0:
		return usageErrorf("export: --session wants a session number")
	case o.force && o.output == "":
		return usageErrorf("export: --force goes with --output FILE")
	}
	if o.format == "" {
		o.format = "json"
		if o.session != 0 {
			o.format = "md"
		}
	}
	if o.format != "md" && o.format != "json" {
		return usageErrorf("export: --format must be md or json, not %q", o.format)
	}

	st, err := c.openReadOnly(c.db)
	if err != nil {
		return err
	}
	defer st.Close()
	x := exporter{ctx: c.ctx, st: st, private: o.private, playbooks: map[int]*coaching.Playbook{}}
	// The whole export is built before anything is written, so a failure
	// never leaves half a file behind.
	var buf bytes.Buffer
	if o.session != 0 {
		err = x.session(&buf, o.session, o.format)
	} else {
		err = x.rep(&buf, o.rep, o.format)
	}
	if err != nil {
		return err
	}
	if o.output == "" {
		_, err = c.stdout.Write(buf.Bytes())
		return err
	}
	if sameFile(o.output, st.Path()) {
		return fmt.Errorf("%s is the database itself; pick another --output", o.output)
	}
	// Exports hold coaching notes, personnel data: 0600, and no file is
	// replaced unless the manager says so.
	err = files.Write(o.output, buf.Bytes(), o.force)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists; use --force", o.output)
	}
	return err
}

type exporter struct {
	ctx     context.Context
	st      *store.Store
	private bool
	// playbooks caches versions: a rep's sessions mostly share one.
	playbooks map[int]*coaching.Playbook
}

func (x *exporter) playbook(v int) (*coaching.Playbook, error) {
	if pb, ok := x.playbooks[v]; ok {
		return pb, nil
	}
	pb, err := x.st.PlaybookVersion(x.ctx, v)
	if err != nil {
		return nil, err
	}
	x.playbooks[v] = pb
	return pb, nil
}

func (x *exporter) session(buf *bytes.Buffer, id int64, format string) error {
	rec, err := x.st.Recap(x.ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no session %d", id)
	}
	if err != nil {
		return err
	}
	pb, err := x.playbook(rec.Session.PlaybookVersion)
	if err != nil {
		return err
	}
	if format == "md" {
		buf.WriteString(rec.Markdown(pb, x.private))
		return nil
	}
	out, err := x.sessionJSON(rec, pb)
	if err != nil {
		return err
	}
	return writeJSON(buf, out)
}

func (x *exporter) rep(buf *bytes.Buffer, name, format string) error {
	r, err := x.st.RepByName(x.ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return noRep(x.ctx, x.st, name)
	}
	if err != nil {
		return err
	}
	rows, err := x.st.Sessions(x.ctx, r.ID, 0)
	if err != nil {
		return err
	}
	slices.Reverse(rows) // oldest first: a record reads forward
	out := repExport{Rep: r.Name, Sessions: []sessionExport{}, OpenActions: []actionExport{}}
	var md bytes.Buffer
	for i, row := range rows {
		rec, err := x.st.Recap(x.ctx, row.Session.ID)
		if err != nil {
			return err
		}
		pb, err := x.playbook(rec.Session.PlaybookVersion)
		if err != nil {
			return err
		}
		if format == "md" {
			if i > 0 {
				md.WriteString("\n---\n\n")
			}
			md.WriteString(rec.Markdown(pb, x.private))
			continue
		}
		s, err := x.sessionJSON(rec, pb)
		if err != nil {
			return err
		}
		out.Sessions = append(out.Sessions, s)
	}
	if format == "md" {
		if len(rows) == 0 {
			fmt.Fprintf(&md, "No sessions with %s yet.\n", coaching.MarkdownLine(r.Name))
		}
		buf.Write(md.Bytes())
		return nil
	}
	open, err := x.st.OpenActions(x.ctx, r.ID)
	if err != nil {
		return err
	}
	names, err := x.dealNames(open)
	if err != nil {
		return err
	}
	for _, a := range open {
		out.OpenActions = append(out.OpenActions, actionJSON(a, names[a.DealID]))
	}
	return writeJSON(buf, out)
}

// dealNames names the deals of next steps agreed in earlier sessions.
func (x *exporter) dealNames(actions []coaching.Action) (map[int64]string, error) {
	names := map[int64]string{}
	for _, a := range actions {
		if a.DealID == 0 || names[a.DealID] != "" {
			continue
		}
		d, err := x.st.Deal(x.ctx, a.DealID)
		if err != nil {
			return nil, err
		}
		names[a.DealID] = d.Name
	}
	return names, nil
}

// The JSON shapes. Structs, not maps, so keys keep one order; times are
// RFC 3339, days ISO 8601 ("" when unset); amounts are integer cents.

type repExport struct {
	Rep         string          `json:"rep"`
	Sessions    []sessionExport `json:"sessions"`
	OpenActions []actionExport  `json:"open_actions"`
}

type sessionExport struct {
	ID              int64   `json:"id"`
	Rep             string  `json:"rep"`
	Kind            string  `json:"kind"`
	PlaybookVersion int     `json:"playbook_version"`
	StartedAt       string  `json:"started_at"`
	EndedAt         *string `json:"ended_at"` // null while unfinished
	TimeboxMinutes  int     `json:"timebox_minutes"`
	FocusSkill      string  `json:"focus_skill"`
	Notes           *string `json:"notes,omitempty"` // only with --private
	// FocusReview is the "practised?" of last time's focus; null when the
	// session did not ask.
	FocusReview *focusReviewExport `json:"focus_review"`
	// Commitments are the steps from earlier 1:1s gone through in this one,
	// with this session's verdict as status.
	Commitments []actionExport `json:"commitments_reviewed"`
	Reviews     []reviewExport `json:"reviews"`
	Actions     []actionExport `json:"actions"`
	Debrief     *debriefExport `json:"debrief,omitempty"` // ride-alongs only
}

type reviewExport struct {
	Deal dealExport `json:"deal"`
	// Stage is the deal's stage when it was reviewed.
	Stage       string         `json:"stage"`
	StageName   string         `json:"stage_name"`
	ReviewedAt  string         `json:"reviewed_at"`
	Answers     []answerExport `json:"answers"`
	Gaps        []string       `json:"gaps"`
	SharedNote  string         `json:"shared_note"`
	PrivateNote *string        `json:"private_note,omitempty"` // only with --private
}

type dealExport struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Account     string `json:"account"`
	AmountCents int64  `json:"amount_cents"`
	Currency    string `json:"currency"`
	Stage       string `json:"stage"`
	Status      string `json:"status"`
	CloseDate   string `json:"close_date"`
	NextStep    string `json:"next_step"`
	CRMID       string `json:"crm_id"`
}

type answerExport struct {
	Stage      string `json:"stage"`
	Item       string `json:"item"`
	Question   string `json:"question"`
	Value      string `json:"value"`
	Evidence   string `json:"evidence"`
	AnsweredAt string `json:"answered_at"`
	Source     string `json:"source,omitempty"` // "crm": suggested by the CRM, confirmed
}

type actionExport struct {
	ID        int64  `json:"id"`
	SessionID int64  `json:"session_id"`
	Text      string `json:"text"`
	Owner     string `json:"owner"`
	Due       string `json:"due"`
	Status    string `json:"status"`
	DealID    int64  `json:"deal_id,omitempty"`
	Deal      string `json:"deal,omitempty"`
	CreatedAt string `json:"created_at"`
	// Carried counts the 1:1s that marked the step not done.
	Carried int `json:"carried"`
}

type focusReviewExport struct {
	Focus     string `json:"focus"`
	Practised string `json:"practised"` // yes, partly, no; "" not answered
	Evidence  string `json:"evidence"`
}

type debriefExport struct {
	DealID           int64  `json:"deal_id"`
	Deal             string `json:"deal"`
	Objective        string `json:"objective"`
	CommitmentWanted string `json:"commitment_wanted"`
	Fallback         string `json:"fallback"`
	Attendees        string `json:"attendees"`
	ManagerRole      string `json:"manager_role"`
	ObserveSkill     string `json:"observe_skill"`
	ObserveOutcome   string `json:"observe_outcome"` // how the rep did on it: yes, partly, no or ""
	Outcome          string `json:"outcome"`
	CustomerNextStep string `json:"customer_next_step"`
	CustomerNextDate string `json:"customer_next_date"`
	WentWell         string `json:"went_well"`
	DoDifferently    string `json:"do_differently"`
	Surprised        string `json:"surprised"`
	Practise         string `json:"practise"`
}

func (x *exporter) sessionJSON(rec coaching.Recap, pb *coaching.Playbook) (sessionExport, error) {
	s := rec.Session
	out := sessionExport{
		ID: s.ID, Rep: rec.Rep, Kind: string(s.Kind), PlaybookVersion: s.PlaybookVersion,
		StartedAt: rfc3339(s.StartedAt), TimeboxMinutes: s.TimeboxMinutes, FocusSkill: s.FocusSkill,
		Reviews: []reviewExport{}, Actions: []actionExport{}, Commitments: []actionExport{},
	}
	if s.FocusReviewed != "" {
		out.FocusReview = &focusReviewExport{Focus: s.FocusReviewed, Practised: string(s.FocusPractised), Evidence: s.FocusEvidence}
	}
	if s.Ended() {
		t := rfc3339(s.EndedAt)
		out.EndedAt = &t
	}
	if x.private {
		out.Notes = &s.Notes
	}
	names := map[int64]string{}
	for _, d := range rec.Deals {
		names[d.Deal.ID] = d.Deal.Name
		r := reviewExport{
			Deal:  dealJSON(d.Deal),
			Stage: d.Review.Stage, StageName: pb.StageName(d.Review.Stage),
			ReviewedAt: rfc3339(d.Review.CreatedAt),
			Answers:    []answerExport{}, Gaps: d.Gaps, SharedNote: d.Review.SharedNote,
		}
		if r.Gaps == nil {
			r.Gaps = []string{}
		}
		if x.private {
			note := d.Review.PrivateNote
			r.PrivateNote = &note
		}
		for _, a := range d.Answers {
			q := a.Item // an item the playbook version lacks keeps its key
			if it, _, ok := pb.Item(a.Item); ok {
				q = it.Question
			}
			r.Answers = append(r.Answers, answerExport{Stage: a.Stage, Item: a.Item, Question: q,
				Value: string(a.Value), Evidence: a.Evidence, AnsweredAt: rfc3339(a.AnsweredAt), Source: a.Source})
		}
		out.Reviews = append(out.Reviews, r)
	}
	for _, a := range rec.Actions {
		out.Actions = append(out.Actions, actionJSON(a, names[a.DealID]))
	}
	earlier, err := x.dealNames(rec.Commitments)
	if err != nil {
		return sessionExport{}, err
	}
	for _, a := range rec.Commitments {
		out.Commitments = append(out.Commitments, actionJSON(a, earlier[a.DealID]))
	}
	if d := rec.Debrief; d != nil {
		if names[d.DealID] == "" {
			// The call's deal need not have been walked through.
			deal, err := x.st.Deal(x.ctx, d.DealID)
			if err != nil {
				return sessionExport{}, err
			}
			names[d.DealID] = deal.Name
		}
		out.Debrief = &debriefExport{
			DealID: d.DealID, Deal: names[d.DealID], Objective: d.Objective, CommitmentWanted: d.CommitmentWanted,
			Fallback: d.Fallback, Attendees: d.Attendees, ManagerRole: string(d.ManagerRole), ObserveSkill: d.ObserveSkill,
			ObserveOutcome: string(d.ObserveOutcome), Outcome: string(d.Outcome), CustomerNextStep: d.CustomerNextStep, CustomerNextDate: d.CustomerNextDate.String(),
			WentWell: d.WentWell, DoDifferently: d.DoDifferently, Surprised: d.Surprised, Practise: d.Practise,
		}
	}
	return out, nil
}

func dealJSON(d coaching.Deal) dealExport {
	return dealExport{ID: d.ID, Name: d.Name, Account: d.Account, AmountCents: d.Amount, Currency: d.Currency,
		Stage: d.Stage, Status: string(d.Status), CloseDate: d.CloseDate.String(), NextStep: d.NextStep, CRMID: d.CRMID}
}

func actionJSON(a coaching.Action, deal string) actionExport {
	return actionExport{ID: a.ID, SessionID: a.SessionID, Text: a.Text, Owner: string(a.Owner), Due: a.Due.String(),
		Status: string(a.Status), DealID: a.DealID, Deal: deal, CreatedAt: rfc3339(a.CreatedAt), Carried: a.Carried}
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}
