package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"kravlistan/cmd/kravlistan/internal/web"
	"kravlistan/report"
	"kravlistan/report/xlsx"
	"kravlistan/survey"
)

const reportSynopsis = `report -db FILE [-format json|xlsx|csv] [-csv ranking|responses] [-sep ';'] [-public-url URL] [-o FILE] SLUG

Formats: json (the report document), xlsx (the Excel workbook: summary, ranking with chart,
breakdowns, pairwise comparisons, proposals, raw responses), csv (-csv ranking: the demands
with every measure; -csv responses: one row per response, rare combinations of workplace
and background answers shown as "dolt"). CSV is UTF-8 with BOM; -sep ';' suits Swedish
Excel and writes decimal commas. xlsx is binary: give -o FILE or redirect stdout, it is
not written to a terminal. The workbook gives the campaign's address under -public-url
(env KRAVLISTAN_PUBLIC_URL), else as a path.`

func cmdReport(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "report", reportSynopsis)
	db := dbFlag(fs, e)
	format := fs.String("format", "json", "output format: json, xlsx or csv")
	csvKind := fs.String("csv", "ranking", "with -format csv: ranking or responses")
	sep := fs.String("sep", ",", `CSV separator: "," or ";"`)
	out := fs.String("o", "", "write to this file instead of stdout")
	publicURL := fs.String("public-url", envOr(e, "KRAVLISTAN_PUBLIC_URL", ""), "with -format xlsx: scheme and host members reach the service at, for the campaign's address (env KRAVLISTAN_PUBLIC_URL)")
	if err := parseFlags(fs, args, "SLUG"); err != nil {
		return err
	}
	if err := web.CheckPublicURL(*publicURL); err != nil {
		return &usageError{msg: err.Error()}
	}
	switch *format {
	case "json", "xlsx", "csv":
	default:
		return &usageError{msg: fmt.Sprintf("unknown -format %q: use json, xlsx or csv", *format)}
	}
	if *csvKind != "ranking" && *csvKind != "responses" {
		return &usageError{msg: fmt.Sprintf("unknown -csv %q: use ranking or responses", *csvKind)}
	}
	if *sep != "," && *sep != ";" {
		return &usageError{msg: fmt.Sprintf(`unknown -sep %q: use "," or ";"`, *sep)}
	}
	if *format == "xlsx" && *out == "" && isTerminal(e.stdout) {
		return &usageError{msg: "an Excel file is binary: give -o FILE or redirect stdout to a file"}
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
	walk := func(fn func(*survey.Response) error) error { return st.EachCounted(ctx, c, time.Now(), fn) } // the snapshot, as Compute counts
	sepRune := rune((*sep)[0])
	return writeOutput(e.stdout, *out, func(w io.Writer) error {
		if *format == "csv" && *csvKind == "responses" {
			return report.WriteResponsesCSV(w, c, walk, sepRune)
		}
		var combos *report.Combos
		if *format == "xlsx" {
			combos = report.NewCombos(c) // counted in the same walk as the results
		}
		res, err := report.Compute(ctx, st, c, combos, time.Now())
		if err != nil {
			return err
		}
		extra, err := web.IntakeReport(ctx, st, c, res) // provenance and the intake sheets
		if err != nil {
			return err
		}
		switch *format {
		case "xlsx":
			parties, err := web.PartySheets(ctx, st, c)
			if err != nil {
				return err
			}
			extra = append(extra, parties...)
			return xlsx.WriteWith(w, c, res, combos, walk, xlsx.Options{PublicURL: *publicURL, Extra: extra})
		case "csv":
			return report.WriteRankingCSV(w, res, sepRune)
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		doc, err := web.WithParties(ctx, st, c, res)
		if err != nil {
			return err
		}
		return enc.Encode(doc)
	})
}

// writeOutput runs write on stdout, or on a temporary file renamed to path once write has
// succeeded, so that a failed report never leaves a half-written file behind.
func writeOutput(stdout io.Writer, path string, write func(io.Writer) error) error {
	if path == "" {
		bw := bufio.NewWriterSize(stdout, 64<<10)
		if err := write(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriterSize(tmp, 64<<10)
	if err := write(bw); err != nil {
		tmp.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
