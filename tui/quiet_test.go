//go:build linux

package tui

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
	"unsafe"
)

// initProbe makes the test binary, started by TestImportQuiet, stop right
// after the package inits: what it wrote by then is what importing tui
// sends to a terminal.
const initProbe = "DEALCOACH_INIT_PROBE"

// TestImportQuiet: a program importing tui (every dealcoach command) sends
// nothing to its terminal at start. bubbletea's init asks the background
// colour (OSC 11) unless lipgloss already knows it; tui/internal/quietinit
// tells it first.
func TestImportQuiet(t *testing.T) {
	master, slave := openPTY(t)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), initProbe+"=1", "TERM=xterm-256color", "NO_COLOR=", "COLORFGBG=")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	// The terminal is the probe's own, with it in the foreground: the case
	// where termenv does ask.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	slave.Close()
	var out bytes.Buffer
	_, _ = io.Copy(&out, master) // ends with EIO once the probe exits
	if err := cmd.Wait(); err != nil {
		t.Fatalf("probe: %v\n%q", err, out.String())
	}
	if got := out.String(); got != "inits done\r\n" {
		t.Errorf("importing tui wrote %q to the terminal, want only the probe's %q", got, "inits done\r\n")
	}
}

// openPTY opens a pseudo-terminal pair with the syscall package alone.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	t.Cleanup(func() { master.Close() })
	var unlock int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, master.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		t.Fatal(e)
	}
	var n uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, master.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		t.Fatal(e)
	}
	slave, err = os.OpenFile("/dev/pts/"+strconv.Itoa(int(n)), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	return master, slave
}
