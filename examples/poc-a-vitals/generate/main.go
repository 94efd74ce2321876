// Command generate writes the synthetic data set of the vital-signs proof of
// concept (package vitals) as three CSV files:
//
//	go run ./examples/poc-a-vitals/generate [-out DIR] [-seed N]
//
// The same seed always writes the same bytes.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/sce-dev/sce/examples/poc-a-vitals/vitals"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// run parses the flags, generates the data set and writes it; it returns the
// exit code: 0, 1 when writing fails, 2 for bad flags.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("generate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "vitals-data", "directory to write the CSV files into (created if missing)")
	seed := fs.Uint64("seed", vitals.DefaultSeed, "seed of the random generator: the same seed writes the same files")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "generate: unexpected argument %q: give the directory with -out DIR\n", fs.Arg(0))
		return 2
	}
	ds := vitals.Generate(*seed)
	if err := ds.WriteDir(*out); err != nil {
		fmt.Fprintf(stderr, "generate: %v\n", err)
		return 1
	}
	defects := 0
	for _, v := range ds.Visits {
		if v.Defect != vitals.DefectNone {
			defects++
		}
	}
	fmt.Fprintf(stdout, "seed %d: wrote %d patients to %s, their parameters to %s and %d visits (%d with a deliberate recording error) to %s\n",
		*seed, len(ds.Patients), filepath.Join(*out, vitals.PatientsFile), filepath.Join(*out, vitals.ParametersFile),
		len(ds.Visits), defects, filepath.Join(*out, vitals.TimeSeriesFile))
	return 0
}
