package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/sce-dev/sce/internal/cost"
	"github.com/sce-dev/sce/internal/english"
	"github.com/sce-dev/sce/internal/plan"
)

// offlineNotice is the plain statement every human-readable plan starts with.
const offlineNotice = "offline plan: AWS was not contacted; IDs, ARNs and IPs are placeholders"

// maxWidth is the line width the table aims to stay within.
const maxWidth = 100

// tableBytes renders p and the summary of its estimate est for people,
// without trailing blanks.
func tableBytes(p *plan.Plan, est *cost.Estimate) ([]byte, error) {
	var buf bytes.Buffer
	if err := writeTable(&buf, p, est); err != nil {
		return nil, err
	}
	lines := strings.Split(buf.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return []byte(strings.Join(lines, "\n")), nil
}

// writeTable writes the header, the resources grouped by concern, the
// outputs, a count and the estimate's summary.
func writeTable(w io.Writer, p *plan.Plan, est *cost.Estimate) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	writeHeader(tw, p)
	writeResources(tw, p.Resources)
	writeOutputs(tw, p.Outputs)
	fmt.Fprintf(tw, "\n%s (%d custom)\n", english.Plural(len(p.Resources), "resource"), countCustom(p.Resources))
	fmt.Fprint(tw, "\n"+est.Summary())
	return tw.Flush()
}

func writeHeader(w io.Writer, p *plan.Plan) {
	region := p.Config["aws:region"]
	if region == "" {
		region = "(aws:region not set)"
	}
	fmt.Fprintf(w, "project\t%s\nstack\t%s\nregion\t%s\n", p.Project, p.Stack, region)
	fmt.Fprintln(w, offlineNotice)
}

// writeResources writes one section per concern, rows sorted by name.
func writeResources(w io.Writer, rs []plan.Resource) {
	groups := map[string][]plan.Resource{}
	for _, r := range rs {
		c := concernOf(r)
		groups[c] = append(groups[c], r)
	}
	for _, c := range concernOrder() {
		g := groups[c]
		if len(g) == 0 {
			continue
		}
		sort.SliceStable(g, func(i, j int) bool {
			if g[i].Name != g[j].Name {
				return g[i].Name < g[j].Name
			}
			return g[i].Type < g[j].Type
		})
		fmt.Fprintf(w, "\n%s (%d)\n", c, len(g))
		for _, r := range g {
			fmt.Fprintf(w, "  %s\t%s\t%s\n", r.Name, displayType(r.Type), markers(r.Options))
		}
	}
}

// displayType shortens a type token as the Pulumi CLI shows it:
// aws:s3/bucketV2:BucketV2 -> aws:s3:BucketV2.
func displayType(typ string) string {
	parts := strings.Split(typ, ":")
	if len(parts) != 3 {
		return typ
	}
	mod, member, found := strings.Cut(parts[1], "/")
	if !found || !strings.EqualFold(member, parts[2]) {
		return typ
	}
	return parts[0] + ":" + mod + ":" + parts[2]
}

// markers lists the options worth a reviewer's attention.
func markers(o plan.Options) string {
	var m []string
	if o.Protect {
		m = append(m, "protect")
	}
	if o.RetainOnDelete {
		m = append(m, "retain")
	}
	if o.DeleteBeforeReplace {
		m = append(m, "delete-before-replace")
	}
	if len(o.IgnoreChanges) > 0 {
		m = append(m, "ignore:"+strings.Join(o.IgnoreChanges, ","))
	}
	return strings.Join(m, " ")
}

// writeOutputs writes the stack outputs, one per line, cut to the width.
func writeOutputs(w io.Writer, outputs map[string]any) {
	if len(outputs) == 0 {
		return
	}
	keys := make([]string, 0, len(outputs))
	width := 0
	for k := range outputs {
		keys = append(keys, k)
		width = max(width, len(k))
	}
	sort.Strings(keys)
	fmt.Fprintln(w, "\noutputs")
	room := maxWidth - 2 - width - 2
	for _, k := range keys {
		fmt.Fprintf(w, "  %s\t%s\n", k, clip(outputText(outputs[k]), room))
	}
}

// outputText renders a value: strings as they are, the rest as JSON
// (secrets print as "[secret]").
func outputText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case plan.Secret:
		return x.String()
	}
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(data)
}

// clip cuts s to n runes, marking the cut with "...".
func clip(s string, n int) string {
	r := []rune(s)
	if n < 4 || len(r) <= n {
		return s
	}
	return string(r[:n-3]) + "..."
}

func countCustom(rs []plan.Resource) int {
	n := 0
	for _, r := range rs {
		if r.Custom {
			n++
		}
	}
	return n
}
