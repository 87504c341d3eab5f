package main

import (
	"context"
	"fmt"
	"os"

	"kravlistan/survey"
)

func cmdCampaign(ctx context.Context, e env, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, usage)
		return &usageError{msg: "campaign needs a subcommand: import, export or publish"}
	}
	switch args[0] {
	case "import":
		return cmdCampaignImport(ctx, e, args[1:])
	case "export":
		return cmdCampaignExport(ctx, e, args[1:])
	case "publish":
		return cmdCampaignPublish(ctx, e, args[1:])
	}
	fmt.Fprint(e.stderr, usage)
	return &usageError{msg: fmt.Sprintf("unknown campaign subcommand %q: use import, export or publish", args[0])}
}

func cmdCampaignImport(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "campaign import", "campaign import -db FILE CAMPAIGN.json")
	db := dbFlag(fs, e)
	if err := parseFlags(fs, args, "CAMPAIGN.json"); err != nil {
		return err
	}
	data, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return fmt.Errorf("read campaign file: %w", err)
	}
	c, err := survey.DecodeCampaign(data)
	if err != nil {
		return fileErrors(e, fs.Arg(0), err)
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.CreateCampaign(ctx, c); err != nil {
		return fileErrors(e, fs.Arg(0), err)
	}
	fmt.Fprintf(e.stdout, "imported campaign %q (%d demands, %d workplaces, state %s)\n", c.Slug, len(c.Demands), len(c.Workplaces), c.State)
	return nil
}

// fileErrors prints every problem of a campaign file on its own line and returns exit 1.
func fileErrors(e env, file string, err error) error {
	fields := survey.FieldErrors(err)
	if len(fields) == 0 {
		return fmt.Errorf("%s: %s", file, survey.ErrorMessage(err))
	}
	fmt.Fprintf(e.stderr, "%s: nothing was imported; fix these %d problem(s):\n", file, len(fields))
	for _, f := range fields {
		fmt.Fprintf(e.stderr, "  %s\n", f.String())
	}
	return errExit1
}

func cmdCampaignExport(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "campaign export", "campaign export -db FILE SLUG")
	db := dbFlag(fs, e)
	if err := parseFlags(fs, args, "SLUG"); err != nil {
		return err
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	c, err := st.Campaign(ctx, fs.Arg(0))
	if err != nil {
		return fmt.Errorf("%s (list campaigns with the organiser pages, or check the slug)", survey.ErrorMessage(err))
	}
	file, err := survey.CampaignFile(ctx, st, c)
	if err != nil {
		return err
	}
	return survey.EncodeCampaign(e.stdout, file)
}

func cmdCampaignPublish(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "campaign publish", "campaign publish -db FILE [-off] SLUG")
	db := dbFlag(fs, e)
	off := fs.Bool("off", false, "unpublish: take the public results page down")
	if err := parseFlags(fs, args, "SLUG"); err != nil {
		return err
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	c, err := st.Campaign(ctx, fs.Arg(0))
	if err != nil {
		return fmt.Errorf("%s (check the slug)", survey.ErrorMessage(err))
	}
	if !*off && c.State != survey.StateClosed {
		return fmt.Errorf("campaign %q is %s: close it before publishing its results", c.Slug, c.State)
	}
	if err := st.SetPublished(ctx, c.Slug, !*off); err != nil {
		return err
	}
	if *off {
		fmt.Fprintf(e.stdout, "results of %q are no longer public\n", c.Slug)
	} else {
		fmt.Fprintf(e.stdout, "results of %q are public at /r/%s\n", c.Slug, c.Slug)
	}
	return nil
}
