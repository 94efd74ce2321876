package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/sce-dev/sce/internal/english"
	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/sce"
	"github.com/sce-dev/sce/stacks"
)

// stacksOptions are the flags of sce stacks.
type stacksOptions struct {
	stacksDir string
	format    string
}

func newStacksCmd(a app) *cobra.Command {
	var opts stacksOptions
	cmd := &cobra.Command{
		Use:   "stacks",
		Short: "List the stacks: kind, PIT, PI, region, VPC block, study end date and days left",
		Long: "stacks reads every Pulumi.<stack>.yaml in the stacks directory (no AWS, no Pulumi) and lists\n" +
			"each stack: its kind (baseline: the account baseline; project: a research project), PIT,\n" +
			"principal investigator, region, VPC block, study end date and the days left until it, counted\n" +
			"from today's date in UTC (negative once the study has ended: time for `sce closeout`).\n" +
			"A stack file with an error (any that `sce plan` would report from the file alone) is reported as\n" +
			"file:line: key and nothing is listed.",
		Example: "  sce stacks\n  sce stacks --stacks ../site/stacks --format json",
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runStacks(cmd, a, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.stacksDir, "stacks", "stacks", "directory of the Pulumi.<stack>.yaml files")
	f.StringVarP(&opts.format, "format", "f", "table", "output format: table or json")
	return cmd
}

// stackRow is one stack as sce stacks lists it.
type stackRow struct {
	Stack                 string `json:"stack"`
	Kind                  string `json:"kind"`
	PIT                   string `json:"pit"`
	PrincipalInvestigator string `json:"principalInvestigator"`
	Region                string `json:"region"`
	VpcCidr               string `json:"vpcCidr"`
	StudyEndDate          string `json:"studyEndDate"`
	// DaysLeft is nil for a stack without a study end date.
	DaysLeft *int `json:"daysLeft"`
}

// stackList is the JSON output of sce stacks.
type stackList struct {
	// AsOf is the UTC date the days left are counted from.
	AsOf   string     `json:"asOf"`
	Stacks []stackRow `json:"stacks"`
}

// Kinds as sce stacks names them.
const (
	kindProject  = "project"
	kindBaseline = "baseline"
)

func runStacks(cmd *cobra.Command, a app, opts stacksOptions) error {
	if opts.format != "table" && opts.format != "json" {
		return usagef("unknown --format %q: use table or json", opts.format)
	}
	today := stacks.UTCDay(a.clock()())
	list, err := listStacks(opts.stacksDir, a.knownKeys, today)
	if err != nil {
		return err
	}
	if opts.format == "json" {
		data, err := json.MarshalIndent(list, "", "  ")
		if err != nil {
			return fmt.Errorf("stacks: %w", err)
		}
		_, err = cmd.OutOrStdout().Write(append(data, '\n'))
		return err
	}
	return writeStacks(cmd.OutOrStdout(), list)
}

// listStacks reads every stack file of dir; all problems come back
// together as stackfile.ConfigErrors.
func listStacks(dir string, known []string, today time.Time) (stackList, error) {
	list := stackList{AsOf: today.Format(time.DateOnly), Stacks: []stackRow{}}
	names, err := stackfile.List(dir)
	if err != nil {
		return list, err // a *stackfile.DirError: wrong input
	}
	if len(names) == 0 {
		return list, usagef("no stacks: %s holds no Pulumi.<stack>.yaml files (pass --stacks DIR)", dir)
	}
	var problems stackfile.ConfigErrors
	for _, name := range names {
		row, err := readStack(filepath.Join(dir, "Pulumi."+name+".yaml"), name, known, today)
		var cerrs stackfile.ConfigErrors
		switch {
		case errors.As(err, &cerrs):
			problems = append(problems, cerrs...)
		case err != nil:
			return list, err
		default:
			list.Stacks = append(list.Stacks, row)
		}
	}
	if len(problems) > 0 {
		return list, problems
	}
	return list, nil
}

// readStack reads one stack file into its row.
func readStack(path, name string, known []string, today time.Time) (stackRow, error) {
	f, err := stackfile.Load(path, known)
	if err != nil {
		return stackRow{}, err
	}
	cfg, err := stacks.DecodeConfig(f.Config)
	if err == nil {
		err = cfg.Problems(name)
	}
	var verrs sce.ValidationErrors
	if errors.As(err, &verrs) {
		return stackRow{}, f.Locate(verrs)
	}
	if err != nil {
		return stackRow{}, fmt.Errorf("%s: %w", path, err)
	}
	row := stackRow{Stack: name, Kind: kindProject, PIT: cfg.PITOf(name), PrincipalInvestigator: cfg.PrincipalInvestigator,
		Region: cfg.Region, VpcCidr: cfg.VpcCidr, StudyEndDate: cfg.StudyEndDate}
	if cfg.Baseline() {
		row.Kind, row.PIT = kindBaseline, ""
	}
	if cfg.StudyEndDate == "" {
		return row, nil
	}
	days, err := stacks.DaysToStudyEnd(cfg.StudyEndDate, today)
	if err != nil {
		return stackRow{}, f.Locate(sce.ValidationErrors{{Key: stacks.KeyStudyEndDate,
			Message: fmt.Sprintf("%q is not a date: write it as YYYY-MM-DD", cfg.StudyEndDate)}})
	}
	row.DaysLeft = &days
	return row, nil
}

// writeStacks writes the list as a table, then what the days are counted from.
func writeStacks(w io.Writer, list stackList) error {
	var buf strings.Builder
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STACK\tKIND\tPIT\tPI\tREGION\tVPC\tSTUDY ENDS\tDAYS LEFT")
	projects := 0
	for _, r := range list.Stacks {
		if r.Kind == kindProject {
			projects++
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Stack, r.Kind, dash(r.PIT), dash(r.PrincipalInvestigator),
			dash(r.Region), dash(r.VpcCidr), dash(r.StudyEndDate), daysText(r.DaysLeft))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	_, err := fmt.Fprintf(w, "%s\n%s, %s; days left counted from %s (UTC)\n", strings.Join(lines, "\n"),
		english.Plural(projects, "project stack"), english.Plural(len(list.Stacks)-projects, "baseline stack"), list.AsOf)
	return err
}

// daysText is the days left, "ended" once the end date has passed, "-"
// without one.
func daysText(days *int) string {
	switch {
	case days == nil:
		return "-"
	case *days < 0:
		return fmt.Sprintf("%d (ended)", *days)
	}
	return fmt.Sprint(*days)
}

// dash stands for an unset value.
func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
