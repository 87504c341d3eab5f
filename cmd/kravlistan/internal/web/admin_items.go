package web

import (
	"net/http"
	"slices"

	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// What the demand and question pages (admin_demands.go, admin_questions.go) share: both
// edit a list of keyed items of one campaign, where what may change depends on whether
// members have answered, and both bring the form back with the rules' messages when a
// save is refused.

// editableCampaign loads the campaign of the route and how many responses it has.
func editableCampaign(c echo.Context, st survey.Store) (*survey.Campaign, int, error) {
	camp, err := campaignFor(c, st)
	if err != nil {
		return nil, 0, err
	}
	n, err := st.ResponseCount(c.Request().Context(), camp.ID)
	if err != nil {
		return nil, 0, err
	}
	return camp, n, nil
}

// itemIndex returns the position of the item with key in items, or -1.
func itemIndex[T any](items []T, keyOf func(T) string, key string) int {
	return slices.IndexFunc(items, func(x T) bool { return keyOf(x) == key })
}

// routeItem returns the position of the item the route's :key names, or a 404.
func routeItem[T any](c echo.Context, items []T, keyOf func(T) string) (int, error) {
	i := itemIndex(items, keyOf, c.Param("key"))
	if i < 0 {
		return -1, echo.NewHTTPError(http.StatusNotFound)
	}
	return i, nil
}

func demandKey(d survey.Demand) string     { return d.Key }
func questionKey(q survey.Question) string { return q.Key }

// saveEdit stores camp as edited on a workspace form by p's user. A change the rules
// refuse is the organiser's to fix: its messages go to p.Errs, their JSON paths renamed to
// the form's fields by names (nil keeps them), and saved is false. Any other error is
// returned.
func saveEdit(c echo.Context, st survey.Store, p *adminPage, camp *survey.Campaign, reason string, names map[string]string) (saved bool, err error) {
	err = st.SaveCampaign(c.Request().Context(), camp, p.User.Name, reason)
	if err == nil {
		return true, nil
	}
	if !userError(err) {
		return false, err
	}
	p.Errs.AddErr(p.Lang, renameFields(err, names))
	return false, nil
}
