// Command firstframe measures how long dealcoach takes from start to its
// first home frame in a pseudo-terminal, and the app's peak memory. It is
// run by scripts/bench.sh:
//
//	firstframe -bin ./dealcoach -db L.db [-runs 10] [-settle 2s] [-floor ./bareframe]
//
// For each run it starts the binary on a fresh 120×40 pseudo-terminal,
// answers the terminal queries a real terminal would (background colour,
// cursor position), waits for the home screen's "pick one to coach", lets
// the weakest-stage column load, reads the peak resident memory (VmHWM) from
// /proc and quits with ctrl+c. It prints the median and worst of each.
//
// With -floor, each run also starts the floor program (a bare Bubble Tea
// program, scripts/bareframe) right after the app, so that both are timed
// under the same load, and prints the floor's median and the ratio.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/creack/pty"
)

func main() {
	bin := flag.String("bin", "./dealcoach", "the dealcoach binary")
	db := flag.String("db", "", "the database to open")
	runs := flag.Int("runs", 10, "how many starts to measure")
	settle := flag.Duration("settle", 2*time.Second, "how long to leave the app running after the first frame before reading its peak memory")
	want := flag.String("wait", "pick one to coach", "text of the first home frame")
	floor := flag.String("floor", "", "a program to time the same way after each run, as the floor")
	flag.Parse()
	if *db == "" {
		fmt.Fprintln(os.Stderr, "firstframe: give -db PATH")
		os.Exit(2)
	}
	var frames, peaks, floors []float64
	for range *runs {
		ms, kb, err := measure(*bin, *db, *want, *settle)
		if err != nil {
			fmt.Fprintln(os.Stderr, "firstframe:", err)
			os.Exit(1)
		}
		frames, peaks = append(frames, ms), append(peaks, float64(kb)/1024)
		if *floor != "" {
			ms, _, err := measure(*floor, *db, *want, 0)
			if err != nil {
				fmt.Fprintln(os.Stderr, "firstframe: floor:", err)
				os.Exit(1)
			}
			floors = append(floors, ms)
		}
	}
	fmt.Printf("first_frame_ms median %.1f max %.1f\n", median(frames), worst(frames))
	fmt.Printf("peak_rss_mb median %.1f max %.1f\n", median(peaks), worst(peaks))
	if len(floors) > 0 {
		fmt.Printf("floor_frame_ms median %.1f max %.1f ratio %.2f\n", median(floors), worst(floors), median(frames)/median(floors))
	}
}

// measure starts the binary once and returns the time to the first frame in
// milliseconds and the peak resident memory in KiB.
func measure(bin, db, want string, settle time.Duration) (float64, int, error) {
	cmd := exec.Command(bin, "--db", db)
	cmd.Env = append(os.Environ(), "TERM=xterm-256color", "COLORTERM=truecolor")
	start := time.Now()
	ptm, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: 120, Rows: 40})
	if err != nil {
		return 0, 0, err
	}
	defer ptm.Close()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	seen := make(chan time.Time, 1)
	go func() {
		var out []byte
		buf := make([]byte, 64<<10)
		found := false
		for {
			n, err := ptm.Read(buf)
			if n > 0 {
				out = append(out, buf[:n]...)
				answer(ptm, buf[:n])
				if !found && bytes.Contains(out, []byte(want)) {
					found = true
					seen <- time.Now()
					out = nil
				}
				if found {
					out = nil
				}
			}
			if err != nil {
				return
			}
		}
	}()

	var at time.Time
	select {
	case at = <-seen:
	case err := <-done:
		return 0, 0, fmt.Errorf("dealcoach ended before its first frame: %v", err)
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		return 0, 0, errors.New("no home frame within 20 s")
	}
	time.Sleep(settle)
	kb, err := peakKB(cmd.Process.Pid)
	if err != nil {
		cmd.Process.Kill()
		return 0, 0, err
	}
	ptm.Write([]byte{3}) // ctrl+c
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		cmd.Process.Kill()
		return 0, 0, errors.New("dealcoach did not quit on ctrl+c")
	}
	return float64(at.Sub(start).Microseconds()) / 1000, kb, nil
}

// answer replies to the queries a terminal emulator would: the background
// colour (OSC 11) and the cursor position (DSR), which termenv waits for.
func answer(ptm *os.File, b []byte) {
	if bytes.Contains(b, []byte("\x1b]11;?")) {
		ptm.Write([]byte("\x1b]11;rgb:0000/0000/0000\x1b\\"))
	}
	if bytes.Contains(b, []byte("\x1b[6n")) {
		ptm.Write([]byte("\x1b[1;1R"))
	}
}

// peakKB reads VmHWM, the peak resident set size, of a running process.
func peakKB(pid int) (int, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
		}
	}
	return 0, errors.New("no VmHWM in /proc status")
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[len(s)/2]
}

func worst(v []float64) float64 {
	m := v[0]
	for _, x := range v {
		m = max(m, x)
	}
	return m
}
