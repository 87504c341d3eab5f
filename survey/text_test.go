package survey

import (
	"strings"
	"testing"

	"github.com/google/uuid"
)

func TestTextProblem(t *testing.T) {
	for _, tc := range []struct {
		name  string
		s     string
		multi bool
		want  string
	}{
		{"Plain", "Fler bussar till Ålidhem", false, ""},
		{"Emoji", "Höj lönerna 💪", false, ""},
		{"MultiLineBreaks", "rad ett\r\nrad två\n\tindrag", true, ""},
		{"ErrNUL", "a\x00b", true, "control_char"},
		{"ErrEscape", "a\x1b[31mröd", true, "control_char"},
		{"ErrDEL", "a\x7f", true, "control_char"},
		{"ErrC1", "a\u0085b", true, "control_char"},
		{"ErrInvalidUTF8", "a\xffb", true, "bad_utf8"},
		{"ErrSurrogateHalf", "a\xed\xa0\x80", true, "bad_utf8"},
		{"ErrNewlineInTitle", "rad ett\nrad två", false, "line_break"},
		{"ErrTabInTitle", "a\tb", false, "line_break"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := TextProblem(tc.s, tc.multi); got != tc.want {
				t.Errorf("TextProblem(%q, %v) = %q, want %q", tc.s, tc.multi, got, tc.want)
			}
		})
	}
}

func TestTypedTextIsChecked(t *testing.T) {
	c := testCampaign()
	c.AllowProposals = true
	id := uuid.MustParse("3f2b6c1e-8d4a-4e7b-9c2d-1a2b3c4d5e6f")
	r := Response{ID: id, Channel: ChannelAPI, Ranking: []string{"heltid"}, Proposal: "fler\x00bussar"}
	if fe := FieldErrors(r.Validate(c)); len(fe) != 1 || fe[0].Field != "proposal" || fe[0].Code != "control_char" {
		t.Errorf("NUL in proposal: %+v", fe)
	}
	// Through the JSON API: "\u0000" decodes to NUL and is refused by Validate; raw
	// invalid UTF-8 is refused before decoding (encoding/json would replace it silently).
	sub, err := DecodeSubmission([]byte(`{"ranking":["heltid"],"proposal":"a\u0000b"}`), ChannelAPI)
	if err != nil {
		t.Fatal(err)
	}
	if fe := FieldErrors(sub.Validate(c)); len(fe) != 1 || fe[0].Code != "control_char" {
		t.Errorf(`\u0000 through the API: %+v`, fe)
	}
	_, err = DecodeSubmission([]byte("{\"ranking\":[\"heltid\"],\"proposal\":\"a\xffb\"}"), ChannelAPI)
	if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), "UTF-8") {
		t.Errorf("invalid UTF-8 through the API: %v", err)
	}
	// Organiser text: a control character in a demand title, a line break in a label.
	c2 := testCampaign()
	c2.Demands[0].Title = "Heltid\x07"
	c2.Questions[0].Label = "Förbund\nvilket?"
	c2.Demands[1].Body = "Första stycket.\r\n\r\nAndra stycket."
	fe := FieldErrors(c2.Validate())
	if len(fe) != 2 || fe[0].Code != "control_char" || fe[1].Code != "line_break" {
		t.Errorf("campaign text: %+v", fe)
	}
	// Party text: a comment with NUL, a name with an escape character.
	if fe := FieldErrors(ValidateAnswers([]ListItem{{ID: 1}}, []Answer{{ItemID: 1, Value: AnswerYes, Comment: "ja\x00"}}, false)); len(fe) != 1 || fe[0].Code != "control_char" {
		t.Errorf("party comment: %+v", fe)
	}
	ps := DefaultParties()
	ps[0].Name = "Parti\x1b"
	if fe := FieldErrors(ValidateParties(ps, Assembly{})); len(fe) != 1 || fe[0].Code != "control_char" {
		t.Errorf("party name: %+v", fe)
	}
}

func TestOnlyRandomIDs(t *testing.T) {
	for _, tc := range []struct {
		name, id, code string
	}{
		{"V4", "3f2b6c1e-8d4a-4e7b-9c2d-1a2b3c4d5e6f", ""},
		// Version 1: the time and the network card's address.
		{"ErrV1", "6ba7b810-9dad-11d1-80b4-00c04fd430c8", "bad_uuid_version"},
		// Version 7: the Unix time in milliseconds.
		{"ErrV7", "019ad9f6-4c3e-7a51-9b2c-3d4e5f607182", "bad_uuid_version"},
		{"ErrV4WrongVariant", "3f2b6c1e-8d4a-4e7b-1c2d-1a2b3c4d5e6f", "bad_uuid_version"},
		{"ErrNotUUID", "nej", "bad_uuid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeSubmission([]byte(`{"id":"`+tc.id+`","ranking":["heltid"]}`), ChannelAPI)
			fe := FieldErrors(err)
			if tc.code == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if ErrorCode(err) != EINVALID || len(fe) != 1 || fe[0].Field != "id" || fe[0].Code != tc.code {
				t.Fatalf("got %v %+v, want %s on id", err, fe, tc.code)
			}
		})
	}
	r, err := DecodeSubmission([]byte(`{"ranking":["heltid"]}`), ChannelAPI)
	if err != nil || !RandomID(r.ID) {
		t.Errorf("minted id %v (%v) is not version 4", r.ID, err)
	}
}
