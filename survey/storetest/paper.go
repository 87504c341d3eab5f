package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"kravlistan/survey"
)

// testPaperBatches: a pile typed in two passes, a line dropped and one set in both passes,
// a commit that a used code stops whole, then a commit that stores every response and
// leaves neither lines nor typists (issue 13).
func testPaperBatches(t *testing.T, st survey.Store) {
	ctx := context.Background()
	c := demo(t, st, "demo")
	u, err := st.CreateUser(ctx, "ada", survey.RoleOrganiser, "x")
	if err != nil {
		t.Fatal(err)
	}
	v, err := st.CreateUser(ctx, "bo", survey.RoleOrganiser, "x")
	if err != nil {
		t.Fatal(err)
	}
	b := &survey.PaperBatch{Workplace: "sjukhuset", Channel: survey.ChannelPaper, Cover: 3, Double: true, Day: "2026-03-02"}
	if err := st.CreatePaperBatch(ctx, c.ID, b); err != nil || b.ID == 0 {
		t.Fatalf("create: %v (id %d)", err, b.ID)
	}
	if err := st.ClaimPaperPass(ctx, c.ID, b.ID, 0, u.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.ClaimPaperPass(ctx, c.ID, b.ID, 0, u.ID); err != nil {
		t.Errorf("claiming one's own pass again: %v", err)
	}
	wantCode(t, "a second typist on pass 1", st.ClaimPaperPass(ctx, c.ID, b.ID, 0, v.ID), survey.ECONFLICT)
	if err := st.ClaimPaperPass(ctx, c.ID, b.ID, 1, v.ID); err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{"1", "2", "3", "4"} {
		if err := st.AddPaperLine(ctx, b.ID, 0, survey.PaperLine{Line: l, Code: "c" + l}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.DropPaperLine(ctx, b.ID, 0, 2); err != nil {
		t.Fatal(err)
	}
	if err := st.SetPaperLine(ctx, b.ID, []int{0, 1}, survey.PaperLine{Seq: 1, Line: "9"}); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "setting a line past the end", st.SetPaperLine(ctx, b.ID, []int{1}, survey.PaperLine{Seq: 5, Line: "9"}), survey.EINVALID)
	lines, err := st.PaperLines(ctx, b.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range lines {
		got = append(got, l.Line+"/"+l.Code)
	}
	if !slices.Equal(got, []string{"9/", "3/c3", "4/c4"}) || lines[2].Seq != 3 {
		t.Fatalf("pass 1 after drop and set: %+v", lines)
	}
	read, err := st.PaperBatch(ctx, c.ID, b.ID)
	if err != nil || read.Typed != [2]int{3, 1} || read.Typist != [2]int64{u.ID, v.ID} || !read.Double || read.Cover != 3 ||
		read.Workplace != "sjukhuset" || read.Channel != survey.ChannelPaper || read.Committed {
		t.Fatalf("batch %+v %v", read, err)
	}
	if bs, err := st.PaperBatches(ctx, c.ID); err != nil || len(bs) != 1 || bs[0].ID != b.ID {
		t.Fatalf("batches %+v %v", bs, err)
	}
	_, err = st.PaperBatch(ctx, c.ID+1, b.ID)
	wantCode(t, "another campaign's batch", err, survey.ENOTFOUND)

	// A used code stops the whole commit and names the ballot.
	_, codes, err := st.IssueCodes(ctx, c.ID, "", 2)
	if err != nil {
		t.Fatal(err)
	}
	used := ballot("heltid")
	used.Code = codes[1]
	if _, err := st.Submit(ctx, c.ID, used); err != nil {
		t.Fatal(err)
	}
	paper := func(code string, ranking ...string) *survey.Response {
		r := ballot(ranking...)
		r.Channel, r.Workplace, r.Code = survey.ChannelPaper, "sjukhuset", code
		return r
	}
	err = st.CommitPaperBatch(ctx, c.ID, b.ID, []*survey.Response{paper(codes[0], "visstid"), paper(codes[1], "visstid")})
	if fes := survey.FieldErrors(err); len(fes) != 1 || fes[0].Field != "ballot[1]" || fes[0].Code != "code_used" {
		t.Fatalf("commit with a used code: %v %v", err, fes)
	}
	if n, _ := st.ResponseCount(ctx, c.ID); n != 1 {
		t.Fatalf("%d responses after a failed commit, want 1", n)
	}
	if err := st.CommitPaperBatch(ctx, c.ID, b.ID, []*survey.Response{paper(codes[0], "visstid"), paper("", "bemanning")}); err != nil {
		t.Fatal(err)
	}
	if n, _ := st.ResponseCount(ctx, c.ID); n != 3 {
		t.Fatalf("%d responses after the commit, want 3", n)
	}
	read, err = st.PaperBatch(ctx, c.ID, b.ID)
	if err != nil || !read.Committed || read.Stored != 2 || read.Typist != [2]int64{} || read.Typed != [2]int{} {
		t.Errorf("committed batch keeps %+v %v: want no typists and no lines", read, err)
	}
	for pass := range 2 {
		if ls, err := st.PaperLines(ctx, b.ID, pass); err != nil || len(ls) != 0 {
			t.Errorf("pass %d keeps %d lines after the commit (%v)", pass+1, len(ls), err)
		}
	}
	wantCode(t, "a second commit", st.CommitPaperBatch(ctx, c.ID, b.ID, []*survey.Response{paper("", "heltid")}), survey.ENOTFOUND)
	wantCode(t, "claiming a committed batch", st.ClaimPaperPass(ctx, c.ID, b.ID, 0, u.ID), survey.ECONFLICT)
	wantCode(t, "deleting a committed batch", st.DeletePaperBatch(ctx, c.ID, b.ID), survey.ENOTFOUND)

	// An open batch is thrown away with its lines.
	d := &survey.PaperBatch{Channel: survey.ChannelPhone, Cover: 1, Day: "2026-03-02"}
	if err := st.CreatePaperBatch(ctx, c.ID, d); err != nil {
		t.Fatal(err)
	}
	if err := st.AddPaperLine(ctx, d.ID, 0, survey.PaperLine{Line: "1"}); err != nil {
		t.Fatal(err)
	}
	if err := st.DeletePaperBatch(ctx, c.ID, d.ID); err != nil {
		t.Fatal(err)
	}
	_, err = st.PaperBatch(ctx, c.ID, d.ID)
	wantCode(t, "a deleted batch", err, survey.ENOTFOUND)
	if ls, _ := st.PaperLines(ctx, d.ID, 0); len(ls) != 0 {
		t.Errorf("a deleted batch keeps %d lines", len(ls))
	}
}

// testCallers: the caller role is stored and read back, also through a session.
func testCallers(t *testing.T, st survey.Store) {
	ctx := context.Background()
	u, err := st.CreateUser(ctx, "ringa", survey.RoleCaller, "x")
	if err != nil || u.Role != survey.RoleCaller {
		t.Fatalf("create: %+v %v", u, err)
	}
	got, _, err := st.UserByName(ctx, "ringa")
	if err != nil || !got.IsCaller() {
		t.Fatalf("by name: %+v %v", got, err)
	}
	if got, err := st.UserByID(ctx, u.ID); err != nil || got.Role != survey.RoleCaller {
		t.Fatalf("by id: %+v %v", got, err)
	}
	now := time.Now()
	if err := st.CreateSession(ctx, []byte("token-hash"), u.ID, "csrf", now); err != nil {
		t.Fatal(err)
	}
	ss, err := st.Session(ctx, []byte("token-hash"), now, survey.SessionLimits{Idle: time.Hour, Absolute: time.Hour})
	if err != nil || ss.User.Role != survey.RoleCaller {
		t.Fatalf("session: %+v %v", ss, err)
	}
	if all, err := st.Users(ctx); err != nil || len(all) != 1 || all[0].Role != survey.RoleCaller {
		t.Fatalf("users: %+v %v", all, err)
	}
}
