// Command analyze is the analysis a researcher runs on a worker over the
// vital-signs data set: it corrects the values written down wrongly (rules in
// package analysis), refuses the rows no rule explains, and prints summary
// statistics per parameter:
//
//	go run ./examples/poc-a-vitals/analyze -in DIR [-out DIR]
//
// With -out it also writes the corrected time series, every correction, the
// rejected visits and the summary as CSV files. The exit code is 1 when a
// visit was rejected, so that a script notices.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/sce-dev/sce/examples/poc-a-vitals/analysis"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// run parses the flags and runs the analysis; it returns the exit code: 0,
// 1 when a visit was rejected or a file cannot be read or written, 2 for bad
// flags.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("analyze", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "", "directory holding patients.csv and timeseries.csv (required)")
	out := fs.String("out", "", "directory to write the corrected data, corrections and summary into (optional)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *in == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "analyze: give the data directory with -in DIR, and nothing else: analyze -in DIR [-out DIR]")
		return 2
	}
	patients, visits, err := analysis.ReadDir(*in)
	if err != nil {
		fmt.Fprintf(stderr, "analyze: %v\n", err)
		return 1
	}
	res := analysis.Clean(patients, visits)
	stats := analysis.Summarize(res.Visits)
	if err := analysis.WriteReport(stdout, len(patients), len(visits), res, stats); err != nil {
		fmt.Fprintf(stderr, "analyze: %v\n", err)
		return 1
	}
	if *out != "" {
		if err := analysis.WriteResults(*out, res, stats); err != nil {
			fmt.Fprintf(stderr, "analyze: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "\nwrote %s, %s, %s and %s to %s\n", analysis.CleanFile, analysis.CorrectionsFile, analysis.RejectedFile, analysis.SummaryFile, *out)
	}
	if len(res.Rejected) > 0 {
		fmt.Fprintf(stderr, "analyze: %d visits rejected: see the list above\n", len(res.Rejected))
		return 1
	}
	return 0
}
