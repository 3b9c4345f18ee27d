package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"

	"dealcoach/coaching"
	"dealcoach/store"
)

// smallTeam writes a small sample team into a new database and returns
// its path and an environment that points dealcoach at it.
func smallTeam(t *testing.T) (string, []string) {
	t.Helper()
	db := filepath.Join(t.TempDir(), "team.db")
	if code := run([]string{"demo", "--db", db, "--reps", "2", "--deals-per-rep", "6", "--sessions-per-rep", "3"}, &bytes.Buffer{}, &bytes.Buffer{}, os.Getenv); code != 0 {
		t.Fatalf("demo: exit %d", code)
	}
	return db, []string{"HOME=" + t.TempDir(), "DEALCOACH_DB=" + db}
}

// resize gives the terminal a new size, which sends the app SIGWINCH, and
// waits for the repaint that follows.
func (tm *terminal) resize(w, h int) {
	tm.t.Helper()
	tm.mark()
	if err := pty.Setsize(tm.pty, &pty.Winsize{Cols: uint16(w), Rows: uint16(h)}); err != nil {
		tm.t.Fatal(err)
	}
	deadline := time.Now().Add(15 * time.Second)
	for tm.raw() == "" {
		select {
		case <-tm.done:
			code := tm.wait()
			tm.t.Fatalf("dealcoach ended (exit %d) on resizing to %d×%d; stderr: %s", code, w, h, tm.stderr)
		default:
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("nothing drawn after resizing to %d×%d; screen before:\n%s", w, h, tail(tm.text(), 400))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// listening waits until the app acts on SIGWINCH. Bubble Tea draws its
// first frame before the goroutine that subscribes to SIGWINCH has surely
// run, and a signal that comes earlier is ignored; so it resizes by one
// column, back and forth, until a resize is drawn.
func (tm *terminal) listening() {
	tm.t.Helper()
	for i := 0; i < 100; i++ {
		tm.mark()
		if err := pty.Setsize(tm.pty, &pty.Winsize{Cols: uint16(80 + (i+1)%2), Rows: 24}); err != nil {
			tm.t.Fatal(err)
		}
		for end := time.Now().Add(200 * time.Millisecond); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
			if tm.raw() != "" {
				tm.resize(80, 24)
				return
			}
		}
	}
	tm.t.Fatal("the app never redrew on a resize")
}

// TestResizeInTerminal walks the real binary through every screen and, on
// each, resizes the terminal from 1×1 to 500×200 and back; the app keeps
// drawing, and quits normally with nothing on stderr.
func TestResizeInTerminal(t *testing.T) {
	bin := buildBinary(t)
	_, env := smallTeam(t)
	var stderr bytes.Buffer
	tm := startTerminalErr(t, bin, env, &stderr)
	tm.waitFor("pick one to coach")
	tm.listening() // then the first step finds home redrawn at 80×24

	sizes := [][2]int{{1, 1}, {2, 1}, {1, 2}, {1, 24}, {80, 1}, {5, 3}, {20, 8}, {40, 12}, {59, 15}, {60, 16}, {61, 17},
		{120, 40}, {200, 60}, {500, 200}, {500, 1}, {1, 200}, {1, 1}}
	// Each step: the keys that open a screen and what it then draws anew
	// at 80×24 (the renderer redraws only lines that changed).
	for _, step := range []struct{ keys, shows string }{
		{"", "pick one to coach"},
		{"/D", "clear filter"}, // the filter, typing
		{"\x1b", "q quit"},
		{"s", "Plan the 1:1"},
		{"\r", "Commitments from earlier"},
		{"\r", "deal 1 of"},
		{"y", "✓ Saved yes"},
		{"sTalked to legal", "Shared note"},
		{"\x13", "✓ Saved"}, // ctrl+s saves the note
		{"a", "Next step"},
		{"\x1b", "deal 1 of"},
		{"w", "Wrap-up"},
		{"\x1b", "pick one to coach"},
		{"t", "stage strength"},
		{"\x1b", "pick one to coach"},
		{"\r", "Deals"},
		{"a", "Deal name"},
		{"\x1b", "Deals"},
		{"\x1b", "pick one to coach"},
		{"r", "Ride-along with"},
		{"\r", "Ride-along ·"},
	} {
		if step.keys != "" { // the home screen is drawn already
			tm.mark()
			tm.send(step.keys)
		}
		tm.waitFor(step.shows)
		for _, sz := range sizes {
			tm.resize(sz[0], sz[1])
		}
		tm.resize(80, 24)
		tm.waitFor(step.shows)
	}
	tm.send("\x03") // ctrl+c
	if code := tm.wait(); code != 0 || stderr.Len() != 0 {
		t.Fatalf("exit %d, stderr %q; screen:\n%s", code, stderr.String(), tail(tm.text(), 1000))
	}
}

// TestCrashInTerminal forces a panic in a binary built with the crashtest
// tag, once in Update and once in a command on Bubble Tea's goroutines:
// the app exits 1 with one line on stderr naming a crash file beside the
// database, the file holds the stack, the terminal is given back, and what
// was shown as saved is in the database.
func TestCrashInTerminal(t *testing.T) {
	bin := buildBinary(t, "-tags", "crashtest")
	for _, tc := range []struct{ name, key, value string }{
		{"update", "\x1b[24~", "forced crash in Update"},     // F12
		{"command", "\x1b[23~", "forced crash in a command"}, // F11
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, env := smallTeam(t)
			var stderr bytes.Buffer
			tm := startTerminalErr(t, bin, env, &stderr)
			tm.waitFor("pick one to coach")
			if sane(t, tm) {
				t.Fatal("the terminal is not in raw mode while the app runs")
			}
			tm.send("s")
			tm.waitFor("Plan the 1:1")
			tm.send("\r")
			tm.waitFor("Commitments")
			tm.send("\r")
			tm.waitFor("deal 1 of")
			tm.mark()
			tm.send("y")
			tm.waitFor("✓ Saved yes")
			tm.mark()
			tm.send(tc.key)
			if code := tm.wait(); code != 1 {
				t.Fatalf("exit %d after a panic, want 1; stderr %q", code, stderr.String())
			}

			// One line, naming the file.
			re := regexp.MustCompile(`^dealcoach: crashed \(` + tc.value + `\); details in (\S+)\n$`)
			m := re.FindStringSubmatch(stderr.String())
			if m == nil {
				t.Fatalf("stderr %q is not the one crash line", stderr.String())
			}
			path := m[1]
			if filepath.Dir(path) != filepath.Dir(db) || !strings.HasPrefix(filepath.Base(path), "crash-") {
				t.Errorf("crash file %s is not in the database's folder %s", path, filepath.Dir(db))
			}
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode().Perm() != 0o600 {
				t.Errorf("crash file mode %v, want 0600", fi.Mode().Perm())
			}
			body, _ := os.ReadFile(path)
			for _, want := range []string{"panic: " + tc.value, "goroutine ", "crashhook.go"} {
				if !bytes.Contains(body, []byte(want)) {
					t.Errorf("crash file lacks %q:\n%s", want, body)
				}
			}

			// The terminal is given back: the alternate screen left, the
			// cursor shown, line editing and echo on, no panic text drawn.
			raw := tm.raw()
			for _, want := range []string{"\x1b[?1049l", "\x1b[?25h"} {
				if !strings.Contains(raw, want) {
					t.Errorf("after the crash the terminal did not get %q: %q", want, tail(raw, 300))
				}
			}
			if strings.Contains(raw, "panic") || strings.Contains(raw, "goroutine") {
				t.Errorf("the panic was drawn on the terminal: %q", tail(raw, 500))
			}
			if !sane(t, tm) {
				t.Error("the terminal was left in raw mode")
			}

			// The answer shown as saved is in the file.
			ctx := context.Background()
			st, err := store.Open(ctx, db)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			reps, _ := st.Reps(ctx)
			sess, err := st.UnfinishedSession(ctx, reps[0].ID, coaching.OneOnOne)
			if err != nil {
				t.Fatalf("no 1:1 after the crash: %v", err)
			}
			if facts, _ := st.SessionFacts(ctx, sess.ID); len(facts) != 1 || facts[0].Value != coaching.Yes {
				t.Errorf("answers after the crash = %+v, want one yes", facts)
			}
		})
	}
}

// sane reports whether the terminal behind tm's pty has echo and line
// editing on, as a shell leaves it and raw mode does not.
func sane(t *testing.T, tm *terminal) bool {
	t.Helper()
	n, err := unix.IoctlGetInt(int(tm.pty.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tio, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	return tio.Lflag&unix.ECHO != 0 && tio.Lflag&unix.ICANON != 0
}
