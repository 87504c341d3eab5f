package survey

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strconv"
	"time"
	"unicode/utf8"
)

// shape describes the JSON a decoder accepts, so that problems can be reported with the
// path of the offending value ("demands[3].title") before the document is unmarshalled.
type shape struct {
	kind   string // "object", "array", "map", "string", "int", "bool", "time"
	fields map[string]*shape
	elem   *shape
}

var (
	strShape  = &shape{kind: "string"}
	intShape  = &shape{kind: "int"}
	boolShape = &shape{kind: "bool"}
	timeShape = &shape{kind: "time"}
)

func obj(fields map[string]*shape) *shape { return &shape{kind: "object", fields: fields} }
func arr(elem *shape) *shape              { return &shape{kind: "array", elem: elem} }
func mapOf(elem *shape) *shape            { return &shape{kind: "map", elem: elem} }

var campaignShape = obj(map[string]*shape{
	"slug": strShape, "title": strShape, "intro": strShape, "intake_intro": strShape, "state": strShape,
	"opens_at": timeShape, "closes_at": timeShape,
	"max_picks": intShape, "min_picks": intShape, "allow_proposals": boolShape,
	"anonymity_threshold": intShape, "method": strShape, "ballot": strShape, "access": strShape,
	"scale": obj(map[string]*shape{
		"min": intShape, "max": intShape, "low_label": strShape, "high_label": strShape,
		"top_box": intShape, "require_all": boolShape,
	}),
	"demands": arr(obj(map[string]*shape{
		"key": strShape, "area": strShape, "title": strShape, "body": strShape, "hidden": boolShape,
		"assemblies": arr(strShape),
	})),
	"assemblies": arr(obj(map[string]*shape{
		"key": strShape, "name": strShape, "level": strShape, "seats": intShape,
		"parties": arr(obj(map[string]*shape{"key": strShape, "name": strShape, "seats": intShape, "colour": strShape})),
	})),
	"questions": arr(obj(map[string]*shape{
		"key": strShape, "label": strShape,
		"options": arr(obj(map[string]*shape{"key": strShape, "label": strShape})),
	})),
	"workplaces": arr(obj(map[string]*shape{"code": strShape, "name": strShape, "members": intShape})),
	"translations": mapOf(obj(map[string]*shape{
		"title": strShape, "intro": strShape, "intake_intro": strShape,
		"demands":   mapOf(obj(map[string]*shape{"area": strShape, "title": strShape, "body": strShape})),
		"questions": mapOf(obj(map[string]*shape{"label": strShape, "options": mapOf(strShape)})),
	})),
})

var typeNames = map[string]string{
	"object": "ett objekt", "array": "en lista", "map": "ett objekt med text",
	"string": "text", "int": "ett heltal", "bool": "true eller false", "time": "en tidpunkt",
}

// check walks v against s and records every mismatch with its path.
func (s *shape) check(fe *fieldErrors, p string, v any) {
	if v == nil {
		return // null means "not given"; required fields are checked by Validate
	}
	switch s.kind {
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			fe.add(p, "bad_type", typeNames[s.kind])
			return
		}
		for k, sub := range m {
			fs, ok := s.fields[k]
			if !ok {
				fe.add(join(p, k), "unknown_field")
				continue
			}
			fs.check(fe, join(p, k), sub)
		}
	case "map":
		m, ok := v.(map[string]any)
		if !ok {
			fe.add(p, "bad_type", typeNames[s.kind])
			return
		}
		for k, sub := range m {
			s.elem.check(fe, join(p, k), sub)
		}
	case "array":
		a, ok := v.([]any)
		if !ok {
			fe.add(p, "bad_type", typeNames[s.kind])
			return
		}
		for i, sub := range a {
			s.elem.check(fe, p+"["+strconv.Itoa(i)+"]", sub)
		}
	case "string":
		if _, ok := v.(string); !ok {
			fe.add(p, "bad_type", typeNames[s.kind])
		}
	case "int":
		n, ok := v.(json.Number)
		if _, err := n.Int64(); !ok || err != nil {
			fe.add(p, "bad_type", typeNames[s.kind])
		}
	case "bool":
		if _, ok := v.(bool); !ok {
			fe.add(p, "bad_type", typeNames[s.kind])
		}
	case "time":
		str, ok := v.(string)
		if !ok {
			fe.add(p, "bad_time")
		} else if _, err := time.Parse(time.RFC3339, str); err != nil {
			fe.add(p, "bad_time")
		}
	}
}

