package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/creack/pty"

	"dealcoach/coaching"
	"dealcoach/store"
)

// terminal runs the built binary in a pseudo-terminal of 80×24, the way a
// manager starts it, and keeps what it drew.
type terminal struct {
	t    *testing.T
	cmd  *exec.Cmd
	pty  *os.File
	mu   sync.Mutex
	out  bytes.Buffer
	done chan struct{}
	// stderr is what the program wrote there, when kept apart; read it
	// only once the program has ended.
	stderr *bytes.Buffer
}

func startTerminal(t *testing.T, bin string, env []string, args ...string) *terminal {
	t.Helper()
	return startTerminalErr(t, bin, env, nil, args...)
}

// startTerminalErr is startTerminal with stderr kept apart in stderr, when
// not nil, as a shell does with 2>file.
func startTerminalErr(t *testing.T, bin string, env []string, stderr *bytes.Buffer, args ...string) *terminal {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(env, "TERM=xterm-256color", "PATH="+os.Getenv("PATH"))
	if stderr != nil {
		cmd.Stderr = stderr
	}
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 24, Cols: 80})
	if err != nil {
		t.Fatal(err)
	}
	tm := &terminal{t: t, cmd: cmd, pty: f, done: make(chan struct{}), stderr: stderr}
	go tm.read()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-tm.done
		f.Close()
	})
	return tm
}

