package web

import (
	"slices"
	"strconv"
	"strings"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"
)

// Turning an uploaded table into demands or workplaces of a campaign, with an error per
// row and the row numbers the organiser sees in Excel. Pure: no HTTP, no store.

// uploadKind is what an upload adds to a campaign.
type uploadKind string

// The kinds of upload.
const (
	uploadDemands    uploadKind = "demands"
	uploadWorkplaces uploadKind = "workplaces"
)

func parseUploadKind(s string) (uploadKind, bool) {
	switch k := uploadKind(s); k {
	case uploadDemands, uploadWorkplaces:
		return k, true
	}
	return uploadWorkplaces, false
}

// uploadRow is one demand or workplace read from a row.
type uploadRow struct {
	Line      int
	Key       string // demand key or workplace code
	Generated bool   // Key was made from the name because the file had none
	Name      string // demand title or workplace name
	Area      string // demands only
	Body      string // demands only
	Members   string // workplaces only: the number of members as typed ("" when not known)
	Errs      []rowErr
}

// rowErr is one problem with one column of a row, already translated.
type rowErr struct {
	Field string // "name", "key", "area" or "body"
	Label string // the column's name
	Msg   string
}

func (e rowErr) String() string { return e.Label + ": " + e.Msg }

// uploadColumns are the heading names recognised for each column (compared after
// survey.Slugify, so "Område" matches "omrade"), in the order used when the file has no heading.
var uploadColumns = map[uploadKind][]struct {
	field   string
	aliases []string
}{
	uploadWorkplaces: {
		{"name", []string{"namn", "arbetsplats", "name", "navn", "arbeidsplass", "workplace", "arbetsplatsens-namn"}},
		{"key", []string{"kod", "code", "nyckel", "key", "nokkel", "kode"}},
		{"members", []string{"medlemmar", "antal-medlemmar", "members", "medlemmer", "antall-medlemmer", "number-of-members"}},
	},
	uploadDemands: {
		{"name", []string{"krav", "titel", "rubrik", "title", "tittel", "demand"}},
		{"area", []string{"omrade", "area", "tema", "theme", "omraade"}},
		{"body", []string{"beskrivning", "text", "body", "beskrivelse", "description", "motivering"}},
		{"key", []string{"nyckel", "kod", "key", "nokkel", "code", "kode"}},
	},
}

// rowsFromTable maps t's columns by its heading row, or by position when the first row is
// no heading, and returns the rows and errors about the file as a whole (catalogue keys).
func rowsFromTable(kind uploadKind, t *table) ([]uploadRow, []*uploadError) {
	cols := uploadColumns[kind]
	idx := map[string]int{}
	first := 0
	if len(t.Rows) > 0 {
		for i, cell := range t.Rows[0] {
			s := survey.Slugify(cell, 64)
			for _, col := range cols {
				for _, a := range col.aliases {
					if s == a {
						if _, dup := idx[col.field]; !dup {
							idx[col.field] = i
						}
					}
				}
			}
		}
	}
	if len(idx) > 0 {
		first = 1
		if _, ok := idx["name"]; !ok {
			return nil, []*uploadError{{Key: "org.up.err.noname." + string(kind), Args: []any{t.Lines[0]}}}
		}
	} else {
		for i, col := range cols {
			idx[col.field] = i
		}
	}
	cell := func(row []string, field string) string {
		if i, ok := idx[field]; ok && i < len(row) {
			return row[i]
		}
		return ""
	}
	var out []uploadRow
	for i := first; i < len(t.Rows); i++ {
		r := t.Rows[i]
		out = append(out, uploadRow{Line: t.Lines[i], Key: cell(r, "key"), Name: cell(r, "name"),
			Area: cell(r, "area"), Body: cell(r, "body"), Members: cell(r, "members")})
	}
	if len(out) == 0 {
		return nil, []*uploadError{{Key: "org.up.err.empty"}}
	}
	return out, nil
}

