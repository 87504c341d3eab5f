package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"kravlistan/survey"
)

func TestPaperBatchLifecycle(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	c := mustDemo(t, st)
	u, err := st.CreateUser(ctx, "ada", survey.RoleOrganiser, "x")
	if err != nil {
		t.Fatal(err)
	}
	b := &survey.PaperBatch{Workplace: "sjukhuset", Channel: survey.ChannelPaper, Cover: 3, Double: true, Day: "2026-03-02"}
	if err := st.CreatePaperBatch(ctx, c.ID, b); err != nil {
		t.Fatal(err)
	}
	if err := st.ClaimPaperPass(ctx, c.ID, b.ID, 0, u.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.ClaimPaperPass(ctx, c.ID, b.ID, 0, u.ID+1); survey.ErrorCode(err) != survey.ECONFLICT {
		t.Fatalf("second typist on one pass: %v", err)
	}
	for _, l := range []string{"1", "2", "3", "4"} {
		if err := st.AddPaperLine(ctx, b.ID, 0, survey.PaperLine{Line: l}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.DropPaperLine(ctx, b.ID, 0, 2); err != nil {
		t.Fatal(err)
	}
	if err := st.SetPaperLine(ctx, b.ID, []int{0, 1}, survey.PaperLine{Seq: 1, Line: "9"}); err != nil {
		t.Fatal(err)
	}
	lines, _ := st.PaperLines(ctx, b.ID, 0)
	var got []string
	for _, l := range lines {
		got = append(got, l.Line)
	}
	if strings.Join(got, " ") != "9 3 4" || lines[2].Seq != 3 {
		t.Fatalf("pass 1 after drop and set: %+v", lines)
	}
	got2, _ := st.PaperBatch(ctx, c.ID, b.ID)
	if got2.Typed != [2]int{3, 1} || got2.Typist[0] != u.ID || !got2.Double {
		t.Fatalf("batch %+v", got2)
	}

	// A commit whose second ballot has a used code stores nothing.
	codes := mustIssue(t, st, c, "", 2)
	if _, err := st.Submit(ctx, c.ID, withCode(codes[1], "heltid")); err != nil {
		t.Fatal(err)
	}
	rs := []*survey.Response{withCode(codes[0], "visstid"), withCode(codes[1], "visstid")}
	for _, r := range rs {
		r.Channel, r.Workplace = survey.ChannelPaper, "sjukhuset"
	}
	err = st.CommitPaperBatch(ctx, c.ID, b.ID, rs)
	if fes := survey.FieldErrors(err); err == nil || len(fes) != 1 || fes[0].Field != "ballot[1]" || fes[0].Code != "code_used" {
		t.Fatalf("commit with a used code: %v %v", err, fes)
	}
	if n, _ := st.ResponseCount(ctx, c.ID); n != 1 {
		t.Fatalf("%d responses after a failed commit", n)
	}
	rs = []*survey.Response{withCode(codes[0], "visstid"), ballot("bemanning")}
	rs[1].Channel = survey.ChannelPaper
	if err := st.CommitPaperBatch(ctx, c.ID, b.ID, rs); err != nil {
		t.Fatal(err)
	}
	if n, _ := st.ResponseCount(ctx, c.ID); n != 3 {
		t.Fatalf("%d responses after the commit", n)
	}
	var left int
	st.w.QueryRow(`SELECT COUNT(*) FROM paper_lines`).Scan(&left)
	var t1, t2 sql.NullInt64
	st.w.QueryRow(`SELECT typist1, typist2 FROM paper_batches WHERE id = ?`, b.ID).Scan(&t1, &t2)
	if left != 0 || t1.Valid || t2.Valid {
		t.Errorf("after commit: %d lines kept, typists %v %v", left, t1, t2)
	}
	if err := st.CommitPaperBatch(ctx, c.ID, b.ID, rs); survey.ErrorCode(err) != survey.ENOTFOUND {
		t.Errorf("second commit: %v", err)
	}
	if err := st.DeletePaperBatch(ctx, c.ID, b.ID); survey.ErrorCode(err) != survey.ENOTFOUND {
		t.Errorf("deleting a committed batch: %v", err)
	}
}

func TestCallerRole(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	u, err := st.CreateUser(ctx, "ringer", survey.RoleCaller, "x")
	if err != nil || u.Role != survey.RoleCaller {
		t.Fatal(u, err)
	}
	got, _, err := st.UserByName(ctx, "ringer")
	if err != nil || got.Role != survey.RoleCaller || !got.IsCaller() {
		t.Fatalf("read back: %+v %v", got, err)
	}
	if err := st.CreateSession(ctx, []byte("h"), u.ID, "c", st.Now()); err != nil {
		t.Fatal(err)
	}
	ss, err := st.Session(ctx, []byte("h"), st.Now(), survey.SessionLimits{Idle: 3600e9, Absolute: 3600e9})
	if err != nil || ss.User.Role != survey.RoleCaller {
		t.Fatalf("session: %+v %v", ss, err)
	}
}
