package postgres

import "kravlistan/survey"

// Store implements every storage interface declared in survey, as survey/sqlite does.
var _ survey.Store = (*Store)(nil)
