package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

const datetimeLocal = "2006-01-02T15:04"

// settingsForm is the data of static/tmpl/admin_settings.html. Numbers and times are kept
// as typed, so a form with errors comes back exactly as sent.
type settingsForm struct {
	adminPage
	Title, Intro, IntakeIntro, MinPicks, MaxPicks, Threshold, Method, OpensAt, ClosesAt, TimeZone string
	Proposals                                                                                     bool
	Visible                                                                                       int
	// The ballot kind and, for rating ballots, the scale (issue 21).
	Ballot, ScaleMin, ScaleMax, TopBox, LowLabel, HighLabel string
	RequireAll                                              bool
	// Access is open or codes (one-time codes, issue 12).
	Access string
}

func settingsFrom(p adminPage, camp *survey.Campaign) settingsForm {
	f := settingsForm{adminPage: p, Title: camp.Title, Intro: camp.Intro, IntakeIntro: camp.IntakeIntro, MinPicks: strconv.Itoa(camp.MinPicks),
		MaxPicks: strconv.Itoa(camp.MaxPicks), Threshold: strconv.Itoa(camp.AnonymityThreshold), Method: string(camp.Method),
		Proposals: camp.AllowProposals, Visible: len(camp.VisibleDemands()), Ballot: string(survey.BallotRank),
		ScaleMin: strconv.Itoa(survey.DefaultScaleMin), ScaleMax: strconv.Itoa(survey.DefaultScaleMax)}
	f.Access = string(camp.Access)
	if camp.Rates() {
		f.Ballot = string(survey.BallotRate)
	}
	if sc := camp.Scale; sc != nil {
		f.ScaleMin, f.ScaleMax, f.LowLabel, f.HighLabel, f.RequireAll = strconv.Itoa(sc.Min), strconv.Itoa(sc.Max), sc.LowLabel, sc.HighLabel, sc.RequireAll
		if sc.TopBox != 0 {
			f.TopBox = strconv.Itoa(sc.TopBox)
		}
	}
	f.TimeZone = camp.Location().String()
	if camp.OpensAt != nil {
		f.OpensAt = camp.OpensAt.In(camp.Location()).Format(datetimeLocal)
	}
	if camp.ClosesAt != nil {
		f.ClosesAt = camp.ClosesAt.In(camp.Location()).Format(datetimeLocal)
	}
	return f
}

// handleSettingsForm shows GET .../settings.
func handleSettingsForm(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		return adminRender(v, c, http.StatusOK, "admin_settings", settingsFrom(newCampaignPage(v, c, camp, "settings"), camp))
	}
}

// handleSettingsSave saves POST .../settings: title, intro, picks, proposals, anonymity
// threshold, counting method and opening/closing times. All or nothing.
func handleSettingsSave(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		f := settingsForm{adminPage: newCampaignPage(v, c, camp, "settings"),
			Title: c.FormValue("title"), Intro: c.FormValue("intro"), IntakeIntro: c.FormValue("intake_intro"), MinPicks: strings.TrimSpace(c.FormValue("min_picks")),
			MaxPicks: strings.TrimSpace(c.FormValue("max_picks")), Threshold: strings.TrimSpace(c.FormValue("anonymity_threshold")),
			Method: c.FormValue("method"), OpensAt: strings.TrimSpace(c.FormValue("opens_at")),
			ClosesAt: strings.TrimSpace(c.FormValue("closes_at")), Proposals: c.FormValue("allow_proposals") == "1",
			TimeZone: c.FormValue("time_zone"),
			Visible:  len(camp.VisibleDemands())}
		camp.Title, camp.Intro, camp.Method, camp.AllowProposals = strings.TrimSpace(f.Title), strings.TrimSpace(f.Intro), survey.Method(f.Method), f.Proposals
		camp.IntakeIntro = strings.TrimSpace(f.IntakeIntro)
		camp.MinPicks = formInt(v, f.Errs, f.Lang, "min_picks", f.MinPicks)
		camp.MaxPicks = formInt(v, f.Errs, f.Lang, "max_picks", f.MaxPicks)
		camp.AnonymityThreshold = formInt(v, f.Errs, f.Lang, "anonymity_threshold", f.Threshold)
		if f.TimeZone == "" {
			f.TimeZone = camp.Location().String()
		}
		loc, zerr := survey.LoadZone(f.TimeZone)
		if zerr != nil {
			f.Errs.Add("time_zone", survey.Message(f.Lang, "bad_time_zone", f.TimeZone))
			loc = camp.Location()
		}
		camp.TimeZone = loc.String()
		// Times are typed as the campaign's wall clock, in the zone chosen in the same form.
		camp.OpensAt = formTime(v, f.Errs, f.Lang, "opens_at", f.OpensAt, loc)
		camp.ClosesAt = formTime(v, f.Errs, f.Lang, "closes_at", f.ClosesAt, loc)
		readBallotSettings(v, c, &f, camp)
		wasCodes := camp.NeedsCode()
		if f.Access = c.FormValue("access"); f.Access != "" {
			camp.Access = survey.Access(f.Access)
		}
		if len(f.Errs) == 0 {
			if lock, err := locksOut(c.Request().Context(), st, wasCodes, camp); err != nil {
				return err
			} else if lock {
				f.Errs.Add("access", v.T(f.Lang, "org.access.no_codes"))
			}
		}
		if len(f.Errs) == 0 {
			err = st.SaveCampaign(c.Request().Context(), camp, f.User.Name, "")
			if err == nil {
				return adminDone(c, "/admin/campaigns/"+camp.Slug+"/settings", "saved")
			}
			if !userError(err) {
				return err
			}
			f.Errs.AddErr(f.Lang, err)
		}
		return adminRender(v, c, http.StatusUnprocessableEntity, "admin_settings", f)
	}
}

