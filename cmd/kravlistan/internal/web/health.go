package web

import (
	"kravlistan/survey"
	"net/http"

	"github.com/labstack/echo/v4"
)

// handleHealth answers 200 when the database answers, with the schema version.
func handleHealth(st survey.Store) echo.HandlerFunc {
	return func(c echo.Context) error {
		v, err := st.SchemaVersion(c.Request().Context())
		if err != nil {
			return c.JSON(http.StatusServiceUnavailable, map[string]any{"status": "unavailable"})
		}
		return c.JSON(http.StatusOK, map[string]any{"status": "ok", "schema_version": v})
	}
}
