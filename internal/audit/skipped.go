package audit

import (
	"fmt"
	"strings"

	"github.com/sce-dev/sce/internal/english"
)

// A file of a source that is neither a CloudTrail log file nor a digest
// file (a log renamed .json.gz.bak, an Insights file, a flow log) is not
// read. It is counted, and the first maxNamedSkipped are named with the
// reason, so that a log file renamed by mistake is seen; a source of many
// other files keeps a bounded report.

// maxNamedSkipped is how many skipped files a report names; it counts
// the others.
const maxNamedSkipped = 20

// skip counts a file that is not read, and names it while fewer than
// maxNamedSkipped are named.
func (r *Report) skip(f file) {
	r.OtherFiles++
	if len(r.Skipped) < maxNamedSkipped {
		r.Skipped = append(r.Skipped, Finding{File: f.name, Detail: skippedDetail(f.base())})
		return
	}
	r.SkippedNotNamed++
}

// skippedDetail says why a file with this name is not read.
func skippedDetail(base string) string {
	if !strings.HasSuffix(base, ".json.gz") {
		return "not read: not a CloudTrail log or digest file (its name does not end in .json.gz)"
	}
	return "not read: not a CloudTrail log or digest file (its name has neither _CloudTrail_ nor _CloudTrail-Digest_)"
}

// skippedLines name the files not read, one a line ("file: why"), and
// how many more were not named.
func (r *Report) skippedLines() []string {
	out := make([]string, 0, len(r.Skipped)+1)
	for _, f := range r.Skipped {
		out = append(out, f.File+": "+f.Detail)
	}
	if r.SkippedNotNamed > 0 {
		out = append(out, fmt.Sprintf("and %d more %s not named (a report names the first %d)",
			r.SkippedNotNamed, english.Agree(r.SkippedNotNamed, "file", "files"), maxNamedSkipped))
	}
	return out
}
