//go:build crash

// The crash test builds the real binary, runs it as a child process under load, kills it
// (SIGKILL and SIGTERM) and checks that every acknowledged response survived exactly once.
// Run it with: go test -tags crash -run Crash -v ./cmd/kravlistan
package main

import (
	"bufio"
	"context"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"
)

func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "kravlistan")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// startChild starts "kravlistan serve" on a free port and returns its URL once it answers.
func startChild(t *testing.T, bin, db string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(bin, "serve", "-demo", "-addr", "127.0.0.1:0", "-db", db)
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`lyssnar på (http://\S+)`)
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
	}()
	select {
	case url := <-found:
		return cmd, url
	case <-time.After(15 * time.Second):
		cmd.Process.Kill()
		t.Fatal("child did not start")
	}
	return nil, ""
}

func crashRounds(t *testing.T, sig syscall.Signal, rounds int) {
	bin := buildBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "crash.db")
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	acked := map[uuid.UUID]int{}
	for round := 0; round < rounds; round++ {
		cmd, url := startChild(t, bin, db)
		idsFile := filepath.Join(dir, "ids.txt")
		done := make(chan error, 1)
		go func() {
			_, err := runLoad(context.Background(), loadConfig{bases: []string{url}, slug: "demo", conns: 32,
				dur: 1500 * time.Millisecond, replay: 0.05, idsFile: idsFile})
			done <- err
		}()
		// Kill at a random moment while the load runs.
		time.Sleep(time.Duration(150+rng.IntN(900)) * time.Millisecond)
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
		waitErr := cmd.Wait()
		if err := <-done; err != nil {
			t.Fatalf("round %d: load: %v", round, err)
		}
		if sig == syscall.SIGTERM && waitErr != nil {
			t.Errorf("round %d: graceful stop exited with %v", round, waitErr)
		}
		ids, err := readIDs(idsFile)
		if err != nil {
			t.Fatal(err)
		}
		for id, n := range ids {
			acked[id] += n
		}
		t.Logf("round %d: %d acknowledged before %s", round, len(ids), sig)
		// The tally committed with its answers or not at all: it is a recount of them, as
		// the kill left the file (verify does not count missing tallies at open).
		var out strings.Builder
		if err := run(context.Background(), []string{"verify", "-db", db, "-tally", "demo"}, func(string) string { return "" },
			nil, &out, io.Discard); err != nil {
			t.Fatalf("round %d: verify -tally after %s: %v\n%s", round, sig, err, out.String())
		}
	}
	// Restart once more on the same file, then check every acknowledged id.
	cmd, _ := startChild(t, bin, db)
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()
	st, err := openStore(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	res, err := verifyIDs(context.Background(), st, "demo", acked)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s × %d: acknowledged %d, stored %d of them, missing %d, acknowledged twice %d, stored but never acknowledged %d",
		sig, rounds, len(acked), res.found, len(res.missing), len(res.duplicates), res.unlisted)
	if len(res.missing) > 0 || len(res.duplicates) > 0 || res.found != len(acked) {
		t.Fatalf("lost or doubled answers: missing %v, twice %v", res.missing, res.duplicates)
	}
	if len(acked) == 0 {
		t.Fatal("no answer was acknowledged: the test proved nothing")
	}
}

func TestCrashKill9(t *testing.T)   { crashRounds(t, syscall.SIGKILL, 20) }
func TestCrashSIGTERM(t *testing.T) { crashRounds(t, syscall.SIGTERM, 6) }
