// Package static embeds the templates, styles and scripts the pages use. It holds nothing else.
package static

import "embed"

// FS holds every file under static/: templates in tmpl/, assets in assets/.
//
//go:embed tmpl assets
var FS embed.FS
