package web

import (
	"context"
	"kravlistan/survey"
	"log/slog"
	"time"
)

// AnnounceSetup makes a new single-use setup link when the database has no account yet
// and logs it: the way to create the first admin without a terminal on the server. Each
// start replaces the previous link; it stops working once used, after setupMaxAge, or as
// soon as any account exists (for example one made with "kravlistan user add").
func AnnounceSetup(ctx context.Context, st survey.Store, logger *slog.Logger, base string, now func() time.Time) error {
	n, err := st.CountUsers(ctx)
	if err != nil || n > 0 {
		return err
	}
	tok := randomToken(32)
	if err := st.CreateSetupToken(ctx, tokenHash(tok), now()); err != nil {
		return err
	}
	logger.Warn("no organiser accounts yet: open this one-time link to create the first admin",
		"url", base+"/admin/setup?token="+tok, "valid_for", setupMaxAge.String())
	return nil
}
