package survey

import (
	"bytes"
	"strings"
	"sync"
)

// foldNames returns, for every field name anywhere in s, its lower case → the name.
func foldNames(s *shape) map[string]string {
	out := map[string]string{}
	var walk func(*shape)
	seen := map[*shape]bool{}
	walk = func(s *shape) {
		if s == nil || seen[s] {
			return
		}
		seen[s] = true
		for name, f := range s.fields {
			out[strings.ToLower(name)] = name
			walk(f)
		}
		walk(s.elem)
	}
	walk(s)
	return out
}

var foldCache sync.Map // *shape → map[string]string

// inexactKeys reports whether data has an object key that encoding/json would match to a
// field of s only case-insensitively ("RANKING" for "ranking"), or a key written with
// escapes, which the one-pass decoder must not accept: field names are exact.
func inexactKeys(data []byte, s *shape) bool {
	v, ok := foldCache.Load(s)
	if !ok {
		v, _ = foldCache.LoadOrStore(s, foldNames(s))
	}
	names := v.(map[string]string)
	for i := 0; i < len(data); i++ {
		if data[i] != '"' {
			continue
		}
		start, escaped := i+1, false
		for i++; i < len(data) && data[i] != '"'; i++ {
			if data[i] == '\\' {
				escaped = true
				i++
			}
		}
		end := i
		j := i + 1
		for j < len(data) && (data[j] == ' ' || data[j] == '\t' || data[j] == '\n' || data[j] == '\r') {
			j++
		}
		if j >= len(data) || data[j] != ':' || end > len(data) {
			continue
		}
		key := data[start:end]
		if escaped {
			return true
		}
		if name, ok := names[string(bytes.ToLower(key))]; ok && name != string(key) {
			return true
		}
	}
	return false
}