// userError reports whether err is the user's to fix (invalid input, a clash) rather
// than ours.
func userError(err error) bool {
	code := survey.ErrorCode(err)
	return code == survey.EINVALID || code == survey.ECONFLICT
}

// formInt parses a whole number typed into field; an error is recorded and 0 returned.
func formInt(v *view.Engine, errs view.FormErrors, lang, field, s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		errs.Add(field, v.T(lang, "org.f.need_int"))
	}
	return n
}

// formTime parses a datetime-local value in the campaign's zone; empty means no time.
func formTime(v *view.Engine, errs view.FormErrors, lang, field, s string, loc *time.Location) *time.Time {
	if s == "" {
		return nil
	}
	t, err := time.ParseInLocation(datetimeLocal, s, loc)
	if err != nil {
		errs.Add(field, v.T(lang, "org.f.need_time"))
		return nil
	}
	return &t
}

// readBallotSettings reads the ballot kind and the rating scale from the settings form
// into f (as typed) and camp. A counting method that does not fit the kind is switched to
// the kind's default, so changing the kind is one choice, not two.
func readBallotSettings(v *view.Engine, c echo.Context, f *settingsForm, camp *survey.Campaign) {
	f.Ballot = c.FormValue("ballot")
	f.ScaleMin, f.ScaleMax = strings.TrimSpace(c.FormValue("scale.min")), strings.TrimSpace(c.FormValue("scale.max"))
	f.TopBox = strings.TrimSpace(c.FormValue("scale.top_box"))
	f.LowLabel, f.HighLabel = strings.TrimSpace(c.FormValue("scale.low_label")), strings.TrimSpace(c.FormValue("scale.high_label"))
	f.RequireAll = c.FormValue("scale.require_all") == "1"
	camp.Ballot = survey.BallotKind(f.Ballot)
	rateMethod := camp.Method == survey.MethodMean || camp.Method == survey.MethodTopBox
	if camp.Ballot != survey.BallotRate {
		if rateMethod {
			camp.Method, f.Method = survey.MethodBorda, string(survey.MethodBorda)
		}
		return
	}
	if !rateMethod {
		camp.Method, f.Method = survey.MethodMean, string(survey.MethodMean)
	}
	sc := &survey.Scale{LowLabel: f.LowLabel, HighLabel: f.HighLabel, RequireAll: f.RequireAll}
	sc.Min = formInt(v, f.Errs, f.Lang, "scale.min", f.ScaleMin)
	sc.Max = formInt(v, f.Errs, f.Lang, "scale.max", f.ScaleMax)
	if f.TopBox != "" {
		sc.TopBox = formInt(v, f.Errs, f.Lang, "scale.top_box", f.TopBox)
	}
	camp.Scale = sc
}

// TimeZones lists the zones the settings form offers, with the campaign's own (a campaign
// file may name any IANA zone) when it is not among them.
func (f settingsForm) TimeZones() []string {
	if f.TimeZone == "" || slices.Contains(survey.TimeZones, f.TimeZone) {
		return survey.TimeZones
	}
	return append(slices.Clip(survey.TimeZones), f.TimeZone)
}
