package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/teatest"

	"dealcoach/store"
)

func openTeam(t *testing.T, st *store.Store, w, h int) *Model {
	t.Helper()
	m := newTestModel(t, st, w, h)
	drive(t, m, keys("t")...)
	if _, ok := m.top().(*team); !ok {
		t.Fatalf("t on home did not open the team view: top is %T", m.top())
	}
	return m
}

func TestTeamView(t *testing.T) {
	st := openTestStore(t)
	seedRepPage(t, st)

	t.Run("small", func(t *testing.T) {
		m := openTeam(t, st, 80, 24)
		v := m.View()
		// Dana: Propose 1 of 5 yes → 20% weak; Negotiate 2 answers → not
		// enough evidence; Ana has no answers at all.
		lines := strings.Split(v, "\n")
		row := func(name string) string {
			for _, l := range lines {
				if strings.Contains(l, name) {
					return l
				}
			}
			t.Fatalf("no row for %s:\n%s", name, v)
			return ""
		}
		for name, want := range map[string][]string{
			"Dana Ruiz":  {"75%", "n/e", " 20% !", "100% ·", " 40% !"},
			"Ana Silva":  {"n/e"},
			"Sam Okafor": {" 20% !"},
			"Lee Park":   {" 80%"},
			"Whole team": {"%"},
		} {
			r := row(name)
			for _, w := range want {
				if !strings.Contains(r, w) {
					t.Errorf("row %q lacks %q", r, w)
				}
			}
		}
		if !strings.Contains(v, "! weak, under 60%") {
			t.Errorf("no legend:\n%s", v)
		}
		teatest.RequireEqualOutput(t, []byte(v))
	})
	t.Run("large", func(t *testing.T) {
		m := openTeam(t, st, 120, 40)
		teatest.RequireEqualOutput(t, []byte(m.View()))
	})
	t.Run("enter opens the rep", func(t *testing.T) {
		m := openTeam(t, st, 80, 24)
		drive(t, m, keys("j", "enter")...) // reps by name: Ana, Dana, …
		r, ok := m.top().(*repScreen)
		if !ok || r.data == nil || r.data.rep.Name != "Dana Ruiz" {
			t.Fatalf("enter did not open Dana's page: %T", m.top())
		}
	})
}

// TestTeamViewScrolls checks that only the rows that fit are drawn and that
// the cursor scrolls the list.
func TestTeamViewScrolls(t *testing.T) {
	st := openTestStore(t)
	ctx := context.Background()
	for i := 1; i <= 40; i++ {
		if _, err := st.CreateRep(ctx, fmt.Sprintf("Rep %02d", i)); err != nil {
			t.Fatal(err)
		}
	}
	m := openTeam(t, st, 80, 24)
	v := m.View()
	if !strings.Contains(v, "Rep 01") || strings.Contains(v, "Rep 40") {
		t.Fatalf("first page wrong:\n%s", v)
	}
	if got := strings.Count(v, "\n") + 1; got != 24 {
		t.Errorf("view has %d lines, want 24", got)
	}
	drive(t, m, keys("G")...)
	v = m.View()
	if strings.Contains(v, "Rep 01") || !strings.Contains(v, "› Rep 40") {
		t.Fatalf("G did not scroll to the last rep:\n%s", v)
	}
}
