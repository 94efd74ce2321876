package cost

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
)

// JSON renders the estimate as indented JSON with a trailing newline.
func (est *Estimate) JSON() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(est); err != nil {
		return nil, fmt.Errorf("encode estimate: %w", err)
	}
	return buf.Bytes(), nil
}

// row is one printed row: label cells, cost cells, then rate and detail.
type row struct {
	group, item  string
	costs        [3]string
	rate, detail string
}

// rows are the lines, the totals and the shared fee as printed cells.
func (est *Estimate) rows() []row {
	var out []row
	for _, l := range est.Lines {
		out = append(out, lineRow(l))
	}
	out = append(out, totalRow("project total", est.Total))
	for _, l := range est.Shared {
		out = append(out, lineRow(l))
	}
	if len(est.Shared) > 0 {
		out = append(out, totalRow("total with the whole shared fee", est.TotalWithShared))
	}
	return out
}

func lineRow(l Line) row {
	r := row{group: l.Group, item: l.Item, rate: l.Rate, detail: l.Detail}
	for _, c := range AllColumns() {
		r.costs[c] = formatAmount(l.Monthly[c])
		if l.Unknown[c] {
			r.costs[c] = "unknown"
		}
	}
	return r
}

func totalRow(label string, t Total) row {
	r := row{item: label}
	for _, c := range AllColumns() {
		r.costs[c] = formatAmount(t.Monthly[c])
		if t.AtLeast[c] {
			r.costs[c] = "at least " + r.costs[c]
		}
	}
	return r
}

// title is the first line of every rendering.
func (est *Estimate) title() string {
	return fmt.Sprintf("estimated monthly cost of stack %s in %s (%s, prices as of %s); AWS was not contacted",
		est.Stack, est.Region, est.Currency, est.AsOf)
}

// WriteText writes the estimate as an aligned table followed by the unknown
// prices, the assumptions and the sources.
func (est *Estimate) WriteText(w io.Writer) error {
	var buf bytes.Buffer
	fmt.Fprintln(&buf, est.title())
	fmt.Fprintln(&buf)
	header := row{group: "group", item: "item", rate: "rate", detail: "detail",
		costs: [3]string{Suspended.String(), WorkingHours.String(), AlwaysOn.String()}}
	rows := rightAlignCosts(append([]row{header}, est.rows()...))
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.group, r.item, r.costs[0], r.costs[1], r.costs[2], r.rate, r.detail)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	est.writeNotes(&buf, "  - ")
	_, err := w.Write(trimLines(buf.String()))
	return err
}

// rightAlignCosts pads the cost cells of each column to one width.
func rightAlignCosts(rows []row) []row {
	for _, c := range AllColumns() {
		width := 0
		for _, r := range rows {
			width = max(width, len(r.costs[c]))
		}
		for i := range rows {
			rows[i].costs[c] = fmt.Sprintf("%*s", width, rows[i].costs[c])
		}
	}
	return rows
}

// writeNotes writes the unknown prices, the assumptions and the sources as
// lists whose items start with bullet.
func (est *Estimate) writeNotes(w io.Writer, bullet string) {
	if len(est.WhileSuspended) > 0 {
		fmt.Fprintf(w, "\nwhile suspended (%s) the project still pays %s a month for:\n", est.suspendedState(), totalCell(est.Total, Suspended))
		for _, g := range est.WhileSuspended {
			amount := formatAmount(g.Monthly)
			if g.AtLeast {
				amount = "at least " + amount
			}
			fmt.Fprintf(w, "%s%s %s: %s\n", bullet, g.Group, amount, strings.Join(g.What, "; "))
		}
	}
	if len(est.Unknown) > 0 {
		fmt.Fprintln(w, "\nunknown prices (left out, so the totals of the columns they cost in are \"at least\"):")
		for _, u := range est.Unknown {
			fmt.Fprintln(w, bullet+u)
		}
	}
	fmt.Fprintln(w, "\nassumptions:")
	for _, a := range est.Assumptions {
		fmt.Fprintln(w, bullet+a)
	}
	fmt.Fprintf(w, "\nsources (prices as of %s; what each gave, and what is from memory, in internal/cost/prices.yaml):\n", est.AsOf)
	for _, id := range slices.Sorted(maps.Keys(est.Sources)) {
		s := est.Sources[id]
		fmt.Fprintf(w, "%s%s: %s, %s\n", bullet, id, s.Title, s.URL)
	}
	fmt.Fprintln(w, "\n"+est.Check)
}

// trimLines drops trailing blanks from every line.
func trimLines(s string) []byte {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return []byte(strings.Join(lines, "\n"))
}

// WriteMarkdown writes the estimate as a Markdown table followed by the
// unknown prices, the assumptions and the sources (the form of docs/cost.md).
func (est *Estimate) WriteMarkdown(w io.Writer) error {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "%s.\n\n", est.title())
	fmt.Fprintf(&buf, "| group | item | %s | %s | %s | rate | detail |\n", Suspended, WorkingHours, AlwaysOn)
	fmt.Fprintln(&buf, "| --- | --- | ---: | ---: | ---: | --- | --- |")
	for _, r := range est.rows() {
		item := r.item
		if r.rate == "" {
			item = "**" + item + "**"
		}
		fmt.Fprintf(&buf, "| %s | %s | %s | %s | %s | %s | %s |\n", r.group, item,
			r.costs[0], r.costs[1], r.costs[2], markdownCell(r.rate), markdownCell(r.detail))
	}
	est.writeNotes(&buf, "- ")
	_, err := w.Write(trimLines(buf.String()))
	return err
}

// markdownCell escapes the characters that would break a table cell.
func markdownCell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// Summary is the estimate in two lines, for `sce plan`.
func (est *Estimate) Summary() string {
	t := est.Total
	s := fmt.Sprintf("estimated monthly cost (%s, prices as of %s): %s suspended / %s working hours / %s always on",
		est.Currency, est.AsOf, totalCell(t, Suspended), totalCell(t, WorkingHours), totalCell(t, AlwaysOn))
	if len(est.Shared) > 0 {
		sh := sum(est.Shared)
		s += fmt.Sprintf("\n  plus the dedicated per-region fee shared by the account's projects in %s: %s / %s / %s",
			est.Region, totalCell(sh, Suspended), totalCell(sh, WorkingHours), totalCell(sh, AlwaysOn))
	}
	return s + "\n  details and assumptions: sce cost " + est.Stack + "\n"
}

func totalCell(t Total, c Column) string {
	s := "$" + formatAmount(t.Monthly[c])
	if t.AtLeast[c] {
		return "at least " + s
	}
	return s
}

// suspendedState says what suspend stops, removes and pauses in this estimate.
func (est *Estimate) suspendedState() string {
	state := "instances stopped, NAT gateway removed"
	if slices.ContainsFunc(est.Lines, func(l Line) bool { return l.Group == "warehouse" }) {
		state += ", warehouse paused"
	}
	return state
}

// Cell renders column c of t as the summaries do: "$1,234.56", or "at
// least $1,234.56" when a price is unknown.
func (t Total) Cell(c Column) string { return totalCell(t, c) }
