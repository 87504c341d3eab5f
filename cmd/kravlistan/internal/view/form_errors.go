package view

import (
	"errors"
	"slices"
	"strings"

	"kravlistan/survey"
)

// FormErrors holds a form's error messages by field name, already translated: a JSON path
// such as "demands[2].title" or a form field name in the workspace; "ranking", "d:KEY" (a
// demand), "q:KEY" (a background question), "proposal" and "form" on the member page. Every
// form (member, workspace, party) shows them with the "errors" partial.
type FormErrors map[string][]string

// FieldMsgs are the messages the "errors" partial shows beside one field; ID links the
// field to them (aria-describedby).
type FieldMsgs struct {
	ID   string
	Msgs []string
}

// SummaryLine is one line of the error summary at the top of a form, linking to its field.
type SummaryLine struct{ Anchor, Text string }

func (f FormErrors) Add(field, msg string) { f[field] = append(f[field], msg) }

// Msgs returns field's errors under the element id, nil when there are none.
func (f FormErrors) Msgs(field, id string) *FieldMsgs {
	if len(f[field]) == 0 {
		return nil
	}
	return &FieldMsgs{ID: id, Msgs: f[field]}
}

// AddErr adds the field errors of err in lang; an error without fields goes under "".
func (f FormErrors) AddErr(lang string, err error) {
	fields := survey.FieldErrors(err)
	if len(fields) == 0 {
		f.Add("", errorText(lang, err))
	}
	for _, fe := range fields {
		f.Add(fe.Field, fe.Message(lang))
	}
}

// AddErrPaths adds the field errors of err to the summary (field ""), each after its JSON
// path ("demands[2].title: tom titel"): for an uploaded campaign file, where the path is
// the only way to find the problem and no form field shows it.
func (f FormErrors) AddErrPaths(lang string, err error) {
	fields := survey.FieldErrors(err)
	if len(fields) == 0 {
		f.Add("", errorText(lang, err))
	}
	for _, fe := range fields {
		if fe.Field == "" {
			f.Add("", fe.Message(lang))
		} else {
			f.Add("", fe.Field+": "+fe.Message(lang))
		}
	}
}

// Has reports whether field has errors (for aria-invalid).
func (f FormErrors) Has(field string) bool { return len(f[field]) > 0 }

// For returns field's errors for the "errors" partial, nil when there are none.
func (f FormErrors) For(field string) *FieldMsgs {
	if !f.Has(field) {
		return nil
	}
	return &FieldMsgs{ID: "err-" + strings.NewReplacer("[", "-", "]", "", ".", "-").Replace(field), Msgs: f[field]}
}

// ID returns the id of field's error message, for aria-describedby.
func (f FormErrors) ID(field string) string {
	if m := f.For(field); m != nil {
		return m.ID
	}
	return ""
}

// errorText is err's message in lang: its translated key when it has one, else the
// domain's Swedish message; an internal error never shows its Go text.
func errorText(lang string, err error) string {
	var e *survey.Error
	if errors.As(err, &e) && e.Code != survey.EINTERNAL && e.Key != "" && len(e.Fields) == 0 {
		if m := survey.Message(lang, e.Key, e.Args...); m != e.Key {
			return m
		}
	}
	if e == nil || e.Code == survey.EINTERNAL {
		// Never the Go error's own words: they are ours to log, not the user's to read.
		return survey.Message(lang, "internal_error")
	}
	return survey.ErrorMessage(err)
}

// All lists every error message once, fields in a stable order, for the summary at the
// top of a form. It never shows a field's internal name ("publish", "demands[2].title"):
// the message itself is beside its field, so the summary repeats only the words.
func (f FormErrors) All() []string {
	var keys []string
	for k := range f {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var out []string
	for _, k := range keys {
		for _, m := range f[k] {
			if !slices.Contains(out, m) {
				out = append(out, m)
			}
		}
	}
	return out
}
