package report

import (
	"errors"
	"reflect"
	"testing"

	"kravlistan/survey"

	"github.com/google/uuid"
)

func TestPipelined(t *testing.T) {
	c := campaign(survey.MethodBorda, 3, "a", "b", "c")
	c.Questions = []survey.Question{{Key: "q1"}, {Key: "q2"}}
	var rs []survey.Response
	for i := range 5000 { // several batches and a partial one
		r := survey.Response{ID: uuid.New(), Workplace: []string{"", "w"}[i%2], Channel: survey.ChannelWeb, Day: "2026-03-02",
			Ranking: []string{"a", "b", "c"}[:1+i%3], Proposal: []string{"", "p"}[i%5/4], Key: uint32(i),
			Background: map[string]string{"q1": []string{"x", "y"}[i%2], "gone": "z"}}
		if i%7 == 0 {
			r.Ratings = map[string]int{"a": i % 10}
		}
		rs = append(rs, r)
	}
	walk := func(fn func(*survey.Response) error) error {
		var r survey.Response
		bg := map[string]string{}
		for _, x := range rs {
			// Reuse everything, as the store does.
			r = x
			clear(bg)
			for k, v := range x.Background {
				bg[k] = v
			}
			r.Background = bg
			if err := fn(&r); err != nil {
				return err
			}
		}
		return nil
	}
	var got []survey.Response
	err := Pipelined(walk, c)(func(r *survey.Response) error {
		cp := *r
		cp.Ranking = append([]string(nil), r.Ranking...)
		cp.Background = map[string]string{}
		for k, v := range r.Background {
			cp.Background[k] = v
		}
		got = append(got, cp)
		return nil
	})
	if err != nil || len(got) != len(rs) {
		t.Fatalf("%d responses, %v", len(got), err)
	}
	for i, want := range rs {
		want.Background = map[string]string{"q1": want.Background["q1"]} // only the campaign's questions
		if !reflect.DeepEqual(got[i], want) {
			t.Fatalf("response %d:\n%+v\nwant\n%+v", i, got[i], want)
		}
	}

	stop := errors.New("stop")
	n := 0
	err = Pipelined(walk, c)(func(*survey.Response) error {
		if n++; n == 1500 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 1500 {
		t.Errorf("fn's error: %v after %d calls", err, n)
	}
	failing := func(fn func(*survey.Response) error) error { return errors.New("disk") }
	if err := Pipelined(failing, c)(func(*survey.Response) error { return nil }); err == nil || err.Error() != "disk" {
		t.Errorf("the walk's error: %v", err)
	}
}
