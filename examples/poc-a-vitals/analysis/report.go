package analysis

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/sce-dev/sce/examples/poc-a-vitals/vitals"
)

// The files WriteResults writes.
const (
	CleanFile       = "timeseries_clean.csv"
	CorrectionsFile = "corrections.csv"
	RejectedFile    = "rejected.csv"
	SummaryFile     = "summary.csv"
)

// CountByRule counts the corrections of each rule.
func CountByRule(cs []Correction) map[Rule]int {
	n := map[Rule]int{}
	for _, c := range cs {
		n[c.Rule]++
	}
	return n
}

// WriteReport prints what was read, corrected and rejected, and the summary
// table.
func WriteReport(w io.Writer, patients int, read int, res Result, stats []Stats) error {
	fmt.Fprintf(w, "read %d patients and %d visits\n", patients, read)
	fixed := map[int]bool{}
	for _, c := range res.Corrections {
		fixed[c.VisitID] = true
	}
	fmt.Fprintf(w, "corrected %d values in %d visits:\n", len(res.Corrections), len(fixed))
	counts := CountByRule(res.Corrections)
	for _, r := range Rules() {
		fmt.Fprintf(w, "  %-15s %5d\n", r, counts[r])
	}
	fmt.Fprintf(w, "rejected %d visits\n", len(res.Rejected))
	for _, r := range res.Rejected {
		fmt.Fprintf(w, "  visit %d (%s:%d): %s\n", r.VisitID, vitals.TimeSeriesFile, r.Line, r.Reason)
	}
	fmt.Fprintf(w, "\nsummary of %d visits\n", len(res.Visits))
	const row = "%-13s %-12s %6s %8s %7s %7s %7s %7s\n"
	fmt.Fprintf(w, row, "parameter", "unit", "n", "mean", "sd", "min", "median", "max")
	for _, s := range stats {
		_, err := fmt.Fprintf(w, row, s.Parameter, s.Unit, strconv.Itoa(s.N), f2(s.Mean), f2(s.SD), f1(s.Min), f1(s.Median), f1(s.Max))
		if err != nil {
			return fmt.Errorf("write report: %w", err)
		}
	}
	return nil
}

// WriteResults writes the corrected time series, the corrections, the
// rejected visits and the summary as CSV files into dir, creating it if
// needed.
func WriteResults(dir string, res Result, stats []Stats) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create results directory: %w", err)
	}
	clean := [][]string{vitals.TimeSeriesHeader()}
	for _, v := range res.Visits {
		clean = append(clean, v.Record(0)) // no defect: the height is not used
	}
	fixes := [][]string{{"visit_id", "rule", "field", "recorded", "corrected"}}
	for _, c := range res.Corrections {
		fixes = append(fixes, []string{strconv.Itoa(c.VisitID), string(c.Rule), c.Field, c.Recorded, c.Corrected})
	}
	rejected := [][]string{{"visit_id", "line", "reason"}}
	for _, r := range res.Rejected {
		rejected = append(rejected, []string{strconv.Itoa(r.VisitID), strconv.Itoa(r.Line), r.Reason})
	}
	summary := [][]string{{"parameter", "unit", "n", "mean", "sd", "min", "median", "max"}}
	for _, s := range stats {
		summary = append(summary, []string{s.Parameter, s.Unit, strconv.Itoa(s.N), fmtFloat(s.Mean), fmtFloat(s.SD), fmtFloat(s.Min), fmtFloat(s.Median), fmtFloat(s.Max)})
	}
	files := []struct {
		name string
		rows [][]string
	}{{CleanFile, clean}, {CorrectionsFile, fixes}, {RejectedFile, rejected}, {SummaryFile, summary}}
	for _, f := range files {
		if err := writeCSV(filepath.Join(dir, f.name), f.rows); err != nil {
			return err
		}
	}
	return nil
}

// f1 and f2 format a statistic with one and two decimals.
func f1(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }
func f2(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) }

// fmtFloat formats a statistic with four decimals.
func fmtFloat(x float64) string { return strconv.FormatFloat(x, 'f', 4, 64) }

// writeCSV writes rows to path.
func writeCSV(path string, rows [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := csv.NewWriter(f).WriteAll(rows); err != nil {
		_ = f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
