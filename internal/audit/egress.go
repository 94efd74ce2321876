package audit

import (
	"bufio"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/sce-dev/sce/sce"
)

// egressRole is the role part of the name of a project's egress bucket,
// <pit>-egress-<account>-<region>: the bucket the airlock releases
// approved results into, and the only one recipients read them from. It is
// the bucket role the environment creates it with.
const egressRole = string(sce.BucketEgress)

// downloadAction is the S3 call that downloads an object.
const downloadAction = "GetObject"

// egressPattern matches the name of the egress bucket of the filter's
// project; nil unless the filter asks for it (PIT and Egress set).
func (f Filter) egressPattern() *regexp.Regexp {
	if f.PIT == "" || !f.Egress {
		return nil
	}
	return projectBucketPattern(f.PIT, []string{egressRole})
}

// EgressDownloads are the GetObject events on the project's egress bucket,
// in time order, denied ones included: who took which released results,
// when and from where. Empty unless the filter sets PIT and Egress.
func (r *Report) EgressDownloads() ([]Event, error) {
	re := r.Filter.egressPattern()
	if re == nil {
		return nil, nil
	}
	out := []Event{}
	for e, err := range r.Events() {
		if err != nil {
			return nil, err
		}
		if e.Action == downloadAction && re.MatchString(e.Bucket) {
			out = append(out, e)
		}
	}
	return out, nil
}

// egressHeading titles the section of downloads.
func (r *Report) egressHeading(n int) string {
	return fmt.Sprintf("DOWNLOADS OF RELEASED RESULTS (GetObject on %s-%s-<account>-<region>): %d", r.Filter.PIT, egressRole, n)
}

// egressRows are the cells of the downloads section of the table format,
// one row per download; nil when the filter does not ask for it.
func (r *Report) egressRows(c *cells) ([][]string, error) {
	downloads, err := r.EgressDownloads()
	if err != nil || downloads == nil {
		return nil, err
	}
	rows := [][]string{}
	for _, e := range downloads {
		rows = append(rows, []string{stamp(e.Time), c.cell(e.Principal), c.cell(object(e.Bucket, e.Key)), strconv.FormatInt(e.BytesOut, 10),
			c.cell(via(e)), c.cell(result(e.ErrorCode))})
	}
	return rows, nil
}

// writeEgressTable writes the downloads section of the table format, rows
// made by egressRows, when the filter asks for it.
func (r *Report) writeEgressTable(bw *bufio.Writer, rows [][]string) error {
	if rows == nil {
		return nil
	}
	fmt.Fprintf(bw, "\n%s\n", r.egressHeading(len(rows)))
	if len(rows) == 0 {
		return nil
	}
	return writeRows(bw, "TIME\tPRINCIPAL\tOBJECT\tBYTES OUT\tFROM\tRESULT", rows)
}

// writeEgressMarkdown writes the downloads section of the markdown format,
// when the filter asks for it.
func (r *Report) writeEgressMarkdown(bw *bufio.Writer) error {
	downloads, err := r.EgressDownloads()
	if err != nil || downloads == nil {
		return err
	}
	fmt.Fprintf(bw, "\n## Downloads of released results (%d)\n\n", len(downloads))
	fmt.Fprintf(bw, "GetObject calls on the egress bucket %s, where approved results are released.\n", md(r.Filter.PIT+"-"+egressRole+"-<account>-<region>"))
	if len(downloads) == 0 {
		return nil
	}
	bw.WriteString("\n| time (UTC) | principal | object | bytes out | from | result |\n| --- | --- | --- | --- | --- | --- |\n")
	for _, e := range downloads {
		fmt.Fprintf(bw, "| %s | %s | %s | %d | %s | %s |\n", stamp(e.Time), md(e.Principal), md(object(e.Bucket, e.Key)), e.BytesOut, md(via(e)), result(e.ErrorCode))
	}
	return nil
}

// describeEgress is the filter's description of the egress bucket, "" when
// it is not asked for.
func (f Filter) describeEgress() string {
	if f.egressPattern() == nil {
		return ""
	}
	return " and its egress bucket " + strings.Join([]string{f.PIT, egressRole, "<account>", "<region>"}, "-")
}
