package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// cmdHealthcheck asks a running server's /healthz and exits 1 unless it answers 200. The
// container image uses it because it ships no curl.
func cmdHealthcheck(ctx context.Context, e env, args []string) error {
	addr := envOr(e, "KRAVLISTAN_ADDR", ":8080")
	if strings.HasPrefix(addr, ":") {
		addr = "localhost" + addr
	}
	fs := newFlags(e, "healthcheck", "healthcheck [-url URL]")
	url := fs.String("url", "http://"+addr+"/healthz", "health URL of the running server")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, *url, nil)
	if err != nil {
		return &usageError{msg: err.Error()}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("health check: %w (is the server running?)", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("health check: %s answered %s", *url, resp.Status)
	}
	fmt.Fprintln(e.stdout, "ok")
	return nil
}
