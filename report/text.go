package report

// Neutralize returns s made safe for a spreadsheet cell: text that a spreadsheet could take
// for a formula (starting with =, +, -, @, tab or carriage return) gets a leading
// apostrophe, as OWASP recommends against CSV and formula injection (LimeSurvey
// CVE-2019-16184). Everything members, organisers or parties typed goes through it.
func Neutralize(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