// checkRows checks rows against each other and against camp, filling in each row's errors
// (in lang) and a key for rows without one, and returns how many rows have errors. A key or
// name used twice is reported on the later row with the row number of the first; one the
// campaign already has is refused with a free key suggested.
func checkRows(v *view.Engine, camp *survey.Campaign, kind uploadKind, rows []uploadRow, lang string) int {
	usedKey := map[string]int{} // key → line in the file, 0 for the campaign's own
	usedName := map[string]string{}
	if kind == uploadWorkplaces {
		for _, w := range camp.Workplaces {
			usedKey[w.Code], usedName[strings.ToLower(w.Name)] = 0, w.Code
		}
	} else {
		for _, d := range camp.Demands {
			usedKey[d.Key], usedName[strings.ToLower(d.Title)] = 0, d.Key
		}
	}
	taken := func(k string) bool { _, ok := usedKey[k]; return ok }
	// Keys the file gives are reserved first, so a generated key never takes one of them.
	inFile := map[string]bool{}
	for _, r := range rows {
		if r.Key != "" {
			inFile[r.Key] = true
		}
	}
	takenAny := func(k string) bool { return taken(k) || inFile[k] }
	nameLine := map[string]int{}
	bad := 0
	for i := range rows {
		r := &rows[i]
		r.Errs = nil
		fail := func(field, msg string) {
			r.Errs = append(r.Errs, rowErr{Field: field, Label: colLabel(v, lang, kind, field), Msg: msg})
		}
		if r.Name == "" {
			fail("name", survey.Message(lang, "required"))
		} else if code, ok := usedName[strings.ToLower(r.Name)]; ok {
			fail("name", v.T(lang, "org.up.err.name_exists."+string(kind), r.Name, code))
		} else if l, ok := nameLine[strings.ToLower(r.Name)]; ok {
			fail("name", v.T(lang, "org.up.err.dup_name", r.Name, l))
		}
		if r.Name != "" {
			if _, ok := nameLine[strings.ToLower(r.Name)]; !ok {
				nameLine[strings.ToLower(r.Name)] = r.Line
			}
		}
		switch {
		case r.Key == "":
			base := survey.Slugify(r.Name, 64)
			if base == "" || !survey.ValidKey(base) {
				base = "rad-" + strconv.Itoa(r.Line)
			}
			r.Key, r.Generated = survey.FreeName(base, 64, takenAny), true
		case !survey.ValidKey(r.Key):
			fail("key", survey.Message(lang, "bad_key"))
		default:
			if l, ok := usedKey[r.Key]; ok && l == 0 {
				fail("key", v.T(lang, "org.up.err.clash", r.Key, survey.FreeName(r.Key, 64, takenAny)))
			} else if ok {
				fail("key", v.T(lang, "org.up.err.dup_key", r.Key, l))
			}
		}
		if _, ok := usedKey[r.Key]; !ok {
			usedKey[r.Key] = r.Line
		}
		if kind == uploadWorkplaces {
			if _, ok := parseMembers(r.Members); !ok {
				fail("members", survey.Message(lang, "bad_members", survey.MaxMembers))
			}
		}
	}
	// The campaign's own rules (lengths, …) on the campaign as it would be saved.
	merged := camp.Clone()
	base := len(merged.Workplaces)
	if kind == uploadDemands {
		base = len(merged.Demands)
	}
	applyRows(merged, kind, rows)
	prefix := string(kind) + "["
	for _, fe := range survey.FieldErrors(merged.Validate()) {
		rest, ok := strings.CutPrefix(fe.Field, prefix)
		if !ok {
			continue
		}
		num, field, _ := strings.Cut(rest, "].")
		n, err := strconv.Atoi(num)
		if err != nil || n < base || n-base >= len(rows) {
			continue
		}
		r := &rows[n-base]
		if field == "code" || field == "key" {
			continue // reported above, in the organiser's terms
		}
		if field == "title" {
			field = "name"
		}
		e := rowErr{Field: field, Label: colLabel(v, lang, kind, field), Msg: fe.Message(lang)}
		if !slices.Contains(r.Errs, e) {
			r.Errs = append(r.Errs, e)
		}
	}
	for _, r := range rows {
		if len(r.Errs) > 0 {
			bad++
		}
	}
	return bad
}

// colLabel returns a column's name in lang.
func colLabel(v *view.Engine, lang string, kind uploadKind, field string) string {
	return v.T(lang, "org.col."+string(kind)+"."+field)
}

// applyRows appends rows to c as workplaces or demands.
func applyRows(c *survey.Campaign, kind uploadKind, rows []uploadRow) {
	for _, r := range rows {
		if kind == uploadWorkplaces {
			m, _ := parseMembers(r.Members)
			c.Workplaces = append(c.Workplaces, survey.Workplace{Code: r.Key, Name: r.Name, Members: m})
		} else {
			c.Demands = append(c.Demands, survey.Demand{Key: r.Key, Area: r.Area, Title: r.Name, Body: r.Body})
		}
	}
}

// parseMembers reads a number of members as people type it: "120", "1 200" or "1200,0"
// from a spreadsheet; "" is not known (0). It reports false for anything else, and for a
// number outside 0…survey.MaxMembers.
func parseMembers(s string) (int, bool) {
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u00a0', '\u202f':
			return -1
		}
		return r
	}, s)
	s = strings.TrimSuffix(strings.TrimSuffix(s, ",0"), ".0")
	if s == "" {
		return 0, true
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > survey.MaxMembers {
		return 0, false
	}
	return n, true
}
