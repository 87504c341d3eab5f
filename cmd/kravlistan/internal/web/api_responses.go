package web

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"time"

	"kravlistan/survey"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
)

// maxResponseBody is the largest response body accepted (64 KiB).
const maxResponseBody = 64 << 10

// handleResponseCreate stores a member's response posted as JSON. It answers 201 when
// stored, 200 for an identical replay, and only after the response is durable. A campaign
// with access codes needs "code": missing, unknown or used codes get 403 naming the field
// code, and guessing is throttled (429, see member_codes.go).
func handleResponseCreate(st survey.Store, g *codeGuard, now func() time.Time) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		camp, body, err := jsonSubmission(c, st)
		if err != nil {
			return err
		}
		r, err := survey.DecodeSubmission(body, survey.ChannelAPI)
		if err != nil {
			return syntaxError(c, err)
		}
		now := now()
		if err := camp.CheckOpen(now, camp.Location()); err != nil {
			return err
		}
		if err := checkCode(c, st, g, camp, r); err != nil {
			var te errCodeThrottled
			if errors.As(err, &te) {
				return throttledJSON(c, te)
			}
			return err
		}
		if err := r.Validate(camp); err != nil {
			return err
		}
		r.Day = camp.Day(now)
		out, err := st.Submit(req.Context(), camp.ID, r)
		if err != nil {
			return err
		}
		return storedStatus(c, out, r.ID)
	}
}

// jsonSubmission checks that a submission is JSON, finds the campaign it is posted to and
// reads its body (415, 404 and 413 otherwise).
func jsonSubmission(c echo.Context, st survey.Store) (*survey.Campaign, []byte, error) {
	req := c.Request()
	if mt, _, _ := mime.ParseMediaType(req.Header.Get("Content-Type")); mt != "application/json" {
		return nil, nil, echo.NewHTTPError(http.StatusUnsupportedMediaType)
	}
	camp, err := st.Campaign(req.Context(), c.Param("slug"))
	if err != nil {
		return nil, nil, err
	}
	body, err := readBody(c, maxResponseBody)
	if err != nil {
		return nil, nil, err
	}
	return camp, body, nil
}

// syntaxError answers 400 for malformed JSON and passes any other decoding error on.
func syntaxError(c echo.Context, err error) error {
	if survey.IsSyntax(err) {
		return jsonError(c, http.StatusBadRequest, survey.FieldErrors(err)[0].Message("sv"))
	}
	return err
}

// storedStatus answers 201 for a submission stored now and 200 for an identical replay.
func storedStatus(c echo.Context, out survey.Outcome, id uuid.UUID) error {
	status := http.StatusCreated
	if out == survey.Replayed {
		status = http.StatusOK
	}
	return c.JSON(status, map[string]string{"id": id.String()})
}

// readBody reads at most limit bytes of the request body; larger bodies give 413 even when
// the client does not send Content-Length.
func readBody(c echo.Context, limit int64) ([]byte, error) {
	req := c.Request()
	if req.ContentLength > limit {
		return nil, echo.NewHTTPError(http.StatusRequestEntityTooLarge)
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Response(), req.Body, limit))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return nil, echo.NewHTTPError(http.StatusRequestEntityTooLarge)
	} else if err != nil {
		return nil, echo.NewHTTPError(http.StatusBadRequest)
	}
	return body, nil
}
