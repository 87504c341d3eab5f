package view

import (
	"fmt"
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
		f.Add("", survey.ErrorMessage(err))
	}
	for _, fe := range fields {
		f.Add(fe.Field, fe.Message(lang))
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

// All lists every error as "field: message" lines, fields in a stable order, for the
// summary at the top of a form.
func (f FormErrors) All() []string {
	var keys []string
	for k := range f {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var out []string
	for _, k := range keys {
		for _, m := range f[k] {
			if k == "" {
				out = append(out, m)
			} else {
				out = append(out, fmt.Sprintf("%s: %s", k, m))
			}
		}
	}
	return out
}
