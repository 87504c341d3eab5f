// Package static embeds the templates, styles and scripts the pages use. It holds nothing else.
package static

import "embed"

// FS holds every file under static/: templates in tmpl/ (layout.html, partials named
// part_*.html, one file per page) and assets in assets/ (served under content-hashed URLs).
// Names starting with "_" or "." are not embedded.
//
//go:embed tmpl assets
var FS embed.FS
