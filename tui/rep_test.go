package tui

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	bcursor "github.com/charmbracelet/bubbles/cursor"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"dealcoach/coaching"
	"dealcoach/store"
)

// day is a time on a day of the test's autumn, at 10:00 UTC.
func day(m time.Month, d int) time.Time { return time.Date(2026, m, d, 10, 0, 0, 0, time.UTC) }

// repPage is what seedRepPage wrote.
type repPage struct {
	dana, lee, sam, ana int64
	acme, globex, umb   int64
}

// seedRepPage writes a small team. Dana Ruiz has five deals across the
// stages and three sessions plus an unfinished 1:1: Propose and Every deal
// come out weak, Negotiate has too few answers, Validate none.
func seedRepPage(t testing.TB, st *store.Store) repPage {
	t.Helper()
	var p repPage
	err := st.Load(context.Background(), func(l *store.Loader) error {
		must := func(id int64, err error) int64 {
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		check := func(err error) {
			if err != nil {
				t.Fatal(err)
			}
		}
		p.dana = must(l.Rep(coaching.Rep{Name: "Dana Ruiz"}))
		p.lee = must(l.Rep(coaching.Rep{Name: "Lee Park"}))
		p.sam = must(l.Rep(coaching.Rep{Name: "Sam Okafor"}))
		p.ana = must(l.Rep(coaching.Rep{Name: "Ana Silva"}))

		deal := func(rep int64, name, account string, cents int64, stage string, status coaching.DealStatus, closes coaching.Date, since time.Time, next, crm string) int64 {
			return must(l.Deal(coaching.Deal{RepID: rep, Name: name, Account: account, Amount: cents, Stage: stage, Status: status,
				CloseDate: closes, StageSince: since, CreatedAt: day(9, 1), NextStep: next, CRMID: crm}))
		}
		p.acme = deal(p.dana, "Acme renewal", "Acme Corp", 84_000_00, "propose", coaching.StatusOpen, coaching.NewDate(2026, 11, 20), day(10, 1), "Send the mutual action plan to the CFO", "006A1")
		p.globex = deal(p.dana, "Globex expansion", "Globex", 120_000_00, "negotiate", coaching.StatusOpen, coaching.NewDate(2026, 12, 15), day(11, 10), "Legal review call Dec 2", "006A2")
		p.umb = deal(p.dana, "Umbrella security", "Umbrella", 45_000_00, "discover", coaching.StatusOpen, coaching.NewDate(2026, 12, 31), day(10, 20), "", "")
		deal(p.dana, "Initech pilot", "Initech", 18_500_50, "qualify", coaching.StatusOpen, coaching.NewDate(2027, 1, 15), day(11, 20), "Discovery call", "")
		deal(p.dana, "Hooli rollout", "Hooli", 60_000_00, "negotiate", coaching.StatusWon, coaching.NewDate(2026, 10, 30), day(10, 1), "", "")
		leeDeal := deal(p.lee, "Stark upgrade", "Stark", 30_000_00, "validate", coaching.StatusOpen, coaching.NewDate(2026, 12, 20), day(11, 1), "", "")
		samDeal := deal(p.sam, "Wayne towers", "Wayne", 250_000_00, "qualify", coaching.StatusOpen, coaching.NewDate(2027, 2, 1), day(11, 1), "", "")

		// Umbrella's close date was pushed three times, twice since its last
		// review (Nov 12): the flag counts all, "what changed" the last two.
		for _, sn := range []struct {
			at     time.Time
			closes coaching.Date
		}{{day(10, 1), coaching.NewDate(2026, 12, 1)}, {day(11, 1), coaching.NewDate(2026, 12, 10)},
			{day(11, 14), coaching.NewDate(2026, 12, 20)}, {day(11, 20), coaching.NewDate(2026, 12, 31)}} {
			check(l.Snapshot(coaching.Snapshot{DealID: p.umb, TakenAt: sn.at, Stage: "discover", Amount: 45_000_00, CloseDate: sn.closes}))
		}

		session := func(rep int64, kind coaching.SessionKind, at time.Time, ended bool, focus string) int64 {
			x := coaching.Session{RepID: rep, Kind: kind, StartedAt: at, FocusSkill: focus, TimeboxMinutes: 30}
			if ended {
				x.EndedAt = at.Add(35 * time.Minute)
			}
			return must(l.Session(x))
		}
		review := func(sess, dealID int64, stage string, at time.Time, answers map[string]coaching.Value) {
			rid := must(l.Review(coaching.Review{SessionID: sess, DealID: dealID, Stage: stage, CreatedAt: at}))
			for item, v := range answers {
				_, group, ok := coaching.DefaultPlaybook().Item(item)
				if !ok {
					t.Fatalf("no item %s", item)
				}
				check(l.Answer(coaching.Answer{ReviewID: rid, Stage: group, Item: item, Value: v, AnsweredAt: at}))
			}
		}
		y, n, u := coaching.Yes, coaching.No, coaching.Unsure

		s1 := session(p.dana, coaching.OneOnOne, day(10, 15), true, "")
		review(s1, p.umb, "qualify", day(10, 15), map[string]coaching.Value{
			"problem-in-own-words": y, "fits-icp": y, "compelling-event": y, "knows-decision-group": u})
		review(s1, p.acme, "propose", day(10, 15), map[string]coaching.Value{"met-economic-buyer": y})

		s2 := session(p.dana, coaching.OneOnOne, day(11, 12), true, "Multi-threading")
		review(s2, p.acme, "propose", day(11, 12), map[string]coaching.Value{
			"met-economic-buyer": n, "business-case-reviewed": u, "mutual-action-plan": n, "budget-confirmed": y, "proposal-walked-live": n,
			"next-step-dated-shared": n, "close-date-held": n})
		review(s2, p.globex, "negotiate", day(11, 12), map[string]coaching.Value{
			"paper-process-mapped": y, "verbally-selected": y, "next-step-dated-shared": y, "close-date-held": y})
		review(s2, p.umb, "discover", day(11, 12), map[string]coaching.Value{
			"pain-quantified": y, "two-stakeholders": y, "cost-of-inaction": y, "economic-buyer-named": n, "close-date-held": n})
		check2 := func(_ int64, err error) { check(err) }
		check2(l.Action(coaching.Action{SessionID: s2, DealID: p.acme, Text: "Book a meeting with Acme's CFO", Owner: coaching.OwnerRep, Due: coaching.NewDate(2026, 11, 20), CreatedAt: day(11, 12)}))
		check2(l.Action(coaching.Action{SessionID: s2, Text: "Share the ROI template", Owner: coaching.OwnerManager, Due: coaching.NewDate(2026, 12, 3), CreatedAt: day(11, 12)}))
		check2(l.Action(coaching.Action{SessionID: s2, DealID: p.globex, Text: "Map Globex's paper process", Owner: coaching.OwnerRep, CreatedAt: day(11, 12)}))

		s3 := session(p.dana, coaching.RideAlong, day(11, 19), true, "")
		check(l.Debrief(coaching.Debrief{SessionID: s3, DealID: p.globex, Outcome: coaching.OutcomePartly, ManagerRole: coaching.RoleObserve}))
		session(p.dana, coaching.OneOnOne, day(11, 24), false, "")

		ls := session(p.lee, coaching.OneOnOne, day(11, 5), true, "")
		review(ls, leeDeal, "validate", day(11, 5), map[string]coaching.Value{
			"criteria-favour-us": y, "champion-acted": y, "tech-and-users-engaged": y, "competition-known": n, "success-criteria-written": y,
			"next-step-dated-shared": y})
		ss := session(p.sam, coaching.OneOnOne, day(11, 18), true, "")
		review(ss, samDeal, "qualify", day(11, 18), map[string]coaching.Value{
			"problem-in-own-words": n, "fits-icp": y, "compelling-event": u, "knows-decision-group": n, "next-meeting-on-calendar": n})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// openForm presses k on the rep's page and returns the form it opens,
// with its cursors steady: a blinking cursor's tick would make drive wait
// half a second per key.
func openForm(t *testing.T, m *Model, k string) *form {
	t.Helper()
	drive(t, m, keys(k)...)
	f, ok := m.top().(*form)
	if !ok {
		t.Fatalf("%s did not open a form: top is %T", k, m.top())
	}
	for i := range f.fields {
		f.fields[i].input.Cursor.SetMode(bcursor.CursorStatic)
	}
	return f
}

// openRep builds the app at w×h with the rep's page on top.
func openRep(t *testing.T, st *store.Store, repID int64, w, h int) *Model {
	t.Helper()
	m := newTestModel(t, st, w, h)
	drive(t, m, openRepMsg{repID})
	if _, ok := m.top().(*repScreen); !ok {
		t.Fatalf("top screen is %T, want the rep's page", m.top())
	}
	return m
}

func TestRepOverview(t *testing.T) {
	st := openTestStore(t)
	p := seedRepPage(t, st)

	t.Run("deals", func(t *testing.T) {
		m := openRep(t, st, p.dana, 80, 24)
		v := m.View()
		for _, want := range []string{"Dana Ruiz", "4 open deals", "$267,501 pipeline", "Unfinished 1:1 from Nov 24 — press s to resume",
			"weak", "not enough evidence", "no answers yet", "close passed", "pushed 3×", "never reviewed", "won"} {
			if !strings.Contains(v, want) {
				t.Errorf("rep page lacks %q:\n%s", want, v)
			}
		}
		teatest.RequireEqualOutput(t, []byte(v))
	})
	t.Run("history", func(t *testing.T) {
		m := openRep(t, st, p.dana, 80, 24)
		drive(t, m, keys("tab")...)
		v := m.View()
		for _, want := range []string{"[ History 4 ]", "ride-along", "partly", "unfinished", "focus: Multi-threading"} {
			if !strings.Contains(v, want) {
				t.Errorf("history lacks %q:\n%s", want, v)
			}
		}
		teatest.RequireEqualOutput(t, []byte(v))
	})
	t.Run("commitments", func(t *testing.T) {
		m := openRep(t, st, p.dana, 80, 24)
		drive(t, m, keys("tab", "tab")...)
		v := m.View()
		for _, want := range []string{"Commitments 3 (1 overdue)", "Nov 20 · overdue", "manager", "no date"} {
			if !strings.Contains(v, want) {
				t.Errorf("commitments lack %q:\n%s", want, v)
			}
		}
		teatest.RequireEqualOutput(t, []byte(v))
	})
	t.Run("skills", func(t *testing.T) {
		m := openRep(t, st, p.dana, 80, 24)
		drive(t, m, keys("tab", "tab", "tab")...)
		v := m.View()
		// Multi-threading: two stakeholders yes, knows-decision-group
		// unsure (Oct 15), then yes on Nov 12.
		for _, want := range []string{"[ Skills 8 ]", "Last 2 sessions", "Multi-threading ◆ focus", "  0 100", "50% (2)"} {
			if !strings.Contains(v, want) {
				t.Errorf("skills lack %q:\n%s", want, v)
			}
		}
		teatest.RequireEqualOutput(t, []byte(v))
	})
	t.Run("details", func(t *testing.T) {
		m := openRep(t, st, p.dana, 80, 24)
		// Deals are listed by close date: Acme, Globex, Umbrella, …
		drive(t, m, keys("j", "j", "enter")...)
		v := m.View()
		for _, want := range []string{"Umbrella security", "none written down", "Close date pushed 2×", "close date pushed 3×"} {
			if !strings.Contains(v, want) {
				t.Errorf("details lack %q:\n%s", want, v)
			}
		}
		teatest.RequireEqualOutput(t, []byte(v))
		// esc closes the details, and only then leaves the page.
		drive(t, m, keys("esc")...)
		if _, ok := m.top().(*repScreen); !ok || m.top().(*repScreen).detail {
			t.Fatalf("esc should close the details and stay on the page")
		}
		drive(t, m, keys("esc")...)
		if _, ok := m.top().(*home); !ok {
			t.Fatalf("second esc should go back home, top is %T", m.top())
		}
	})
	t.Run("large", func(t *testing.T) {
		m := openRep(t, st, p.dana, 120, 40)
		teatest.RequireEqualOutput(t, []byte(m.View()))
	})
}

func TestRepOverviewEmpty(t *testing.T) {
	st := openTestStore(t)
	rep, err := st.CreateRep(context.Background(), "New Rep")
	if err != nil {
		t.Fatal(err)
	}
	m := openRep(t, st, rep.ID, 80, 24)
	v := m.View()
	for _, want := range []string{"0 open deals", "No deals yet. Press a to add one", "no answers yet"} {
		if !strings.Contains(v, want) {
			t.Errorf("empty rep page lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "edit deal") {
		t.Errorf("edit deal is offered without deals:\n%s", v)
	}
}

func TestShortReason(t *testing.T) {
	for in, want := range map[string]string{
		"close date passed 6 days ago":             "close passed",
		"closes in 9 days":                         "closes in 9d",
		"closes tomorrow":                          "closes tomorrow",
		"stalled 56 days in Propose (expected 21)": "stalled 56d",
		"close date pushed once":                   "pushed 1×",
		"close date pushed 3×":                     "pushed 3×",
		"never reviewed":                           "never reviewed",
		"not reviewed in 45 days":                  "not reviewed 45d",
		"2nd largest open deal":                    "2nd largest",
	} {
		if got := shortReason(in); got != want {
			t.Errorf("shortReason(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDealFormValidation(t *testing.T) {
	st := openTestStore(t)
	p := seedRepPage(t, st)
	m := openRep(t, st, p.dana, 80, 24)
	openForm(t, m, "a")
	drive(t, m, typed("Soylent trial")...)
	drive(t, m, keys("tab", "tab")...)
	drive(t, m, typed("lots")...)
	drive(t, m, keys("ctrl+s")...)
	v := m.View()
	if !strings.Contains(v, "The amount must be a number, like 84,000") {
		t.Fatalf("no amount error:\n%s", v)
	}
	if _, ok := m.top().(*form); !ok {
		t.Fatalf("the form closed on a bad amount")
	}
	teatest.RequireEqualOutput(t, []byte(v))
	deals, _ := st.Deals(context.Background(), p.dana, false)
	for _, d := range deals {
		if d.Name == "Soylent trial" {
			t.Fatalf("a deal with a bad amount was saved")
		}
	}
}

func TestParseAmountAndDate(t *testing.T) {
	for in, want := range map[string]int64{"84,000": 84_000_00, "84000.50": 84_000_50, "$1,234.5": 1_234_50, "USD 10": 10_00, "": 0} {
		got, err := parseAmount(in)
		if err != nil || got != want {
			t.Errorf("parseAmount(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"lots", "1.234", "-5", "84k"} {
		if _, err := parseAmount(bad); err == nil {
			t.Errorf("parseAmount(%q) accepted", bad)
		}
	}
	for in, want := range map[string]string{"2026-12-15": "2026-12-15", "11/26/2026": "2026-11-26", "1/5/2027": "2027-01-05", "": ""} {
		got, err := parseDay(in, testNow)
		if err != nil || got.String() != want {
			t.Errorf("parseDay(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	if _, err := parseDay("next week", testNow); err == nil {
		t.Error("parseDay accepted words")
	}
	if amountText(84_000_50) != "84,000.50" || amountText(84_000_00) != "84,000" || amountText(0) != "" {
		t.Errorf("amountText: %q %q", amountText(84_000_50), amountText(84_000_00))
	}
}

func TestDealFormAddsDeal(t *testing.T) {
	st := openTestStore(t)
	p := seedRepPage(t, st)
	m := openRep(t, st, p.dana, 80, 24)
	openForm(t, m, "a")
	drive(t, m, typed("Soylent trial")...)
	drive(t, m, keys("tab")...)
	drive(t, m, typed("Soylent Inc")...)
	drive(t, m, keys("tab")...)
	drive(t, m, typed("$84,000.50")...)
	drive(t, m, keys("tab", "right", "right", "tab", "tab")...) // stage Validate, status open
	drive(t, m, typed("12/15/2026")...)
	drive(t, m, keys("tab")...)
	drive(t, m, typed("Demo on Dec 3")...)
	drive(t, m, keys("enter")...)

	r, ok := m.top().(*repScreen)
	if !ok {
		t.Fatalf("the form did not close: top is %T\n%s", m.top(), m.View())
	}
	if !strings.Contains(m.View(), "✓ Saved new deal Soylent trial") {
		t.Errorf("no saved status:\n%s", m.View())
	}
	deals, err := st.Deals(context.Background(), p.dana, false)
	if err != nil {
		t.Fatal(err)
	}
	var got coaching.Deal
	for _, d := range deals {
		if d.Name == "Soylent trial" {
			got = d
		}
	}
	if got.ID == 0 {
		t.Fatalf("no deal Soylent trial in %v", deals)
	}
	if got.Account != "Soylent Inc" || got.Amount != 84_000_50 || got.Stage != "validate" || got.Status != coaching.StatusOpen ||
		got.CloseDate.String() != "2026-12-15" || got.NextStep != "Demo on Dec 3" || got.RepID != p.dana || got.Currency != "USD" {
		t.Errorf("saved deal = %+v", got)
	}
	if sel, _ := r.selectedDeal(); sel.deal.ID != got.ID {
		t.Errorf("the new deal is not selected: %q", sel.deal.Name)
	}
}

func TestDealFormEditsDeal(t *testing.T) {
	st := openTestStore(t)
	p := seedRepPage(t, st)
	m := openRep(t, st, p.dana, 80, 24)
	// The first deal is Acme renewal (closes first).
	openForm(t, m, "e")
	if !strings.Contains(m.View(), "Edit deal · Acme renewal") || !strings.Contains(m.View(), "84,000") {
		t.Fatalf("no edit form for Acme:\n%s", m.View())
	}
	clear := tea.KeyMsg{Type: tea.KeyCtrlU}
	drive(t, m, keys("tab", "tab")...)
	drive(t, m, clear)
	drive(t, m, typed("90,000")...)
	drive(t, m, keys("tab", "right", "tab", "right", "tab")...) // Negotiate, won
	drive(t, m, clear)
	drive(t, m, typed("2026-12-01")...)
	drive(t, m, keys("ctrl+s")...)

	if _, ok := m.top().(*repScreen); !ok {
		t.Fatalf("the form did not close:\n%s", m.View())
	}
	d, err := st.Deal(context.Background(), p.acme)
	if err != nil {
		t.Fatal(err)
	}
	if d.Name != "Acme renewal" || d.Account != "Acme Corp" || d.Amount != 90_000_00 || d.Stage != "negotiate" ||
		d.Status != coaching.StatusWon || d.CloseDate.String() != "2026-12-01" || d.CRMID != "006A1" ||
		d.NextStep != "Send the mutual action plan to the CFO" {
		t.Errorf("edited deal = %+v", d)
	}
	if !d.StageSince.Equal(testNow) {
		t.Errorf("a new stage should restart the days in stage: since %v", d.StageSince)
	}
	if v := m.View(); !strings.Contains(v, "✓ Saved deal Acme renewal") {
		t.Errorf("no saved status:\n%s", v)
	}
}

// TestRepOverviewProgram runs the page in a real Bubble Tea program.
func TestRepOverviewProgram(t *testing.T) {
	st := openTestStore(t)
	p := seedRepPage(t, st)
	m := openRep(t, st, p.dana, 80, 24)
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("Stage strength")) },
		teatest.WithDuration(5*time.Second))
	tm.Send(tea.KeyMsg{Type: tea.KeyTab})
	tm.Send(tea.KeyMsg{Type: tea.KeyTab})
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("Map Globex")) },
		teatest.WithDuration(5*time.Second))
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	v := final.View()
	if !strings.Contains(v, "[ Commitments 3 (1 overdue) ]") {
		t.Errorf("final view is not the commitments:\n%s", v)
	}
	teatest.RequireEqualOutput(t, []byte(v))
}

func TestRepOverviewRename(t *testing.T) {
	st := openTestStore(t)
	p := seedRepPage(t, st)
	m := openRep(t, st, p.dana, 80, 24)
	openForm(t, m, "R")
	if !strings.Contains(m.View(), "Rename Dana Ruiz") {
		t.Fatalf("R did not open the rename form:\n%s", m.View())
	}
	drive(t, m, keys("backspace", "backspace", "backspace", "backspace")...)
	drive(t, m, typed("Diaz")...)
	drive(t, m, keys("enter")...)
	rep, err := st.Rep(context.Background(), p.dana)
	if err != nil || rep.Name != "Dana Diaz" {
		t.Fatalf("rep after rename = %+v, %v", rep, err)
	}
	if v := m.View(); !strings.Contains(v, "Dana Diaz  4 open deals") {
		t.Errorf("the page does not show the new name:\n%s", v)
	}
}
