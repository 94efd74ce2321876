package audit

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"
)

// writeTable renders the report for a terminal. Every cell is printable
// and at most maxCell characters long (see cells); the cells of every
// section are made before the note that says whether any was cut.
func (r *Report) writeTable(out io.Writer) error {
	var c cells
	principals, objects, replication := r.principalRows(&c), r.objectRows(&c), r.replicationRows(&c)
	downloads, err := r.egressRows(&c)
	if err != nil {
		return err
	}
	widths, err := r.measureEvents(&c)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(out)
	fmt.Fprintf(bw, "S3 data events on %s\n%s\n%s\n%s\n", printable(r.Filter.Describe()), r.headline(), printable(r.provenance()), r.CoverLine())
	if nf := r.NotFound(); nf != "" {
		fmt.Fprintln(bw, "warning: "+printable(nf))
	}
	if r.OutsideWindow != "" {
		fmt.Fprintln(bw, "warning: "+printable(r.OutsideWindow))
	}
	if nc := r.NotCovered(); nc != "" {
		fmt.Fprintln(bw, "warning: "+nc)
	}
	for _, w := range r.FilterWarnings {
		fmt.Fprintln(bw, "warning: "+printable(w))
	}
	if note := r.ReplicationNote(); note != "" {
		fmt.Fprintln(bw, "replication: "+printable(note))
	}
	if c.cut {
		fmt.Fprintln(bw, cutNote)
	}
	for _, f := range r.Malformed {
		fmt.Fprintf(bw, "malformed: %s: %s\n", printable(f.File), printable(f.Detail))
	}
	for _, f := range r.Duplicates {
		fmt.Fprintf(bw, "duplicate: %s: %s\n", printable(f.File), printable(f.Detail))
	}
	for _, l := range r.skippedLines() {
		fmt.Fprintln(bw, "skipped: "+printable(l))
	}
	for _, l := range r.VerifyLines() {
		fmt.Fprintln(bw, "verify "+printable(l))
	}
	tw := tabwriter.NewWriter(bw, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "\nBY PRINCIPAL\nPRINCIPAL\tEVENTS\tDENIED\tOBJECTS\tBYTES OUT\tFIRST\tLAST\tACTIONS")
	for _, row := range principals {
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	fmt.Fprintln(tw, "\nBY OBJECT\nOBJECT\tEVENTS\tDENIED\tFIRST\tLAST\tACTIONS\tPRINCIPALS")
	for _, row := range objects {
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	if err := r.writeReplicationTable(bw, replication); err != nil {
		return err
	}
	if err := r.writeEgressTable(bw, downloads); err != nil {
		return err
	}
	bw.WriteString("\nEVENTS\n")
	if err := r.writeEventRows(bw, widths); err != nil {
		return err
	}
	return flush(bw)
}

func (r *Report) principalRows(c *cells) [][]string {
	var rows [][]string
	for _, p := range r.Principals() {
		rows = append(rows, []string{c.cell(p.Principal), strconv.Itoa(p.Events), strconv.Itoa(p.Denied), strconv.Itoa(p.Objects),
			strconv.FormatInt(p.BytesOut, 10), stamp(p.First), stamp(p.Last), c.cell(actionList(p.Actions))})
	}
	return rows
}

func (r *Report) objectRows(c *cells) [][]string {
	var rows [][]string
	for _, o := range r.Objects() {
		rows = append(rows, []string{c.cell(object(o.Bucket, o.Key)), strconv.Itoa(o.Events), strconv.Itoa(o.Denied), stamp(o.First),
			stamp(o.Last), c.cell(actionList(o.Actions)), c.cell(strings.Join(o.Principals, " "))})
	}
	return rows
}

// writeRows writes a section's rows under its header, in columns.
func writeRows(bw *bufio.Writer, header string, rows [][]string) error {
	tw := tabwriter.NewWriter(bw, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, header)
	for _, row := range rows {
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// eventColumns are the columns of the table of events.
var eventColumns = []string{"TIME", "PRINCIPAL", "ACTION", "OBJECT", "FROM", "RESULT"}

func eventCells(e Event, c *cells) []string {
	return []string{stamp(e.Time), c.cell(e.Principal), c.cell(e.Action), c.cell(object(e.Bucket, e.Key)), c.cell(via(e)), c.cell(result(e.ErrorCode))}
}

// measureEvents reads the events once for the widths of the columns of the
// table of events: as text/tabwriter aligns the other tables, each column
// is as wide as its widest cell, plus two spaces (the last column is not
// aligned). So the events are written without being held.
func (r *Report) measureEvents(c *cells) ([]int, error) {
	widths := make([]int, len(eventColumns)-1)
	measure := func(cells []string) {
		for i := range widths {
			widths[i] = max(widths[i], utf8.RuneCountInString(cells[i])+2)
		}
	}
	measure(eventColumns)
	for e, err := range r.Events() {
		if err != nil {
			return nil, err
		}
		measure(eventCells(e, c))
	}
	return widths, nil
}

// writeEventRows writes the table of events in columns of the given widths.
func (r *Report) writeEventRows(bw *bufio.Writer, widths []int) error {
	row := func(cells []string) {
		for i, w := range widths {
			bw.WriteString(cells[i])
			for range w - utf8.RuneCountInString(cells[i]) {
				bw.WriteByte(' ')
			}
		}
		bw.WriteString(cells[len(cells)-1])
		bw.WriteByte('\n')
	}
	row(eventColumns)
	var c cells
	for e, err := range r.Events() {
		if err != nil {
			return err
		}
		row(eventCells(e, &c))
	}
	return nil
}

func flush(bw *bufio.Writer) error {
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}
