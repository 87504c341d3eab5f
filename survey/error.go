// Package survey holds Kravlistan's domain: campaigns, their demands, background
// questions and workplaces, and the anonymous responses members give. It imports no
// storage, HTTP or spreadsheet code.
package survey

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes shared by every layer. The HTTP layer maps them to statuses in one table.
const (
	ECONFLICT  = "conflict"  // the same response id was used with other content, or a slug is taken
	EINVALID   = "invalid"   // input failed validation; see FieldErrors
	ENOTFOUND  = "not_found" // no such campaign, workplace, ...
	ENOTOPEN   = "not_open"  // the campaign does not take responses now
	EINTERNAL  = "internal"  // a bug or a failing disk; never shown in detail
	EFORBIDDEN = "forbidden" // the caller may not do this
)

// Error is a domain error with a code the callers can act on and a message a person can read.
type Error struct {
	Code    string
	Message string       // Swedish, meant for the user
	Key     string       // message key for translation (optional)
	Args    []any        // arguments for Key
	Fields  []FieldError // for EINVALID
}

func (e *Error) Error() string {
	if len(e.Fields) > 0 {
		parts := make([]string, len(e.Fields))
		for i, f := range e.Fields {
			parts[i] = f.String()
		}
		return strings.Join(parts, "; ")
	}
	return e.Message
}

// Errorf returns an *Error with the given code and a formatted Swedish message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err if it is (or wraps) an *Error, and EINTERNAL otherwise.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err, hiding internal details.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != EINTERNAL {
		return e.Error()
	}
	return "Ett internt fel inträffade. Försök igen om en stund."
}

// FieldError is one problem with one field, named by its JSON path, e.g. "demands[3].title".
// Code is a message key (see Messages) so that every layer can show it in the user's language.
type FieldError struct {
	Field string
	Code  string
	Args  []any
}

// String returns the field path and the Swedish message.
func (f FieldError) String() string {
	if f.Field == "" {
		return f.Message("sv")
	}
	return f.Field + ": " + f.Message("sv")
}

// Message returns the message in lang ("sv", "nb" or "en"), falling back to Swedish.
func (f FieldError) Message(lang string) string {
	return Message(lang, f.Code, f.Args...)
}

// fieldErrors collects field errors while validating.
type fieldErrors []FieldError

func (fe *fieldErrors) add(field, code string, args ...any) {
	*fe = append(*fe, FieldError{Field: field, Code: code, Args: args})
}

func (fe fieldErrors) err() error {
	if len(fe) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "ogiltiga uppgifter", Fields: fe}
}

// FieldErrors returns the field errors carried by err, if any.
func FieldErrors(err error) []FieldError {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}
