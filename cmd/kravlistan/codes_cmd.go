package main

import (
	"bufio"
	"context"
	"fmt"

	"kravlistan/survey"
)

// cmdCodes issues a batch of one-time codes for a campaign (and a workplace) and prints
// them one per line on stdout, grouped as on the slips (K7PX-3MQD), with nothing else on
// stdout, for mail merges and printing elsewhere. Only their HMACs are stored: the codes
// cannot be printed again. The campaign must use them (access "codes") to ask for them.
func cmdCodes(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "codes", "codes -db FILE -n N [-workplace CODE] SLUG")
	db := dbFlag(fs, e)
	n := fs.Int("n", 0, fmt.Sprintf("how many codes to issue (1 to %d)", survey.MaxCodeBatch))
	wp := fs.String("workplace", "", "the workplace code the codes are for (empty: none)")
	if err := parseFlags(fs, args, "SLUG"); err != nil {
		return err
	}
	if *n < 1 || *n > survey.MaxCodeBatch {
		return &usageError{msg: fmt.Sprintf("codes: -n must be from 1 to %d", survey.MaxCodeBatch)}
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	camp, err := st.Campaign(ctx, fs.Arg(0))
	if err != nil {
		return fmt.Errorf("codes: %s", survey.ErrorMessage(err))
	}
	if _, ok := camp.Workplace(*wp); *wp != "" && !ok {
		return fmt.Errorf("codes: %s", survey.Message("sv", "unknown_workplace", *wp))
	}
	batch, codes, err := st.IssueCodes(ctx, camp.ID, *wp, *n)
	if err != nil {
		return fmt.Errorf("codes: %s", survey.ErrorMessage(err))
	}
	w := bufio.NewWriter(e.stdout)
	for _, c := range codes {
		fmt.Fprintln(w, survey.FormatCode(c))
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "%d koder i omgång %d för %s", len(codes), batch, camp.Slug)
	if *wp != "" {
		fmt.Fprintf(e.stderr, " (%s)", *wp)
	}
	if !camp.NeedsCode() {
		fmt.Fprint(e.stderr, "; obs: kampanjen är öppen för alla med länken tills du väljer engångskoder (\"access\": \"codes\")")
	}
	fmt.Fprintln(e.stderr)
	return nil
}
