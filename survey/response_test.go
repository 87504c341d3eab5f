package survey

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

func testCampaign() *Campaign {
	c := Demo()
	c.MaxPicks, c.MinPicks = 3, 1
	return c
}

func TestResponseValidate(t *testing.T) {
	c := testCampaign()
	id := uuid.MustParse("3f2b6c1e-8d4a-4e7b-9c2d-1a2b3c4d5e6f")
	tests := []struct {
		name  string
		r     Response
		code  string
		field string
		msg   string
	}{
		{"OK", Response{ID: id, Channel: ChannelAPI, Ranking: []string{"heltid", "visstid"}}, "", "", ""},
		{"OKFull", Response{ID: id, Channel: ChannelWeb, Workplace: "sjukhuset", Ranking: []string{"heltid"},
			Background: map[string]string{"forbund": "kommunal", "alder": "30-44"}, Proposal: "Fler bussar"}, "", "", ""},
		{"OKPhone", Response{ID: id, Channel: ChannelPhone, Ranking: []string{"heltid"}}, "", "", ""},
		{"ErrChannel", Response{ID: id, Channel: "fax", Ranking: []string{"heltid"}}, EINVALID, "channel", "web, paper, phone eller api"},
		{"ErrUnknownDemand", Response{ID: id, Channel: ChannelAPI, Ranking: []string{"nope"}}, EINVALID, "ranking[0]", `okänt krav "nope"`},
		{"ErrDuplicatePick", Response{ID: id, Channel: ChannelAPI, Ranking: []string{"heltid", "heltid"}}, EINVALID, "ranking[1]", "mer än en gång"},
		{"ErrTooMany", Response{ID: id, Channel: ChannelAPI, Ranking: []string{"heltid", "visstid", "bemanning", "fackavdrag"}}, EINVALID, "ranking", "högst 3"},
		{"ErrTooFew", Response{ID: id, Channel: ChannelAPI, Ranking: []string{}}, EINVALID, "ranking", "minst 1"},
		{"ErrUnknownQuestion", Response{ID: id, Channel: ChannelAPI, Ranking: []string{"heltid"}, Background: map[string]string{"lon": "x"}}, EINVALID, "background.lon", "okänd fråga"},
		{"ErrUnknownOption", Response{ID: id, Channel: ChannelAPI, Ranking: []string{"heltid"}, Background: map[string]string{"forbund": "saco"}}, EINVALID, "background.forbund", "okänt svarsalternativ"},
		{"ErrProposalTooLong", Response{ID: id, Channel: ChannelAPI, Ranking: []string{"heltid"}, Proposal: strings.Repeat("å", 1001)}, EINVALID, "proposal", "högst 1000"},
		{"ErrNilID", Response{Channel: ChannelAPI, Ranking: []string{"heltid"}}, EINVALID, "id", "UUID"},
		{"ErrUnknownWorkplace", Response{ID: id, Channel: ChannelAPI, Workplace: "kontoret", Ranking: []string{"heltid"}}, ENOTFOUND, "workplace", "okänd arbetsplats"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.r.Validate(c)
			if ErrorCode(err) != tc.code {
				t.Fatalf("code = %q (%v), want %q", ErrorCode(err), err, tc.code)
			}
			if tc.code == "" {
				return
			}
			for _, f := range FieldErrors(err) {
				if f.Field == tc.field && strings.Contains(f.Message("sv"), tc.msg) {
					return
				}
			}
			t.Errorf("want %s: …%s…, got %v", tc.field, tc.msg, err)
		})
	}
	t.Run("ErrProposalsOff", func(t *testing.T) {
		c := testCampaign()
		c.AllowProposals = false
		r := Response{ID: id, Channel: ChannelAPI, Ranking: []string{"heltid"}, Proposal: "x"}
		if err := r.Validate(c); ErrorCode(err) != EINVALID {
			t.Fatalf("got %v", err)
		}
	})
}

func TestDecodeSubmission(t *testing.T) {
	r, err := DecodeSubmission([]byte(`{"ranking":["a"],"background":{"q":"","r":"x"},"proposal":"  hej\r\n "}`), ChannelAPI)
	if err != nil {
		t.Fatal(err)
	}
	if r.ID == uuid.Nil {
		t.Error("no id minted")
	}
	if r.Proposal != "hej" || len(r.Background) != 1 {
		t.Errorf("not normalised: %+v", r)
	}
	for _, tc := range []struct{ body, field string }{
		{`{"id":"nope","ranking":[]}`, "id"},
		{`{"id":"3f2b6c1e8d4a4e7b9c2d1a2b3c4d5e6f","ranking":[]}`, "id"},
		{`{"ranking":"heltid"}`, "ranking"},
		{`{"ranking":[1]}`, "ranking[0]"},
		{`{"background":{"q":1}}`, "background.q"},
	} {
		_, err := DecodeSubmission([]byte(tc.body), ChannelAPI)
		if fe := FieldErrors(err); len(fe) == 0 || fe[0].Field != tc.field || IsSyntax(err) {
			t.Errorf("%s: got %v, want field %s", tc.body, err, tc.field)
		}
	}
	for _, body := range []string{``, `{`, `nope`, `{"ranking":[]}x`} {
		if _, err := DecodeSubmission([]byte(body), ChannelAPI); !IsSyntax(err) {
			t.Errorf("%q: want a syntax error, got %v", body, err)
		}
	}
}

