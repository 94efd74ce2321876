package audit

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"
)

// writeTable renders the report for a terminal.
func (r *Report) writeTable(out io.Writer) error {
	bw := bufio.NewWriter(out)
	fmt.Fprintf(bw, "S3 data events on %s\n%s\n", r.Filter.Describe(), r.headline())
	for _, f := range r.Malformed {
		fmt.Fprintf(bw, "malformed: %s: %s\n", f.File, f.Detail)
	}
	if r.Verification != nil {
		for _, l := range r.Verification.lines() {
			fmt.Fprintln(bw, "verify "+l)
		}
	}
	tw := tabwriter.NewWriter(bw, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "\nBY PRINCIPAL\nPRINCIPAL\tEVENTS\tDENIED\tOBJECTS\tBYTES OUT\tFIRST\tLAST\tACTIONS")
	for _, p := range r.Principals() {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%s\t%s\t%s\n", p.Principal, p.Events, p.Denied, p.Objects, p.BytesOut, stamp(p.First), stamp(p.Last), actionList(p.Actions))
	}
	fmt.Fprintln(tw, "\nBY OBJECT\nOBJECT\tEVENTS\tDENIED\tFIRST\tLAST\tACTIONS\tPRINCIPALS")
	for _, o := range r.Objects() {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%s\t%s\n", object(o.Bucket, o.Key), o.Events, o.Denied, stamp(o.First), stamp(o.Last), actionList(o.Actions), strings.Join(o.Principals, " "))
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	bw.WriteString("\nEVENTS\n")
	if err := r.writeEventRows(bw); err != nil {
		return err
	}
	return flush(bw)
}

// eventColumns are the columns of the table of events.
var eventColumns = []string{"TIME", "PRINCIPAL", "ACTION", "OBJECT", "FROM", "RESULT"}

func eventCells(e Event) []string {
	return []string{stamp(e.Time), e.Principal, e.Action, object(e.Bucket, e.Key), via(e), result(e.ErrorCode)}
}

// writeEventRows writes the table of events aligned as text/tabwriter
// aligns the other tables (each column as wide as its widest cell, plus
// two spaces; the last column as it is), without holding the events: a
// first pass over them measures the columns.
func (r *Report) writeEventRows(bw *bufio.Writer) error {
	widths := make([]int, len(eventColumns)-1)
	measure := func(cells []string) {
		for i := range widths {
			widths[i] = max(widths[i], utf8.RuneCountInString(cells[i])+2)
		}
	}
	measure(eventColumns)
	for e, err := range r.Events() {
		if err != nil {
			return err
		}
		measure(eventCells(e))
	}
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
	for e, err := range r.Events() {
		if err != nil {
			return err
		}
		row(eventCells(e))
	}
	return nil
}

// csvHeader are the columns of the CSV format.
var csvHeader = []string{"time", "principal", "action", "bucket", "key", "source_ip", "vpc_endpoint", "error_code", "bytes_in", "bytes_out", "log_file"}

// writeCSV renders one row per event, for spreadsheets.
func (r *Report) writeCSV(out io.Writer) error {
	w := csv.NewWriter(out)
	if err := w.Write(csvHeader); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	for e, err := range r.Events() {
		if err != nil {
			return err
		}
		row := []string{stamp(e.Time), e.Principal, e.Action, e.Bucket, e.Key, e.SourceIP, e.VPCEndpoint, e.ErrorCode,
			strconv.FormatInt(e.BytesIn, 10), strconv.FormatInt(e.BytesOut, 10), e.File}
		if err := w.Write(row); err != nil {
			return fmt.Errorf("write report: %w", err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

func flush(bw *bufio.Writer) error {
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}
