package storage

import (
	"maps"
	"slices"
	"testing"

	"kravlistan/survey"
)

func TestRatingsEncoding(t *testing.T) {
	for _, m := range []map[string]int{nil, {"a": 1}, {"b-2": 10, "a_1": 0, "c": 5}} {
		s := EncodeRatings(m)
		got, err := DecodeRatings(s, nil)
		if err != nil || !maps.Equal(got, m) {
			t.Errorf("%v → %q → %v %v", m, s, got, err)
		}
	}
	if s := EncodeRatings(map[string]int{"b": 2, "a": 1}); s != "a=1&b=2" {
		t.Errorf("not sorted by key: %q", s)
	}
	for _, bad := range []string{"a", "a=x", "a=1&b"} {
		if _, err := DecodeRatings(bad, nil); err == nil {
			t.Errorf("%q decoded without error", bad)
		}
	}
}

func TestBackgroundAndRanking(t *testing.T) {
	for _, m := range []map[string]string{nil, {"alder": "30-44"}, {"b": "", "a": "x"}} {
		s := EncodeBackground(m)
		if got := DecodeBackground(s); !maps.Equal(got, m) {
			t.Errorf("%v → %q → %v", m, s, got)
		}
	}
	if s := EncodeBackground(map[string]string{"b": "1", "a": "2"}); s != "a=2&b=1" {
		t.Errorf("not sorted by key: %q", s)
	}
	if got := DecodeRanking(""); got == nil || len(got) != 0 {
		t.Errorf("empty ranking: %#v", got)
	}
	if got := DecodeRanking(EncodeRanking([]string{"k1", "k2"})); !slices.Equal(got, []string{"k1", "k2"}) {
		t.Errorf("ranking: %v", got)
	}
}

// TestDecoderReuses checks that a Decoder clears what the previous row left.
func TestDecoderReuses(t *testing.T) {
	var (
		d Decoder
		r survey.Response
	)
	if err := d.Decode(&r, "a,b", "q=1&r=2", "a=3"); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(r.Ranking, []string{"a", "b"}) || r.Background["r"] != "2" || r.Ratings["a"] != 3 {
		t.Fatalf("first row: %+v", r)
	}
	if err := d.Decode(&r, "c", "", ""); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(r.Ranking, []string{"c"}) || r.Background != nil || r.Ratings != nil {
		t.Fatalf("second row keeps the first's: %+v", r)
	}
	if err := d.Decode(&r, "", "", "a=x"); err == nil {
		t.Error("a bad rating decoded without error")
	}
}