func TestSameContent(t *testing.T) {
	a := &Response{Ranking: []string{"a", "b"}, Background: map[string]string{"q": "1"}}
	b := &Response{Ranking: []string{"a", "b"}, Background: map[string]string{"q": "1"}, Day: "2026-01-01"}
	if !a.SameContent(b) {
		t.Error("same ballot on another day should be the same content")
	}
	for _, o := range []*Response{
		{Ranking: []string{"b", "a"}, Background: map[string]string{"q": "1"}},
		{Ranking: []string{"a", "b"}},
		{Ranking: []string{"a", "b"}, Background: map[string]string{"q": "2"}},
		{Ranking: []string{"a", "b"}, Background: map[string]string{"q": "1"}, Proposal: "x"},
		{Ranking: []string{"a", "b"}, Background: map[string]string{"q": "1"}, Workplace: "w"},
	} {
		if a.SameContent(o) {
			t.Errorf("%+v should differ from %+v", o, a)
		}
	}
}

func TestAvailableAt(t *testing.T) {
	now := time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)
	before, after := now.Add(-time.Hour), now.Add(time.Hour)
	tests := []struct {
		name string
		c    Campaign
		want Availability
	}{
		{"Open", Campaign{State: StateOpen}, Available},
		{"Draft", Campaign{State: StateDraft}, Draft},
		{"Closed", Campaign{State: StateClosed}, Closed},
		{"NotYet", Campaign{State: StateOpen, OpensAt: &after}, NotYetOpen},
		{"PastClose", Campaign{State: StateOpen, ClosesAt: &before}, Closed},
		{"Window", Campaign{State: StateOpen, OpensAt: &before, ClosesAt: &after}, Available},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.c.AvailableAt(now); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// FuzzDecodeSubmission checks that no input makes decoding or validation panic, and that
// whatever is accepted is a ballot that follows the campaign's rules.
func FuzzDecodeSubmission(f *testing.F) {
	for _, seed := range []string{
		`{"id":"3f2b6c1e-8d4a-4e7b-9c2d-1a2b3c4d5e6f","ranking":["heltid","visstid"]}`,
		`{"workplace":"sjukhuset","background":{"forbund":"kommunal"},"ranking":["heltid"],"proposal":"Fler bussar"}`,
		`{"ranking":["heltid","heltid"]}`,
		`{"ranking":[]}`,
		`{"ranking":null,"background":null}`,
		`{"id":"","ranking":["x"]}`,
		`{"background":{"alder":"60-plus"},"ranking":["busslinjer"],"extra":1}`,
		`[]`, `{`, `"`, `{"ranking":[1,2]}`,
	} {
		f.Add([]byte(seed))
	}
	c := testCampaign()
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := DecodeSubmission(data, ChannelAPI)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("decode error with code %s: %v", ErrorCode(err), err)
			}
			return
		}
		if err := r.Validate(c); err != nil {
			if code := ErrorCode(err); code != EINVALID && code != ENOTFOUND {
				t.Fatalf("validate error with code %s: %v", code, err)
			}
			return
		}
		if len(r.Ranking) < c.MinPicks || len(r.Ranking) > c.MaxPicks {
			t.Fatalf("accepted %d picks", len(r.Ranking))
		}
		seen := map[string]bool{}
		for _, k := range r.Ranking {
			if _, ok := c.Demand(k); !ok || seen[k] {
				t.Fatalf("accepted bad ranking %v", r.Ranking)
			}
			seen[k] = true
		}
	})
}

func TestHiddenDemand(t *testing.T) {
	c := testCampaign()
	c.Demands[0].Hidden = true
	r := Response{ID: uuid.New(), Channel: ChannelWeb, Ranking: []string{c.Demands[0].Key}}
	if err := r.Validate(c); ErrorCode(err) != EINVALID {
		t.Errorf("a new ballot picked a hidden demand: %v", err)
	}
	for _, a := range c.Areas() {
		for _, d := range a.Demands {
			if d.Hidden {
				t.Errorf("Areas shows hidden %s", d.Key)
			}
		}
	}
	for i := range c.Demands {
		if c.Demands[i].Area == c.Demands[0].Area {
			c.Demands[i].Hidden = true
		}
	}
	for _, a := range c.Areas() {
		if a.Name == c.Demands[0].Area {
			t.Errorf("area %q with every demand hidden is still listed", a.Name)
		}
	}
}
