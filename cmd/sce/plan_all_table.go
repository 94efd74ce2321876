package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/sce-dev/sce/internal/cost"
	"github.com/sce-dev/sce/internal/english"
)

// writeFleetTable writes one line per stack and the summary of sce plan --all.
func writeFleetTable(w io.Writer, r *fleetReport) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, offlineNotice)
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "STACK\tSTATUS\tRESOURCES\tMANDATORY\tADVISORY\tMONTHLY WORKING HOURS\tMONTHLY ALWAYS ON")
	for _, s := range r.Stacks {
		fmt.Fprintln(tw, strings.Join(fleetRow(s), "\t"))
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write the stacks: %w", err)
	}
	_, err := io.WriteString(w, fleetSummaryText(r.Summary)+policyConfigText(r.PolicyConfig))
	return err
}

// policyConfigText is the line that names the policy config and what it
// disabled or moved; "" without a config file.
func policyConfigText(c fleetPolicyConfig) string {
	if c.File == "" {
		return ""
	}
	return fmt.Sprintf("policy config %s: disabled %s, changed the level of %s\n", c.File,
		namedRules(c.Disabled), namedRules(c.Changed))
}

// namedRules is "0 rules", or "2 rules (a, b)".
func namedRules(names []string) string {
	if len(names) == 0 {
		return "0 rules"
	}
	return fmt.Sprintf("%s (%s)", english.Plural(len(names), "rule"), strings.Join(names, ", "))
}

// fleetRow is the cells of one stack's line; a stack that could not be
// planned has no counts.
func fleetRow(s fleetStack) []string {
	status := "ok"
	if !s.OK {
		status = "failed: " + s.Failure
	}
	if s.Monthly == nil {
		return []string{s.Stack, status, "-", "-", "-", "-", "-"}
	}
	return []string{s.Stack, status, strconv.Itoa(s.Resources), strconv.Itoa(s.Mandatory), strconv.Itoa(s.Advisory),
		s.Monthly.Cell(cost.WorkingHours), s.Monthly.Cell(cost.AlwaysOn)}
}

// fleetSummaryText adds up the stacks in three lines.
func fleetSummaryText(sum fleetSummary) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n%s: %d ok, %d failed", english.Plural(sum.Stacks, "stack"), sum.Stacks-sum.Failed, sum.Failed)
	if sum.Failed > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(sum.FailedStacks, ", "))
	}
	fmt.Fprintf(&b, "\n%s, %s and %s in the planned stacks\n", english.Plural(sum.Resources, "resource"),
		english.Plural(sum.Mandatory, "mandatory violation"), english.Plural(sum.Advisory, "advisory violation"))
	fmt.Fprintf(&b, "estimated monthly cost of the planned stacks, without the shared per-region fees: %s working hours / %s always on\n",
		sum.Monthly.Cell(cost.WorkingHours), sum.Monthly.Cell(cost.AlwaysOn))
	return b.String()
}

// writeFleetFailures writes why each failed stack failed, one block per stack.
func writeFleetFailures(w io.Writer, r *fleetReport) {
	for _, s := range r.Stacks {
		for _, warning := range s.Warnings {
			fmt.Fprintf(w, "warning: %s\n", warning)
		}
		if s.OK {
			continue
		}
		fmt.Fprintf(w, "stack %s failed (%s):\n  %s\n", s.Stack, s.Failure, strings.ReplaceAll(s.Error, "\n", "\n  "))
		if s.Failure == "mandatory" {
			fmt.Fprintf(w, "  sce plan %s lists them\n", s.Stack)
		}
	}
}
