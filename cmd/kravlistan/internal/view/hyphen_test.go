package view

import (
	"strings"
	"testing"
)

func TestHyphenate(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"Compound", "Transportarbetareförbundet", "Trans-por-tar-be-ta-re-för-bundet"},
		{"InTitle", "Välfärdsrådgivningen ska finansieras", "Välfärds-råd-giv-ningen ska finansieras"},
		{"MiljoSplitsAtLJ", "Arbetsmiljöutbildningar", "Arbets-mil-jöut-bild-ningar"},
		{"NoSplitInsideNG", "Sjukskrivningsreglerna", "Sjuk-skriv-nings-reg-lerna"},
		{"Capitals", "SKYDDSOMBUDSUTBILDNINGARNA", "SKYDDS-OM-BUDS-UT-BILD-NINGARNA"},
		{"ShortWordsAlone", "Heltid som norm i kommuner och regioner", "Heltid som norm i kommuner och regioner"},
		{"AfterHyphen", "LO-distriktets arbetsmiljöutbildningar", "LO-distriktets arbets-mil-jöut-bild-ningar"},
		{"Address", "Se https://example.org/arbetsmiljoutbildningarna", "Se https://example.org/arbetsmiljoutbildningarna"},
		{"OtherScript", "Транспортноэкспедиционный", "Транспортноэкспедиционный"},
		{"Arabic", "والمستشفيات الجامعيةوالمستشفيات", "والمستشفيات الجامعيةوالمستشفيات"},
		{"Finnish", "Työturvallisuuskoulutus", "Työtur-val-li-suus-kou-lutus"},
		{"Bokmål", "Arbeidsmiljøopplæringen", "Arbeids-mil-jøopp-læ-ringen"},
		{"UppdragDoubleConsonant", "Förtroendemannauppdraget", "Förtroen-de-man-naupp-draget"},
		{"JointBeforeVowel", "Visstidsanställningarna", "Viss-tids-an-ställ-ningarna"},
		{"NoJointInPension", "Pensionssystemets", "Pensions-sys-te-mets"},
		{"JointTS", "Arbetsuppgifterna", "Arbets-upp-gif-terna"},
		{"NoJointInHalso", "Hälsovårdsinsatserna", "Hälso-vårds-in-sat-serna"},
		{"AlreadyHyphenated", "Väl\u00adfärdsrådgivningen", "Väl-färdsrådgivningen"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Soft hyphens shown as "-" (the inputs' own hyphens stay as they are).
			got := strings.ReplaceAll(Hyphenate(tc.in), "\u00ad", "-")
			if got != tc.want {
				t.Errorf("Hyphenate(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if plain := strings.ReplaceAll(Hyphenate(tc.in), "\u00ad", ""); plain != strings.ReplaceAll(tc.in, "\u00ad", "") {
				t.Errorf("the text changed beyond soft hyphens: %q", plain)
			}
		})
	}
}
