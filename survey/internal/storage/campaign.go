package storage

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"kravlistan/survey"
)

// NotFound is the error for a slug no campaign has.
func NotFound(slug string) error {
	return &survey.Error{Code: survey.ENOTFOUND, Message: fmt.Sprintf("det finns ingen kampanj %q", slug),
		Key: "campaign_not_found", Args: []any{slug}}
}

// SlugTaken is CreateCampaign's error for a slug another campaign has.
func SlugTaken(slug string) error {
	return &survey.Error{Code: survey.ECONFLICT, Message: fmt.Sprintf("det finns redan en kampanj med adressen %q", slug),
		Key: "slug_taken", Args: []any{slug}, Fields: []survey.FieldError{{Field: "slug", Code: "slug_taken", Args: []any{slug}}}}
}

// SlugSuggest is CreateCampaignBy's error for a taken slug, suggesting the free one.
func SlugSuggest(slug, free string) error {
	return &survey.Error{Code: survey.ECONFLICT, Message: fmt.Sprintf("adressen %q är inte ledig; förslag: %q", slug, free),
		Key: "slug_suggest", Args: []any{slug, free},
		Fields: []survey.FieldError{{Field: "slug", Code: "slug_suggest", Args: []any{slug, free}}}}
}

// SlugLike is the LIKE pattern (escape character '\') of the slugs FreeSlug may propose
// for base: base-2, base-3, …
func SlugLike(base string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(base) + "-%"
}

// FreeSlug is the slug FreeSlug returns for base when the slugs in used are taken (the
// campaigns' slugs that are base or match SlugLike).
func FreeSlug(base string, used []string) string {
	taken := map[string]bool{}
	for _, s := range used {
		taken[s] = true
	}
	return survey.FreeName(base, 63, func(s string) bool { return taken[s] })
}

// EncodeDoc is the campaign file as a store keeps it in campaigns.doc. The assemblies are
// kept in their own tables (one source of truth), so the document leaves them out.
func EncodeDoc(c *survey.Campaign) ([]byte, error) {
	var buf bytes.Buffer
	cp := *c
	cp.Assemblies = nil
	if err := survey.EncodeCampaign(&buf, &cp); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// DecodeDoc reads a stored campaign: its document with defaults applied and times in its
// zone, and the columns kept beside the document.
func DecodeDoc(doc []byte, id int64, slug, state string, published bool) (*survey.Campaign, error) {
	var c survey.Campaign
	if err := json.Unmarshal(doc, &c); err != nil {
		return nil, fmt.Errorf("campaign %s: stored document: %w", slug, err)
	}
	c.ApplyDefaults()
	c.InZone()
	c.ID, c.State, c.Published, c.Slug = id, survey.State(state), published, slug
	return &c, nil
}

// PrepareCreate applies defaults to a new campaign, validates it (and, with editRules,
// checks it against the edit rules as a campaign made in the workspace) and encodes it.
func PrepareCreate(c *survey.Campaign, editRules bool) ([]byte, error) {
	c.ApplyDefaults()
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if editRules {
		if _, err := survey.CheckEdit(c, c, false); err != nil {
			return nil, err
		}
	}
	return EncodeDoc(c)
}

// PrepareSave applies defaults to an edited campaign, validates it and the reason for the
// edit, and encodes it.
func PrepareSave(c *survey.Campaign, reason string) ([]byte, error) {
	c.ApplyDefaults()
	c.PruneTranslations() // an editor deleted a demand, question or option: its translations go too
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if p := survey.TextProblem(reason, true); p != "" {
		// The reason is typed by the organiser and shown on the demand page.
		return nil, &survey.Error{Code: survey.EINVALID, Message: survey.Message("sv", p), Key: p,
			Fields: []survey.FieldError{{Field: "reason", Code: p}}}
	}
	return EncodeDoc(c)
}

// DocTime reads an instant of the campaign document (opens_at, closes_at) as extracted by
// SQL; nil when absent or not a time.
func DocTime(s *string) *time.Time {
	if s == nil {
		return nil
	}
	t, err := time.Parse(time.RFC3339, *s)
	if err != nil {
		return nil
	}
	return &t
}

// ScanDemandEdit scans demand_key, by_name, at, old_title, new_title, old_body, new_body,
// reason.
func ScanDemandEdit(sc Scanner) (survey.DemandEdit, error) {
	var e survey.DemandEdit
	var at string
	err := sc.Scan(&e.Key, &e.By, &at, &e.OldTitle, &e.NewTitle, &e.OldBody, &e.NewBody, &e.Reason)
	e.At, _ = time.Parse(time.RFC3339, at)
	return e, err
}
