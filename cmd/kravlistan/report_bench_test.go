package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"kravlistan/cmd/kravlistan/internal/sample"
	"kravlistan/report"
	"kravlistan/survey"
	"kravlistan/survey/sqlite"
)

// benchDB returns a database with campaign "bench" (20 demands) and a million generated
// responses. Generating takes about 40 s; set KRAVLISTAN_BENCH_DB to a file made by an
// earlier run (or by "kravlistan generate") to reuse it.
func benchDB(b *testing.B) string {
	b.Helper()
	if db := os.Getenv("KRAVLISTAN_BENCH_DB"); db != "" {
		if _, err := os.Stat(db); err == nil {
			return db
		}
	}
	ctx := context.Background()
	db := filepath.Join(b.TempDir(), "bench.db")
	if p := os.Getenv("KRAVLISTAN_BENCH_DB"); p != "" {
		db = p
	}
	st, err := sqlite.OpenWith(ctx, db, sqlite.Options{Tallier: report.Tallies{}})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	c := survey.Demo()
	c.Slug = "bench"
	c.Demands = append(c.Demands,
		survey.Demand{Key: "pension", Area: "Trygghet", Title: "Höj den allmänna pensionen"},
		survey.Demand{Key: "a-kassa", Area: "Trygghet", Title: "En a-kassa som går att leva på"},
		survey.Demand{Key: "sjukforsakring", Area: "Trygghet", Title: "En sjukförsäkring som håller"},
		survey.Demand{Key: "skyddsombud", Area: "Välfärd och arbetsmiljö", Title: "Stärk skyddsombudens ställning"})
	if err := st.CreateCampaign(ctx, c); err != nil {
		b.Fatal(err)
	}
	err = sample.Responses(c, 1_000_000, 1, 5000, func(batch []*survey.Response) error {
		return st.InsertResponses(ctx, c.ID, batch)
	})
	if err != nil {
		b.Fatal(err)
	}
	return db
}

func benchReport(b *testing.B, args ...string) {
	db := benchDB(b)
	out := filepath.Join(b.TempDir(), "out")
	b.ResetTimer()
	for range b.N {
		all := append([]string{"report", "-db", db, "-o", out}, args...)
		if err := run(context.Background(), append(all, "bench"), func(string) string { return "" }, nil, os.Stdout, os.Stderr); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if fi, err := os.Stat(out); err == nil {
		b.ReportMetric(float64(fi.Size())/1e6, "MB")
	}
}

// BenchmarkReportJSON: the JSON report of 1,000,000 responses × 20 demands, store included.
func BenchmarkReportJSON(b *testing.B) { benchReport(b, "-format", "json") }

// BenchmarkExcel: the whole Excel workbook of 1,000,000 responses, Svar sheet included.
func BenchmarkExcel(b *testing.B) { benchReport(b, "-format", "xlsx") }

// BenchmarkExcel20k: the whole Excel workbook of the demo campaign (16 demands) with
// 20,000 generated responses, store included. The database is made in a temporary
// directory (about a second).
func BenchmarkExcel20k(b *testing.B) {
	ctx := context.Background()
	db := filepath.Join(b.TempDir(), "demo.db")
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	c := survey.Demo()
	if err := st.CreateCampaign(ctx, c); err != nil {
		b.Fatal(err)
	}
	err = sample.Responses(c, 20_000, 1, 5000, func(batch []*survey.Response) error {
		return st.InsertResponses(ctx, c.ID, batch)
	})
	st.Close()
	if err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(b.TempDir(), "out.xlsx")
	b.ResetTimer()
	for range b.N {
		args := []string{"report", "-db", db, "-format", "xlsx", "-o", out, "demo"}
		if err := run(ctx, args, func(string) string { return "" }, nil, os.Stdout, os.Stderr); err != nil {
			b.Fatal(err)
		}
	}
}
