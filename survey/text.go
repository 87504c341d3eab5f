package survey

import "unicode/utf8"

// Rules for text that people type (members' proposals, organisers' campaign texts, parties'
// names and comments): it must be valid UTF-8 and free of control characters, which could
// hide content from a reader, break a CSV line or end a C string early (NUL). Tab, line feed
// and carriage return are allowed only in multi-line fields (a browser sends a textarea's
// line breaks as CR LF).

var _ = registerMessages(map[string]map[string]string{
	"sv": {
		"bad_utf8":         "texten är inte giltig UTF-8: spara den som UTF-8 och försök igen",
		"control_char":     "texten innehåller ett osynligt styrtecken (till exempel NUL): ta bort det och försök igen",
		"line_break":       "får inte innehålla radbrytningar eller tabbar",
		"bad_uuid_version": "ogiltigt id: ska vara ett slumpmässigt UUID (version 4), inte ett tidsbaserat, t.ex. 3f2b6c1e-8d4a-4e7b-9c2d-1a2b3c4d5e6f",
	},
	"nb": {
		"bad_utf8":         "teksten er ikke gyldig UTF-8: lagre den som UTF-8 og prøv igjen",
		"control_char":     "teksten inneholder et usynlig kontrolltegn (for eksempel NUL): fjern det og prøv igjen",
		"line_break":       "kan ikke inneholde linjeskift eller tabulatorer",
		"bad_uuid_version": "ugyldig id: må være en tilfeldig UUID (versjon 4), ikke en tidsbasert, f.eks. 3f2b6c1e-8d4a-4e7b-9c2d-1a2b3c4d5e6f",
	},
	"en": {
		"bad_utf8":         "the text is not valid UTF-8: save it as UTF-8 and try again",
		"control_char":     "the text contains an invisible control character (such as NUL): remove it and try again",
		"line_break":       "may not contain line breaks or tabs",
		"bad_uuid_version": "invalid id: must be a random UUID (version 4), not a time-based one, e.g. 3f2b6c1e-8d4a-4e7b-9c2d-1a2b3c4d5e6f",
	},
})

// TextProblem returns the message key of what is wrong with s as typed text, or "" when
// nothing is: "bad_utf8", "control_char", or "line_break" for a tab or line break in a
// single-line field (multi is false).
func TextProblem(s string, multi bool) string {
	if !utf8.ValidString(s) {
		return "bad_utf8"
	}
	for _, r := range s {
		if r < 0x20 || (r >= 0x7f && r <= 0x9f) {
			switch r {
			case '\t', '\n', '\r':
				if multi {
					continue
				}
				return "line_break"
			}
			return "control_char"
		}
	}
	return ""
}