func join(p, k string) string {
	if p == "" {
		return k
	}
	return p + "." + k
}

// ErrSyntax marks a document that is not JSON at all.
var ErrSyntax = errors.New("malformed JSON")

// decodeStrict reads one JSON document from data into dst after checking it against s.
// It returns an *Error with EINVALID and the paths of all problems, wrapping ErrSyntax when
// the input is not JSON.
func decodeStrict(data []byte, s *shape, dst any) error {
	// encoding/json would quietly turn invalid UTF-8 into U+FFFD: refuse it instead, so
	// that what was sent is either stored as sent or refused with a reason.
	if !utf8.Valid(data) {
		return &Error{Code: EINVALID, Message: Message("sv", "bad_utf8"), Key: "bad_utf8",
			Fields: []FieldError{{Code: "bad_utf8"}}}
	}
	// Fast path: well-formed input of the right shape decodes in one pass. Anything else
	// takes the slow path below, which finds every problem and names its path.
	// encoding/json matches field names case-insensitively; a document with a key that
	// only matches so ("RANKING") takes the slow path, which names it as unknown.
	fast := json.NewDecoder(bytes.NewReader(data))
	fast.DisallowUnknownFields()
	if err := fast.Decode(dst); err == nil && !inexactKeys(data, s) {
		if _, err := fast.Token(); err == io.EOF {
			return nil
		}
	}
	reflect.ValueOf(dst).Elem().SetZero()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return syntaxError(data, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return &Error{Code: EINVALID, Message: "ogiltig JSON", Fields: []FieldError{{Code: "bad_json", Args: []any{"mer än ett JSON-dokument"}}}, Key: "syntax"}
	}
	var fe fieldErrors
	s.check(&fe, "", v)
	if len(fe) > 0 {
		return fe.err()
	}
	if err := json.Unmarshal(data, dst); err != nil {
		return syntaxError(data, err)
	}
	return nil
}

// syntaxError turns a JSON syntax error into an EINVALID error naming the line and column.
func syntaxError(data []byte, err error) error {
	msg := err.Error()
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line, col := lineCol(data, se.Offset)
		msg = "rad " + strconv.Itoa(line) + ", kolumn " + strconv.Itoa(col) + ": " + se.Error()
	} else if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		msg = "dokumentet är tomt eller tar slut för tidigt"
	}
	return &Error{Code: EINVALID, Message: "ogiltig JSON", Key: "syntax",
		Fields: []FieldError{{Code: "bad_json", Args: []any{msg}}}}
}

// IsSyntax reports whether err says the input was not well-formed JSON.
func IsSyntax(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Key == "syntax"
}

func lineCol(data []byte, off int64) (int, int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	line, col := 1, 1
	for _, b := range data[:off] {
		if b == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}

// DecodeCampaign reads a campaign file, applies defaults and validates it. Every problem is
// reported with its JSON path; nothing is returned when anything is wrong.
func DecodeCampaign(data []byte) (*Campaign, error) {
	var c Campaign
	if err := decodeStrict(data, campaignShape, &c); err != nil {
		return nil, err
	}
	c.ApplyDefaults()
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

// EncodeCampaign writes c as an indented campaign file.
func EncodeCampaign(w io.Writer, c *Campaign) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(c)
}
