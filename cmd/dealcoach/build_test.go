package main

import (
	"bytes"
	"debug/buildinfo"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestBinary builds dealcoach and runs it as a real process: exit codes,
// stdout and stderr as a shell sees them. The app itself needs a terminal;
// e2e_test.go runs it in a pseudo-terminal.
func TestBinary(t *testing.T) {
	dir := t.TempDir()
	// The build stamps the commit where there is one (GOFLAGS may say
	// -buildvcs=false).
	bin := buildBinary(t, "-buildvcs=auto")

	home, tmp := t.TempDir(), t.TempDir()
	db := filepath.Join(dir, "team.db")
	exe := func(args ...string) (int, string, string) {
		t.Helper()
		cmd := exec.Command(bin, args...)
		// Only what the program may read: no real HOME, a private TMPDIR.
		cmd.Env = []string{"HOME=" + home, "TMPDIR=" + tmp, "PATH=" + os.Getenv("PATH")}
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return code, out.String(), errOut.String()
	}

	// version names the commit and its time that go build recorded, if
	// it did (a git worktree or -buildvcs=false records none).
	code, out, errOut := exe("--version")
	if code != 0 || !regexp.MustCompile(`^dealcoach \S+ \(schema \d+\)\n`).MatchString(out) {
		t.Errorf("--version: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if info, err := buildinfo.ReadFile(bin); err != nil {
		t.Error(err)
	} else if rev, _, _ := vcs(info); rev != "" && !strings.Contains(out, "\ncommit "+rev) {
		t.Errorf("--version does not name commit %s: %q", rev, out)
	}

	code, out, errOut = exe("demo", "--db", db)
	if code != 0 || errOut != "" || !strings.HasPrefix(out, "wrote 6 reps, 72 deals, 48 sessions, ") {
		t.Fatalf("demo: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	code, out, errOut = exe("summary", "--rep", "Dana Ruiz", "--db", db, "--format", "json")
	if code != 0 || errOut != "" || !strings.Contains(out, `"rep": "Dana Ruiz"`) {
		t.Fatalf("summary: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"summary", "--rep", "Nobody", "--db", db}, 1},
		{[]string{"demo", "--db", db}, 1},
		{[]string{"frob"}, 2},
		{[]string{"summary", "--db", db}, 2},
	} {
		code, out, errOut := exe(tc.args...)
		if code != tc.code || out != "" || strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "dealcoach: ") {
			t.Errorf("%v: exit %d (want %d), stdout %q, stderr %q", tc.args, code, tc.code, out, errOut)
		}
	}
}

// buildBinary builds dealcoach into a temporary folder; flags go to go
// build (-tags crashtest).
// buildBinary builds dealcoach for a test that runs it as a process; under
// -short, or without the go command, that test is skipped.
func buildBinary(t *testing.T, flags ...string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go not on PATH")
	}
	bin := filepath.Join(t.TempDir(), "dealcoach")
	args := append(append([]string{"build"}, flags...), "-o", bin, ".")
	if out, err := exec.Command(goBin, args...).CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}
