package storage

import (
	"crypto/sha256"
	"encoding/hex"

	"kravlistan/survey"
)

// VisitNotFound is the answer about a visit the campaign does not have.
func VisitNotFound() error {
	return &survey.Error{Code: survey.ENOTFOUND, Message: survey.Message("sv", "visit_not_found"), Key: "visit_not_found"}
}

// ScanVisit scans id, workplace, day, kind, note, who.
func ScanVisit(sc Scanner) (survey.Visit, error) {
	var v survey.Visit
	var kind string
	err := sc.Scan(&v.ID, &v.Workplace, &v.Day, &kind, &v.Note, &v.Who)
	v.Kind = survey.VisitKind(kind)
	return v, err
}

// ScanPoster scans sender, election_day, call, logo_type, logo: the poster with the
// checksum of its logo, or no logo type when there is no logo.
func ScanPoster(sc Scanner) (survey.Poster, error) {
	var p survey.Poster
	var logo []byte
	if err := sc.Scan(&p.Sender, &p.ElectionDay, &p.Call, &p.LogoType, &logo); err != nil {
		return survey.Poster{}, err
	}
	if p.LogoType != "" && len(logo) > 0 {
		sum := sha256.Sum256(logo)
		p.LogoSum = hex.EncodeToString(sum[:6])
	} else {
		p.LogoType = ""
	}
	return p, nil
}

// NoLogo is PosterLogo's answer when a campaign has no logo.
func NoLogo() error { return survey.Errorf(survey.ENOTFOUND, "ingen logotyp") }
