package postgres

import (
	"testing"

	"kravlistan/survey"
	"kravlistan/survey/storetest"
)

// TestConformance runs the suite every store must pass (survey/storetest) on this store,
// each test on a new database, with the tally the server keeps.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) survey.Store { return testStore(t) })
}
