package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"kravlistan/report"
	"kravlistan/survey"
)

// cmdProposals prints a campaign's proposals (the intake round and the free-text
// proposals of answers) with their state in the inbox: new, merged into KEY, or set aside
// (with the reason). JSON by default, or CSV with formulas neutralized. Rows are sorted
// by area and title, never by arrival.
func cmdProposals(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "proposals", "proposals -db FILE [-format json|csv] SLUG")
	db := dbFlag(fs, e)
	format := fs.String("format", "json", "json or csv")
	if err := parseFlags(fs, args, "SLUG"); err != nil {
		return err
	}
	if *format != "json" && *format != "csv" {
		return &usageError{msg: "proposals: -format must be json or csv"}
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	camp, err := st.Campaign(ctx, fs.Arg(0))
	if err != nil {
		return fmt.Errorf("proposals: %s", survey.ErrorMessage(err))
	}
	ps, err := st.Proposals(ctx, camp.ID)
	if err != nil {
		return err
	}
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Area != ps[j].Area {
			return ps[i].Area < ps[j].Area
		}
		return strings.ToLower(ps[i].Title) < strings.ToLower(ps[j].Title)
	})
	if *format == "json" {
		if ps == nil {
			ps = []survey.Proposal{}
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(ps)
	}
	w := csv.NewWriter(e.stdout)
	w.Write([]string{"id", "state", "area", "title", "body", "workplace", "meeting_members", "source", "day", "reason"})
	for _, p := range ps {
		state := string(p.Status)
		if p.Status == survey.ProposalMerged {
			state = "merged into " + p.Demand
		}
		w.Write([]string{p.ID.String(), report.Neutralize(state), report.Neutralize(p.Area), report.Neutralize(p.Title),
			report.Neutralize(p.Body), report.Neutralize(p.Workplace), strconv.Itoa(p.MeetingMembers), string(p.Source), p.Day,
			report.Neutralize(p.Reason)})
	}
	w.Flush()
	return w.Error()
}
