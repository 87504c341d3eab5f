package sqlite

import (
	"context"
	"testing"

	"kravlistan/survey"
)

func TestPosterRoundTrip(t *testing.T) {
	st := mustOpenStore(t)
	ctx := context.Background()
	c := survey.Demo()
	if err := st.CreateCampaign(ctx, c); err != nil {
		t.Fatal(err)
	}
	if p, err := st.Poster(ctx, c.ID); err != nil || p != (survey.Poster{}) {
		t.Fatalf("empty poster %+v %v", p, err)
	}
	if _, _, err := st.PosterLogo(ctx, c.ID); survey.ErrorCode(err) != survey.ENOTFOUND {
		t.Fatalf("no logo: %v", err)
	}
	want := survey.Poster{Sender: "LO-distriktet i Västsverige", ElectionDay: "2026-09-13", Call: "Fråga ditt parti!"}
	if err := st.SavePoster(ctx, c.ID, want); err != nil {
		t.Fatal(err)
	}
	if err := st.SetPosterLogo(ctx, c.ID, "image/png", []byte("png bytes")); err != nil {
		t.Fatal(err)
	}
	// Saving the text again keeps the logo.
	if err := st.SavePoster(ctx, c.ID, want); err != nil {
		t.Fatal(err)
	}
	p, err := st.Poster(ctx, c.ID)
	if err != nil || p.Sender != want.Sender || p.ElectionDay != want.ElectionDay || p.Call != want.Call || p.LogoType != "image/png" || len(p.LogoSum) != 12 {
		t.Fatalf("poster %+v %v", p, err)
	}
	if typ, data, err := st.PosterLogo(ctx, c.ID); err != nil || typ != "image/png" || string(data) != "png bytes" {
		t.Fatalf("logo %q %q %v", typ, data, err)
	}
	if err := st.SavePoster(ctx, c.ID, survey.Poster{ElectionDay: "13 september"}); survey.ErrorCode(err) != survey.EINVALID {
		t.Fatalf("bad day saved: %v", err)
	}
	if err := st.SetPosterLogo(ctx, c.ID, "", nil); err != nil {
		t.Fatal(err)
	}
	if p, _ := st.Poster(ctx, c.ID); p.LogoType != "" || p.Sender != want.Sender {
		t.Fatalf("after removing the logo %+v", p)
	}
}
