package sqlite

import "kravlistan/survey"

// IsConflict reports whether err says a response id was reused with other content.
func IsConflict(err error) bool { return survey.ErrorCode(err) == survey.ECONFLICT }
