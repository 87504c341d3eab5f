package main

import (
	"context"
	"fmt"

	"kravlistan/cmd/kravlistan/internal/web"
	"kravlistan/survey"
)

// cmdUser manages organiser accounts: "user add" and "user passwd". Both print the new,
// generated password alone on the last line of stdout, so scripts can take it with tail -1.
func cmdUser(ctx context.Context, e env, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, usage)
		return &usageError{msg: "user needs a subcommand: add or passwd"}
	}
	switch args[0] {
	case "add":
		return cmdUserAdd(ctx, e, args[1:])
	case "passwd":
		return cmdUserPasswd(ctx, e, args[1:])
	}
	fmt.Fprint(e.stderr, usage)
	return &usageError{msg: fmt.Sprintf("unknown user subcommand %q: use add or passwd", args[0])}
}

func cmdUserAdd(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "user add", "user add -db FILE -role admin|organiser|caller NAME")
	db := dbFlag(fs, e)
	role := fs.String("role", "organiser", "admin (accounts and every campaign), organiser (own campaigns) or caller (only types in telephone answers)")
	if err := parseFlags(fs, args, "NAME"); err != nil {
		return err
	}
	name := fs.Arg(0)
	if err := survey.CheckUser(name, survey.Role(*role)); err != nil {
		return &usageError{msg: "user add: " + err.Error()}
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	pw := web.GeneratePassword()
	u, err := st.CreateUser(ctx, name, survey.Role(*role), web.HashPassword(pw))
	if err != nil {
		return fmt.Errorf("user add: %s", survey.ErrorMessage(err))
	}
	fmt.Fprintf(e.stdout, "created %s account %q; its password (shown only now):\n%s\n", u.Role, u.Name, pw)
	return nil
}

func cmdUserPasswd(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "user passwd", "user passwd -db FILE NAME")
	db := dbFlag(fs, e)
	if err := parseFlags(fs, args, "NAME"); err != nil {
		return err
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	pw := web.GeneratePassword()
	u, err := st.SetPassword(ctx, fs.Arg(0), web.HashPassword(pw))
	if err != nil {
		return fmt.Errorf("user passwd: %s", survey.ErrorMessage(err))
	}
	fmt.Fprintf(e.stdout, "new password for %q (shown only now; the account's sessions are signed out):\n%s\n", u.Name, pw)
	return nil
}
