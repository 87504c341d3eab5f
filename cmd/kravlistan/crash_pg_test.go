//go:build crash

package main

import (
	"context"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"kravlistan/survey/postgres/pgtest"

	"github.com/google/uuid"
)

// TestCrashTwoInstancesPostgres runs two "kravlistan serve" processes on one PostgreSQL
// database, sends the load tool's round robin at both, kills one of them with SIGKILL at a
// random moment in every round (the other keeps answering) and starts it again. At the end
// every acknowledged answer must be stored exactly once and the kept tally must be a
// recount of the answers. It needs KRAVLISTAN_TEST_POSTGRES (CI: .ci/run starts a server).
func TestCrashTwoInstancesPostgres(t *testing.T) {
	dsn := pgtest.DSN(t)
	bin := buildBinary(t)
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 11))
	cmds := make([]*exec.Cmd, 2)
	urls := make([]string, 2)
	for i := range cmds {
		cmd, url := startChild(t, bin, dsn)
		cmds[i], urls[i] = cmd, url
	}
	defer func() {
		for _, c := range cmds {
			c.Process.Kill()
			c.Wait()
		}
	}()
	acked := map[uuid.UUID]int{}
	const rounds = 6
	for round := range rounds {
		victim := round % 2
		idsFile := filepath.Join(dir, "ids.txt")
		done := make(chan error, 1)
		go func() {
			_, err := runLoad(context.Background(), loadConfig{bases: urls, slug: "demo", conns: 32,
				dur: 1500 * time.Millisecond, replay: 0.05, idsFile: idsFile})
			done <- err
		}()
		time.Sleep(time.Duration(200+rng.IntN(900)) * time.Millisecond)
		if err := cmds[victim].Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		cmds[victim].Wait()
		if err := <-done; err != nil {
			t.Fatalf("round %d: load: %v", round, err)
		}
		ids, err := readIDs(idsFile)
		if err != nil {
			t.Fatal(err)
		}
		for id, n := range ids {
			acked[id] += n
		}
		t.Logf("round %d: %d acknowledged by the two instances, instance %d killed", round, len(ids), victim)
		// The tally committed with its answers or not at all.
		var out strings.Builder
		if err := run(context.Background(), []string{"verify", "-db", dsn, "-tally", "demo"}, func(string) string { return "" },
			nil, &out, io.Discard); err != nil {
			t.Fatalf("round %d: verify -tally after SIGKILL: %v\n%s", round, err, out.String())
		}
		cmd, url := startChild(t, bin, dsn)
		cmds[victim], urls[victim] = cmd, url
	}
	for _, c := range cmds {
		c.Process.Signal(syscall.SIGTERM)
		c.Wait()
	}
	// verify, as an operator runs it, on every id acknowledged in all the rounds.
	all := filepath.Join(dir, "all.txt")
	var b strings.Builder
	for id, n := range acked {
		for range n {
			b.WriteString(id.String() + "\n")
		}
	}
	if err := os.WriteFile(all, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	err := run(context.Background(), []string{"verify", "-db", dsn, "-ids", all, "demo"}, func(string) string { return "" },
		nil, &out, io.Discard)
	t.Logf("verify: %s", strings.TrimSpace(out.String()))
	if err != nil {
		t.Fatalf("lost or doubled answers: %v\n%s", err, out.String())
	}
	if len(acked) == 0 {
		t.Fatal("no answer was acknowledged: the test proved nothing")
	}
}
