package audit

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
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
	for e, err := range r.Events() {
		if err != nil {
			return err
		}
		for i, v := range []string{stamp(e.Time), e.Principal, e.Action, e.Bucket, e.Key, e.SourceIP, e.VPCEndpoint, e.ErrorCode,
			strconv.FormatInt(e.BytesIn, 10), strconv.FormatInt(e.BytesOut, 10), e.File} {
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
