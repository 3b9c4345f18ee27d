package tui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"dealcoach/coaching"
	"dealcoach/internal/hostile"
	"dealcoach/store"
)

// hundredDeals gives one rep the 100 deals data set L gives a rep, their
// names accounts × products as the CRM has them.
func hundredDeals(t *testing.T, st *store.Store) []string {
	t.Helper()
	accounts := []string{"Riverbend Hospital", "Northwind Traders", "Bluefin Logistics", "Harbor & Pine", "Kestrel Health",
		"Meridian Foods", "Solace Insurance", "Tidewater Energy", "Granite Peak Bank", "Lumen Retail", "Cobalt Freight"}
	products := []string{"Patient scheduling", "Fleet telematics", "Payroll migration", "Field service rollout",
		"Data platform renewal", "Contact centre upgrade", "Security awareness", "Warehouse scanners", "Cloud backup"}
	var names []string
	err := st.Load(context.Background(), func(l *store.Loader) error {
		rep, err := l.Rep(coaching.Rep{Name: "Dana Ruiz"})
		if err != nil {
			return err
		}
		for i := range 100 {
			name := accounts[i%len(accounts)] + " – " + products[(i/len(accounts))%len(products)]
			names = append(names, name)
			if _, err := l.Deal(coaching.Deal{RepID: rep, Name: name, Amount: int64(1000+i) * 100, Stage: "qualify",
				Status: coaching.StatusOpen, CreatedAt: testNow.AddDate(0, -1, 0), StageSince: testNow.AddDate(0, 0, -i)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// inOrder says whether the letters of q appear in s in order, in any case:
// what a fuzzy filter keeps, written out plainly.
func inOrder(q, s string) bool {
	r := []rune(strings.ToLower(s))
	for _, c := range strings.ToLower(q) {
		i := slices.Index(r, c)
		if i < 0 {
			return false
		}
		r = r[i+1:]
	}
	return true
}

// underlined is the text drawn underlined in an ANSI line: the letters a
// filter marked. SGR colours' own numbers (38;5;4) are not taken for 4.
func underlined(line string) string {
	var out strings.Builder
	on := false
	for i := 0; i < len(line); {
		if strings.HasPrefix(line[i:], "\x1b[") {
			end := strings.IndexByte(line[i:], 'm')
			params := strings.Split(line[i+2:i+end], ";")
			for p := 0; p < len(params); p++ {
				switch params[p] {
				case "0", "":
					on = false
				case "4":
					on = true
				case "24":
					on = false
				case "38", "48":
					if p+1 < len(params) && params[p+1] == "5" {
						p += 2
					} else {
						p += 4
					}
				}
			}
			i += end + 1
			continue
		}
		r := []rune(line[i:])[0]
		if on {
			out.WriteRune(r)
		}
		i += len(string(r))
	}
	return out.String()
}

// TestFilterRepDeals filters a rep's 100 deals with a fuzzy query: the
// deals kept are those with the letters in order, the best first, each
// row with the matched letters marked.
func TestFilterRepDeals(t *testing.T) {
	lipgloss.SetColorProfile(termenv.ANSI256)
	t.Cleanup(func() { lipgloss.SetColorProfile(termenv.Ascii) })
	st := openTestStore(t)
	names := hundredDeals(t, st)
	m := newTestModel(t, st, 120, 40)
	drive(t, m, keys("enter")...)
	r := topAs[*repScreen](t, m)
	if got := r.lists[tabDeals].len(); got != 100 {
		t.Fatalf("%d deals listed, want 100", got)
	}
	const q = "rbhps"
	drive(t, m, keys("/")...)
	drive(t, m, typed(q)...)
	drive(t, m, keys("enter")...)
	if r.Typing() || !r.lists[tabDeals].filtered() {
		t.Fatalf("enter should keep the filter and give the keys back")
	}

	var want, got []string
	for _, n := range names {
		if inOrder(q, n) {
			want = append(want, n)
		}
	}
	for _, i := range r.lists[tabDeals].shown {
		got = append(got, r.data.deals[i].deal.Name)
	}
	if len(want) == 0 || len(want) == 100 {
		t.Fatalf("the query should keep some deals, not %d", len(want))
	}
	if !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))) {
		t.Errorf("filter %q kept %d deals %q,\nwant the %d with its letters in order %q", q, len(got), got, len(want), want)
	}
	// Each word's first letter matched ranks first.
	if got[0] != "Riverbend Hospital – Patient scheduling" {
		t.Errorf("best match %q, want Riverbend Hospital – Patient scheduling", got[0])
	}

	v := m.View()
	rows := 0
	for _, line := range strings.Split(v, "\n") {
		plain := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(ansiStrip(line)), listMark))
		if !slices.ContainsFunc(want, func(n string) bool { return strings.HasPrefix(plain, n) }) {
			continue
		}
		rows++
		marks := underlined(line)
		if !strings.EqualFold(marks, q) {
			t.Errorf("row %q marks %q, want the letters of %q", plain, marks, q)
		}
	}
	if rows != min(len(want), r.lists[tabDeals].cur.rows) {
		t.Errorf("%d matching rows drawn, want %d:\n%s", rows, len(want), ansiStrip(v))
	}
	if !strings.Contains(ansiStrip(v), fmt.Sprintf("/ %s", q)) {
		t.Errorf("the kept filter is not shown:\n%s", ansiStrip(v))
	}

	// esc clears the filter, and a second esc leaves the page.
	drive(t, m, keys("esc")...)
	if r.lists[tabDeals].len() != 100 || topAs[*repScreen](t, m) != r {
		t.Errorf("esc should clear the filter and stay: %d shown", r.lists[tabDeals].len())
	}
	drive(t, m, keys("esc")...)
	topAs[*home](t, m)
}

// TestFilterFindsInitials: on home "dr" finds Dana Ruiz, which a substring
// filter did not.
func TestFilterFindsInitials(t *testing.T) {
	st := openTestStore(t)
	sampleTeam(t, st, 6)
	m := newTestModel(t, st, 80, 24)
	drive(t, m, keys("/", "d", "r", "enter")...)
	h := topAs[*home](t, m)
	i, ok := h.list.selected()
	if !ok || h.rows[i].Rep.Name != "Dana Ruiz" {
		t.Fatalf("dr selected %v, want Dana Ruiz:\n%s", ok, m.View())
	}
	for _, i := range h.list.shown {
		if !inOrder("dr", h.rows[i].Rep.Name) {
			t.Errorf("%q shown for dr", h.rows[i].Rep.Name)
		}
	}
}

// ansiStrip drops escape sequences, for reading a coloured screen.
func ansiStrip(s string) string { return ansi.Strip(s) }

// TestFilterHostileNames: filtering names that carry terminal controls
// marks letters of the names as made safe, and lets no control through,
// on home and on the team view, in colour and without.
func TestFilterHostileNames(t *testing.T) {
	st := openTestStore(t)
	err := st.Load(context.Background(), func(l *store.Loader) error {
		for _, n := range hostile.Names {
			if _, err := l.Rep(coaching.Rep{Name: n}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, profile := range []termenv.Profile{termenv.Ascii, termenv.ANSI256} {
		lipgloss.SetColorProfile(profile)
		for _, q := range []string{"pwned", "evil", "by", "lbr"} {
			m := newTestModel(t, st, 80, 24)
			drive(t, m, keys("/")...)
			drive(t, m, typed(q)...)
			h := topAs[*home](t, m)
			if h.list.len() == 0 {
				t.Errorf("%q matches none of the hostile names", q)
			}
			v := m.View()
			if profile == termenv.ANSI256 {
				v = ansiStrip(v) // the styles' own escapes; injected ones are not SGR
			}
			hostile.Check(t, fmt.Sprintf("home filtered by %q", q), v)
			drive(t, m, keys("enter", "t", "/")...)
			drive(t, m, typed(q)...)
			v = m.View()
			if profile == termenv.ANSI256 {
				v = ansiStrip(v)
			}
			hostile.Check(t, fmt.Sprintf("team filtered by %q", q), v)
		}
	}
	lipgloss.SetColorProfile(termenv.Ascii)
}
