package postgres

import (
	"context"
	"testing"

	"kravlistan/survey/storetest"
)

// TestShared runs the conformance checks of survey.SharedStore, then checks that counters
// and keys are the same through a second store on the database (another instance).
func TestShared(t *testing.T) {
	st := testStore(t)
	storetest.Shared(t, st)
	other, err := Open(context.Background(), st.pool.Config().ConnString())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	ctx := context.Background()
	k1, err := st.SigningKey(ctx, "login-form")
	if err != nil {
		t.Fatal(err)
	}
	k2, err := other.SigningKey(ctx, "login-form")
	if err != nil {
		t.Fatal(err)
	}
	if string(k1) != string(k2) {
		t.Fatal("two instances sign with different keys")
	}
}
