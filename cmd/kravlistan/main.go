// Command kravlistan runs the Kravlistan service and its command-line tools.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	var ue *usageError
	switch {
	case err == nil:
	case errors.As(err, &ue):
		if ue.msg != "" {
			fmt.Fprintln(os.Stderr, "kravlistan:", ue.msg)
		}
		os.Exit(2)
	case errors.Is(err, errExit1):
		os.Exit(1)
	default:
		fmt.Fprintln(os.Stderr, "kravlistan:", err)
		os.Exit(1)
	}
}