// read keeps the output and answers the terminal queries a real emulator
// answers (background colour, cursor position), so nothing waits for them.
func (tm *terminal) read() {
	defer close(tm.done)
	buf := make([]byte, 4096)
	for {
		n, err := tm.pty.Read(buf)
		if n > 0 {
			chunk := buf[:n]
			if bytes.Contains(chunk, []byte("\x1b]11;?")) {
				tm.pty.Write([]byte("\x1b]11;rgb:0000/0000/0000\x1b\\"))
			}
			if bytes.Contains(chunk, []byte("\x1b[6n")) {
				tm.pty.Write([]byte("\x1b[1;1R"))
			}
			tm.mu.Lock()
			tm.out.Write(chunk)
			tm.mu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

// text is everything drawn so far, without escape codes.
func (tm *terminal) text() string { return ansi.Strip(tm.raw()) }

// raw is everything written to the terminal since the last mark.
func (tm *terminal) raw() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.out.String()
}

// waitFor waits until want has been drawn since the last mark.
func (tm *terminal) waitFor(want string) {
	tm.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Contains(tm.text(), want) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	tm.t.Fatalf("the screen never showed %q; it showed:\n%s", want, tail(tm.text(), 2000))
}

// mark forgets what was drawn, so the next waitFor sees only new output.
func (tm *terminal) mark() {
	tm.mu.Lock()
	tm.out.Reset()
	tm.mu.Unlock()
}

func (tm *terminal) send(keys string) {
	tm.t.Helper()
	if _, err := tm.pty.Write([]byte(keys)); err != nil {
		tm.t.Fatal(err)
	}
}

// wait waits for the process to end and returns its exit status.
func (tm *terminal) wait() int {
	tm.t.Helper()
	errc := make(chan error, 1)
	go func() { errc <- tm.cmd.Wait() }()
	select {
	case <-time.After(10 * time.Second):
		tm.t.Fatal("dealcoach did not exit")
	case <-errc:
	}
	return tm.cmd.ProcessState.ExitCode()
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// TestDemoInTerminal opens `dealcoach --demo` as a new user would, quits
// with q, and checks that the sample team left nothing behind.
func TestDemoInTerminal(t *testing.T) {
	bin := buildBinary(t)
	home, tmp := t.TempDir(), t.TempDir()
	tm := startTerminal(t, bin, []string{"HOME=" + home, "TMPDIR=" + tmp}, "--demo")
	tm.waitFor("Dana Ruiz")
	tm.waitFor("Propose !") // the weakest stages filled in after the first frame
	tm.send("q")
	if code := tm.wait(); code != 0 {
		t.Fatalf("exit %d; screen:\n%s", code, tail(tm.text(), 1000))
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("--demo left %d files in TMPDIR", len(left))
	}
	if left, _ := os.ReadDir(home); len(left) != 0 {
		t.Errorf("--demo wrote into HOME")
	}
}

// TestKillLosesNothing answers a checklist question, kills the process with
// SIGKILL as soon as the screen says it was saved, starts dealcoach again
// and finds the answer, and the unfinished 1:1 offered for resumption.
func TestKillLosesNothing(t *testing.T) {
	bin := buildBinary(t)
	db := filepath.Join(t.TempDir(), "team.db")
	env := []string{"HOME=" + t.TempDir(), "DEALCOACH_DB=" + db}
	if code := run([]string{"demo", "--db", db, "--reps", "2", "--deals-per-rep", "6", "--sessions-per-rep", "3"}, &bytes.Buffer{}, &bytes.Buffer{}, os.Getenv); code != 0 {
		t.Fatalf("demo: exit %d", code)
	}

	tm := startTerminal(t, bin, env)
	tm.waitFor("pick one to coach")
	tm.send("s") // plan a 1:1 with the first rep
	tm.waitFor("Plan the 1:1")
	tm.send("\r") // start it
	tm.waitFor("Commitments")
	tm.send("\r") // on to the deals
	tm.waitFor("deal 1 of")
	tm.mark()
	tm.send("y")
	tm.waitFor("✓ Saved yes")
	ctx, st, sess := killMidSession(t, tm, db)

	// The answer is in the file, in an unfinished 1:1.
	facts, err := st.SessionFacts(ctx, sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(facts) != 1 || facts[0].Value != coaching.Yes {
		t.Fatalf("answers after the kill = %+v, want one yes", facts)
	}
	st.Close()

	// Started again, dealcoach offers the 1:1 and shows the answer.
	tm = startTerminal(t, bin, env)
	tm.waitFor("pick one to coach")
	tm.send("s")
	tm.waitFor("Resume the 1:1")
	tm.send("\r")
	tm.waitFor("deal 1 of") // resumes at the first deal not wholly answered
	tm.waitFor("checklist · 1 of 5 answered")
	tm.send("\x03") // ctrl+c
	if code := tm.wait(); code != 0 {
		t.Fatalf("exit %d after ctrl+c", code)
	}
}

// TestKillResumesAtTheQuestion answers 3 of deal 1's 8 questions, kills
// dealcoach with SIGKILL, starts it again and resumes: the walk opens on
// deal 1, on its 4th question.
func TestKillResumesAtTheQuestion(t *testing.T) {
	bin := buildBinary(t)
	db := filepath.Join(t.TempDir(), "team.db")
	env := []string{"HOME=" + t.TempDir(), "DEALCOACH_DB=" + db}
	if code := run([]string{"demo", "--db", db, "--reps", "2", "--deals-per-rep", "6", "--sessions-per-rep", "3"}, &bytes.Buffer{}, &bytes.Buffer{}, os.Getenv); code != 0 {
		t.Fatalf("demo: exit %d", code)
	}

	tm := startTerminal(t, bin, env)
	tm.waitFor("pick one to coach")
	tm.send("s")
	tm.waitFor("Plan the 1:1")
	tm.send("\r")
	tm.waitFor("Commitments")
	tm.send("\r")
	tm.waitFor("deal 1 of")
	for _, k := range []string{"y", "n", "y"} {
		tm.mark()
		tm.send(k)
		tm.waitFor("✓ Saved " + map[string]string{"y": "yes", "n": "no"}[k])
	}
	ctx, st, sess := killMidSession(t, tm, db)

	// Deal 1 has 8 questions, 3 answered; the 4th is where to go on.
	reviews, err := st.Reviews(ctx, sess.ID)
	if err != nil || len(reviews) == 0 {
		t.Fatalf("reviews %+v, %v", reviews, err)
	}
	answers, err := st.Answers(ctx, reviews[0].ID)
	if err != nil || len(answers) != 3 {
		t.Fatalf("answers after the kill = %+v, %v; want 3", answers, err)
	}
	pb, err := st.PlaybookVersion(ctx, sess.PlaybookVersion)
	if err != nil {
		t.Fatal(err)
	}
	stage, ok := pb.Stage(reviews[0].Stage)
	if !ok || len(stage.Items)+len(pb.Every.Items) != 8 {
		t.Fatalf("deal 1 in %q: want 8 questions", reviews[0].Stage)
	}
	fourth := stage.Items[3].Question
	st.Close()

	tm = startTerminal(t, bin, env)
	tm.waitFor("pick one to coach")
	tm.send("s")
	tm.waitFor("Resume the 1:1")
	tm.mark()
	tm.send("\r")
	tm.waitFor("deal 1 of")
	tm.waitFor("checklist · 3 of 5 answered")
	// The cursor's line is the 4th question, unanswered.
	cur := regexp.MustCompile(`› ·\s+(◆\s+)?` + regexp.QuoteMeta(fourth[:min(30, len(fourth))]))
	deadline := time.Now().Add(15 * time.Second)
	for !cur.MatchString(tm.text()) {
		if time.Now().After(deadline) {
			t.Fatalf("the cursor is not on %q:\n%s", fourth, tail(tm.text(), 2000))
		}
		time.Sleep(20 * time.Millisecond)
	}
	tm.send("\x03")
	if code := tm.wait(); code != 0 {
		t.Fatalf("exit %d after ctrl+c", code)
	}
}

// killMidSession kills the app with SIGKILL and opens what it left: the
// store and the first rep's unfinished 1:1, which must be there.
func killMidSession(t *testing.T, tm *terminal, db string) (context.Context, *store.Store, coaching.Session) {
	t.Helper()
	if err := tm.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	tm.wait()
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	reps, err := st.Reps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sess, err := st.UnfinishedSession(ctx, reps[0].ID, coaching.OneOnOne)
	if err != nil {
		t.Fatalf("no unfinished 1:1 after the kill: %v", err)
	}
	return ctx, st, sess
}
