package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// usageError means the command line was wrong; main exits with status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// errExit1 asks main to exit with status 1 without printing anything more.
var errExit1 = errors.New("exit 1")

const usage = `kravlistan – members rank the demands, parties answer them (the Trondheim model)

Usage:
  kravlistan [serve] [-addr :8080] [-db kravlistan.db] [-demo]
  kravlistan campaign import  -db FILE CAMPAIGN.json
  kravlistan campaign export  -db FILE SLUG
  kravlistan campaign publish -db FILE [-off] SLUG
  kravlistan report   -db FILE [-format json|xlsx|csv] [-csv responses|ranking] [-sep ';'] [-o FILE] SLUG
  kravlistan generate -db FILE -responses N [-seed S] SLUG
  kravlistan codes   -db FILE -n N [-workplace CODE] SLUG
  kravlistan proposals -db FILE [-format json|csv] SLUG
  kravlistan user add    -db FILE -role admin|organiser|caller NAME
  kravlistan user passwd -db FILE NAME
  kravlistan backup   -db FILE OUT.db
  kravlistan loadtest -url URL [-url URL2 …] [-c 64] [-d 30s] [-rate N] [-invalid 0.1] [-replay 0.05] [-pages 0.2] [-ids FILE] SLUG
  kravlistan verify   -db FILE -ids FILE SLUG
  kravlistan verify   -db FILE -tally SLUG
  kravlistan healthcheck [-url http://localhost:8080/healthz]

-db FILE is a SQLite file or a PostgreSQL URL (postgres://USER@HOST/DB?sslmode=…); without
-db, KRAVLISTAN_DB, else kravlistan.db.

Run "kravlistan COMMAND -h" for the flags of a command.
`

// env is how commands read the environment (os.Getenv in main, a map in tests).
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// run is the whole program: main only wires the process to it.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return cmdServe(ctx, e, args)
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return cmdServe(ctx, e, rest)
	case "campaign":
		return cmdCampaign(ctx, e, rest)
	case "report":
		return cmdReport(ctx, e, rest)
	case "generate":
		return cmdGenerate(ctx, e, rest)
	case "codes":
		return cmdCodes(ctx, e, rest)
	case "proposals":
		return cmdProposals(ctx, e, rest)
	case "user":
		return cmdUser(ctx, e, rest)
	case "backup":
		return cmdBackup(ctx, e, rest)
	case "loadtest":
		return cmdLoadtest(ctx, e, rest)
	case "verify":
		return cmdVerify(ctx, e, rest)
	case "healthcheck":
		return cmdHealthcheck(ctx, e, rest)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return &usageError{msg: fmt.Sprintf("unknown command %q: see the list above", cmd)}
}

// newFlags returns a flag set that prints its usage to e.stderr and does not exit.
func newFlags(e env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: kravlistan %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args and checks the number of positional arguments.
func parseFlags(fs *flag.FlagSet, args []string, positional ...string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return &usageError{}
		}
		return &usageError{msg: err.Error()}
	}
	if fs.NArg() != len(positional) {
		fs.Usage()
		if len(positional) == 0 {
			return &usageError{msg: fmt.Sprintf("%s takes no arguments after the flags (flags come first)", fs.Name())}
		}
		return &usageError{msg: fmt.Sprintf("%s needs %s after the flags (flags come first)", fs.Name(), strings.Join(positional, " "))}
	}
	return nil
}

// dbFlag adds the -db flag every command shares.
func dbFlag(fs *flag.FlagSet, e env) *string {
	def := e.getenv("KRAVLISTAN_DB")
	if def == "" {
		def = "kravlistan.db"
	}
	return fs.String("db", def, "SQLite database file, or a PostgreSQL URL (postgres://USER@HOST/DB?…) (env KRAVLISTAN_DB)")
}
