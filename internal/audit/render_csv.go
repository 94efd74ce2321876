package audit

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"
)

// csvHeader are the columns of the CSV format.
var csvHeader = []string{"time", "principal", "action", "bucket", "key", "source_ip", "vpc_endpoint", "error_code", "bytes_in", "bytes_out", "log_file"}

// writeCSV renders one row per event, for spreadsheets; no cell can be
// read as a formula (see csvCell).
func (r *Report) writeCSV(out io.Writer) error {
	w := csv.NewWriter(out)
	if err := w.Write(csvHeader); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	row := make([]string, len(csvHeader))
	var numbers rowNumbers
	for e, err := range r.Events() {
		if err != nil {
			return err
		}
		at, in, out := numbers.format(e)
		for i, v := range []string{at, e.Principal, e.Action, e.Bucket, e.Key, e.SourceIP, e.VPCEndpoint, e.ErrorCode,
			in, out, e.File} {
			row[i] = csvCell(v)
		}
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

// CSVNotes are what the csv format, one row per event, cannot hold and
// the other formats state: the time the log files read cover, the check
// against the digest files (its status, "not run" included, and each
// finding), the malformed or truncated files and the files skipped, one
// a line, printable (see printable). sce audit writes them to stderr.
func (r *Report) CSVNotes() []string {
	out := []string{r.CoverLine()}
	for _, l := range r.VerifyLines() {
		out = append(out, "verify "+printable(l))
	}
	for _, f := range r.Malformed {
		out = append(out, "malformed: "+printable(f.File)+": "+printable(f.Detail))
	}
	for _, l := range r.skippedLines() {
		out = append(out, "skipped: "+printable(l))
	}
	return out
}

// rowNumbers holds the text of one row's time and byte counts, so that a
// row allocates no strings for them.
type rowNumbers struct{ buf []byte }

// format returns e's time (as stamp writes it) and byte counts as views of
// n's buffer: they are good until the next call, long enough for
// csv.Writer.Write, which copies them.
func (n *rowNumbers) format(e Event) (at, in, out string) {
	b := e.Time.UTC().AppendFormat(n.buf[:0], time.RFC3339)
	t := len(b)
	b = strconv.AppendInt(b, e.BytesIn, 10)
	i := len(b)
	b = strconv.AppendInt(b, e.BytesOut, 10)
	n.buf = b
	return view(b[:t]), view(b[t:i]), view(b[i:])
}
