package main

import (
	"fmt"
	"runtime/debug"

	"dealcoach/store"
)

// version is set at release time with -ldflags "-X main.version=v1.2.3";
// otherwise the module version or VCS revision from the build info is used.
var version = "dev"

func (c *cli) version(args []string) error {
	flags, _ := newFlags("version")
	if _, err := parse(flags, args, 0, 0); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "dealcoach %s (schema %d)\n", buildVersion(), store.SchemaVersion())
	return nil
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
	var rev, dirty string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "-dirty"
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev != "" {
		return version + "+" + rev + dirty
	}
	return version
}
