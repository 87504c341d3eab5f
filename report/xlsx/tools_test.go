package xlsx

import (
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestMain(m *testing.M) {
	code := m.Run()
	reportSkips(code)
	os.Exit(code)
}

// skipped counts, by missing tool, the interop tests skipped on this machine.
var (
	skipMu  sync.Mutex
	skipped = map[string]int{}
)

// skipFor skips t because what is missing, or fails it in CI (CI=true, where .ci/run
// installs every tool): CI must never skip these.
func skipFor(t *testing.T, what string, err error) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is missing (%v): .ci/run must install it", what, err)
	}
	skipMu.Lock()
	skipped[what]++
	skipMu.Unlock()
	t.Skipf("%s not installed: %v", what, err)
}

// reportSkips prints one line naming the missing tools when interop tests were skipped,
// as the web package does for its browser tests. `go test ./...` hides a passing
// package's output, so the line goes to the terminal (/dev/tty) when there is one and to
// stderr (seen with -v or on failure) otherwise.
func reportSkips(code int) {
	skipMu.Lock()
	defer skipMu.Unlock()
	if len(skipped) == 0 {
		return
	}
	n, whats := 0, []string{}
	for what, k := range skipped {
		n += k
		whats = append(whats, what)
	}
	slices.Sort(whats)
	line := fmt.Sprintf("kravlistan/report/xlsx: %d spreadsheet interop tests SKIPPED: %s missing (apt-get install python3-openpyxl libreoffice-calc; CI=true fails instead)\n",
		n, strings.Join(whats, ", "))
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		fmt.Fprint(tty, line)
		tty.Close()
		if code != 0 {
			fmt.Fprint(os.Stderr, line)
		}
		return
	}
	fmt.Fprint(os.Stderr, line)
}

// needTool returns the path of an external program the interop tests use. Locally a
// missing tool skips the test (and is named in the line reportSkips prints); in CI it fails.
func needTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		skipFor(t, name, err)
	}
	return p
}

// needOpenpyxl returns the Python that can import openpyxl, skipping (or, in CI, failing)
// like needTool when there is none.
func needOpenpyxl(t *testing.T) string {
	t.Helper()
	py := needTool(t, "/usr/bin/python3")
	if err := exec.Command(py, "-c", "import openpyxl").Run(); err != nil {
		skipFor(t, "python3-openpyxl", err)
	}
	return py
}
