package sqlite

import "kravlistan/survey"

// Store is the default implementation of the storage interfaces declared in survey.
var _ survey.Store = (*Store)(nil)
