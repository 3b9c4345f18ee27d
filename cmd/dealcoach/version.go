package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"dealcoach/store"
)

// version is set at release time with -ldflags "-X main.version=v1.2.3";
// otherwise the module version or VCS revision from the build info is used.
var version = "dev"

func (c *cli) versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:               "version",
		Short:             "The version, the commit it was built from and the database schema",
		Example:           "  dealcoach version\n  dealcoach --version",
		Args:              positional(0, 0),
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprint(c.stdout, versionText())
			return err
		},
	}
}

// versionText is what `version`, --version and -v print. The first line
// stays "dealcoach VERSION (schema N)": scripts/bench.sh reads the schema
// from it.
func versionText() string {
	var b strings.Builder
	fmt.Fprintf(&b, "dealcoach %s (schema %d)\n", buildVersion(), store.SchemaVersion())
	info, ok := debug.ReadBuildInfo()
	if ok {
		if rev, at, dirty := vcs(info); rev != "" {
			fmt.Fprintf(&b, "commit %s", rev)
			if dirty {
				b.WriteString(" with uncommitted changes")
			}
			if at != "" {
				b.WriteString(", committed " + at)
			}
			b.WriteString("\n")
		}
	}
	fmt.Fprintf(&b, "built with %s for %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return b.String()
}

// vcs reads the commit a binary was built from; go build records it unless
// -buildvcs=false.
func vcs(info *debug.BuildInfo) (rev, at string, dirty bool) {
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	return rev, at, dirty
}

func buildVersion() string {
	if version != "dev" {
		return version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return version
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	rev, _, dirty := vcs(info)
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev == "" {
		return version
	}
	if dirty {
		return version + "+" + rev + "-dirty"
	}
	return version + "+" + rev
}
