package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"dealcoach/internal/hostile"
	"dealcoach/internal/pgtest"
	"dealcoach/orgstore"
	"dealcoach/store"
)

// orgWithAlice is an org database where the manager "alice" published the
// rep page's team (seedRepPage); it returns a director's URL and alice's
// own store.
func orgWithAlice(t *testing.T) (dirURL string, alice *store.Store) {
	t.Helper()
	d := pgtest.NewDB(t)
	ctx := context.Background()
	if _, err := orgstore.Init(ctx, d.URL(pgtest.Superuser)); err != nil {
		t.Fatal(err)
	}
	st := openTestStore(t)
	seedRepPage(t, st)
	if _, err := orgstore.Publish(ctx, d.URL(d.Role(t, "alice", orgstore.ManagerRole)), st, orgstore.PublishOptions{}); err != nil {
		t.Fatal(err)
	}
	return d.URL(d.Role(t, "dora", orgstore.DirectorRole)), st
}

// directorApp is the app on a director's empty laptop with the org URL set.
func directorApp(t *testing.T, url string, w, h int) *Model {
	t.Helper()
	m, err := New(context.Background(), openTestStore(t), Options{Now: func() time.Time { return testNow }, OrgURL: url})
	if err != nil {
		t.Fatal(err)
	}
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

// The org screen: o on home, the managers × stages with each manager's
// coaching figures, and enter drills into the manager's reps with the
// numbers of that manager's own team view.
func TestOrgScreen(t *testing.T) {
	url, alice := orgWithAlice(t)
	m := directorApp(t, url, 100, 24)
	drive(t, m, keys("o")...)
	o := topAs[*org](t, m)
	if !o.loaded || o.problem != "" || len(o.managers) != 1 {
		t.Fatalf("org screen: loaded %v, problem %q, %d managers", o.loaded, o.problem, len(o.managers))
	}
	v := m.View()
	mustContain(t, v, "Organisation", "alice_", "4 reps", "1:1s", "per rep a month", "commitments")
	teatest.RequireEqualOutput(t, []byte(v))

	drive(t, m, keys("enter")...)
	topAs[*orgManager](t, m)
	drill := m.View()

	// alice's own team view, on her laptop, at the same size.
	own := openTeam(t, alice, 100, 24).View()
	for _, name := range []string{"Dana Ruiz", "Ana Silva", "Sam Okafor", "Lee Park", "Whole team"} {
		if a, b := lineWith(t, drill, name), lineWith(t, own, name); a != b {
			t.Errorf("%s differs from the manager's own team view:\norg:  %q\nteam: %q", name, a, b)
		}
	}

	drive(t, m, tea.KeyMsg{Type: tea.KeyEsc})
	topAs[*org](t, m)
}

func lineWith(t *testing.T, v, s string) string {
	t.Helper()
	for _, l := range strings.Split(v, "\n") {
		if strings.Contains(l, s) {
			return strings.TrimRight(l, " ")
		}
	}
	t.Fatalf("no line with %q:\n%s", s, v)
	return ""
}

// Without a URL, o does nothing; a server that cannot be reached is one
// line, without the password.
func TestOrgScreenProblems(t *testing.T) {
	m := newTestModel(t, openTestStore(t), 80, 24)
	drive(t, m, keys("o")...)
	topAs[*home](t, m)

	m = directorApp(t, "postgres://dora:s3cret-Pw@127.0.0.1:1/org?connect_timeout=2&sslmode=disable", 80, 24)
	drive(t, m, keys("o")...)
	o := topAs[*org](t, m)
	v := m.View()
	if o.problem == "" || strings.Contains(v, "s3cret-Pw") || strings.Contains(o.problem, "\n") {
		t.Fatalf("problem %q, screen:\n%s", o.problem, v)
	}
	mustContain(t, v, "connect to the org database")
}

// The org screens survive every window size.
func TestOrgEverySize(t *testing.T) {
	url, _ := orgWithAlice(t)
	for _, drill := range []bool{false, true} {
		m := directorApp(t, url, 80, 24)
		drive(t, m, keys("o")...)
		if drill {
			drive(t, m, keys("enter")...)
		}
		for _, sz := range sizeGrid() {
			if err := resizeAndDraw(t, m, sz[0], sz[1]); err != "" {
				t.Fatalf("drill %v at %d×%d: %s", drill, sz[0], sz[1], err)
			}
		}
	}
}

// Rep names a CSV brought in reach the org screens only made safe.
func TestOrgScreenHostileNames(t *testing.T) {
	d := pgtest.NewDB(t)
	ctx := context.Background()
	if _, err := orgstore.Init(ctx, d.URL(pgtest.Superuser)); err != nil {
		t.Fatal(err)
	}
	st := openTestStore(t)
	for _, n := range hostile.Names {
		if _, err := st.CreateRep(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := orgstore.Publish(ctx, d.URL(d.Role(t, "alice", orgstore.ManagerRole)), st, orgstore.PublishOptions{}); err != nil {
		t.Fatal(err)
	}
	m := directorApp(t, d.URL(d.Role(t, "dora", orgstore.DirectorRole)), 100, 30)
	drive(t, m, keys("o")...)
	hostile.Check(t, "org screen", m.View())
	drive(t, m, keys("enter")...)
	topAs[*orgManager](t, m)
	v := m.View()
	hostile.Check(t, "a manager's reps", v)
	mustContain(t, v, "A ", "H line")
}
