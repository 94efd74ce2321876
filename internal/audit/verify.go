package audit

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Finding names a file and what is wrong with it (or notable about it).
type Finding struct {
	// File is the file's path or s3:// address.
	File string `json:"file"`
	// Detail says what was found.
	Detail string `json:"detail"`
}

// Verification is the result of checking the log files against the
// CloudTrail digest files (--verify).
type Verification struct {
	// DigestFiles counts the digest files read.
	DigestFiles int `json:"digestFiles"`
	// Listed counts the log files the digests list; Verified those whose
	// SHA-256 matched: every file of that name in the sources (an
	// original and its copies) has the bytes the digest lists.
	Listed   int `json:"logFilesListed"`
	Verified int `json:"logFilesVerified"`
	// Missing are listed log files that are not in the source.
	Missing []Finding `json:"missing"`
	// Altered are log files whose content does not match their digest.
	Altered []Finding `json:"altered"`
	// Unlisted are log files no digest lists although a later digest exists.
	Unlisted []Finding `json:"unlisted"`
	// Pending are log files newer than the last digest: not yet digested.
	Pending []string `json:"pending"`
	// Chain are problems with the digest files themselves: missing,
	// altered, moved or unreadable digests.
	Chain []Finding `json:"chain"`
	// Window is the period the digests must cover, hour by hour.
	Window Window `json:"window"`
	// Gaps are the parts of the window no digest covers.
	Gaps []Gap `json:"gaps"`
	// Notes are facts about the chain that are not problems.
	Notes []string `json:"notes"`
	// Signatures says whether and how the digests' signatures were checked.
	Signatures string `json:"signatures"`
	// BadSignatures are digests whose signature did not verify.
	BadSignatures []Finding `json:"badSignatures"`
	// Status is ConsistentStatus when nothing failed but a digest's
	// signature was not checked; "" otherwise (OK tells passed from failed).
	Status string `json:"status,omitempty"`
	// unchecked counts the digests whose signature was not checked.
	unchecked int
}

// ConsistentStatus is the status of a verification where the hashes and the
// digest chain agree but signatures were not checked (offline, or a folder
// copy without the signature metadata): whoever could write the newest
// digests could have written them and the log files they list to agree.
const ConsistentStatus = "CONSISTENT (hashes and digest chain only; signatures not checked: " +
	"the newest digests and the log files they list are not authenticated)"

// status is how the verification reads: FAILED, PASSED, or
// ConsistentStatus when nothing failed but not every signature was checked.
func (v *Verification) status() string {
	switch {
	case !v.OK():
		return "FAILED"
	case v.unchecked > 0:
		return ConsistentStatus
	}
	return "PASSED"
}

// newVerification has empty (not nil) lists, so that JSON shows [].
func newVerification() *Verification {
	return &Verification{Missing: []Finding{}, Altered: []Finding{}, Unlisted: []Finding{}, Pending: []string{},
		Chain: []Finding{}, Gaps: []Gap{}, Notes: []string{}, BadSignatures: []Finding{}}
}

// OK reports whether nothing is missing, altered, unlisted, broken or
// uncovered.
func (v *Verification) OK() bool {
	return len(v.Missing)+len(v.Altered)+len(v.Unlisted)+len(v.Chain)+len(v.Gaps)+len(v.BadSignatures) == 0
}

// verifier checks log files against digests.
type verifier struct {
	v       *Verification
	logs    []file
	results []logResult
	digests []*digest
	// sources are the sources read, named when no digest is found.
	sources []string
}

func (c *verifier) run(w Window) {
	c.v.DigestFiles = len(c.digests)
	sort.SliceStable(c.digests, func(i, j int) bool { return c.digests[i].end.Before(c.digests[j].end) })
	if len(c.digests) == 0 {
		c.v.Chain = append(c.v.Chain, Finding{File: strings.Join(c.sources, ", "), Detail: "no CloudTrail digest file found " +
			"(<account>_CloudTrail-Digest_<region>_<trail>_<region>_<time>.json.gz, under AWSLogs/<account>/CloudTrail-Digest/): " +
			"turn on log file validation for the trail, and include the CloudTrail-Digest/ folder in the source"})
		if w.From.IsZero() || w.To.IsZero() {
			c.v.Notes = append(c.v.Notes, "no digest was read: where --since or --until is not given, the window of each account and region "+
				"starts at the hour of its first log file and ends with the hour of its last")
		}
	}
	c.checkChain()
	c.checkLogFiles()
	c.checkCoverage(w)
}

// checkChain follows each digest to the one before it.
func (c *verifier) checkChain() {
	byLocation := map[string]*digest{}
	first := map[string]*digest{}
	for _, d := range c.digests {
		if d.problem != "" {
			c.v.Chain = append(c.v.Chain, Finding{File: d.file.name, Detail: "digest " + d.problem})
			continue
		}
		byLocation[d.location()] = d
		if d.moved() {
			c.v.Chain = append(c.v.Chain, Finding{File: d.file.name, Detail: "digest was moved: CloudTrail wrote it to s3://" + d.location()})
		}
		if _, seen := first[d.group()]; !seen && !d.backfill() {
			first[d.group()] = d
		}
	}
	for _, d := range c.digests {
		if d.problem == "" && !d.backfill() {
			c.checkLink(d, byLocation, first[d.group()] == d)
		}
	}
}

// checkLink checks that the previous digest exists and is unchanged.
func (c *verifier) checkLink(d *digest, byLocation map[string]*digest, earliest bool) {
	prev := d.previous()
	p, found := byLocation[prev]
	switch {
	case prev == "":
		c.v.Notes = append(c.v.Notes, fmt.Sprintf("a digest chain starts at %s (the trail's first digest, or logging or validation was restarted)", d.file.name))
	case !found && earliest:
		c.v.Notes = append(c.v.Notes, fmt.Sprintf("the chain continues before the source: %s refers to s3://%s, which was not read", d.file.name, prev))
	case !found:
		c.v.Chain = append(c.v.Chain, Finding{File: "s3://" + prev, Detail: "digest is missing: " + d.file.name + " refers to it"})
	case d.PreviousHashValue == nil || *d.PreviousHashValue != p.sha256:
		c.v.Chain = append(c.v.Chain, Finding{File: p.file.name, Detail: fmt.Sprintf(
			"digest was altered: its SHA-256 is %s, the next digest %s records %s", p.sha256, d.file.name, deref(d.PreviousHashValue))})
	case p.signature != "" && d.PreviousSignature != nil && *d.PreviousSignature != p.signature:
		c.v.Chain = append(c.v.Chain, Finding{File: p.file.name, Detail: "digest signature differs from the one the next digest " + d.file.name + " records"})
	}
}

// checkLogFiles compares every listed log file with the source, and names
// the log files no digest lists. A log file's name may be in the source
// more than once (a copy beside the original, or another version of it):
// each file of that name is checked against the digest, whatever the order
// of the sources, so an altered file cannot pass beside an intact one.
func (c *verifier) checkLogFiles() {
	byBase := map[string][]int{}
	for i, f := range c.logs {
		byBase[f.base()] = append(byBase[f.base()], i)
	}
	listed := map[string]bool{}
	for _, d := range c.digests {
		for _, l := range d.LogFiles {
			c.checkListed(d, l, byBase, listed)
		}
	}
	last := c.lastDigestEnd()
	for _, f := range c.logs {
		if listed[f.base()] {
			continue
		}
		t, ok := logFileTime(f.base())
		account, region, _ := logAccountRegion(f.key)
		if end, has := last[account+" "+region]; ok && has && t.After(end) {
			c.v.Pending = append(c.v.Pending, f.name)
			continue
		}
		c.v.Unlisted = append(c.v.Unlisted, Finding{File: f.name, Detail: "no digest lists it: CloudTrail did not deliver it, or the digest that lists it is missing"})
	}
}

// checkListed checks every file of the source with the name of a log file
// a digest lists: the log file is verified when each matches the digest's
// SHA-256; each that does not is altered.
func (c *verifier) checkListed(d *digest, l listing, byBase map[string][]int, listed map[string]bool) {
	base := file{key: l.Object}.base()
	if listed[base] {
		return
	}
	listed[base] = true
	c.v.Listed++
	files, ok := byBase[base]
	if !ok {
		c.v.Missing = append(c.v.Missing, Finding{File: "s3://" + l.Bucket + "/" + l.Object, Detail: "listed in " + d.file.name + ", not in the source"})
		return
	}
	intact := true
	for _, i := range files {
		switch {
		case c.results[i].sha256 == "":
			c.v.Altered = append(c.v.Altered, Finding{File: c.logs[i].name, Detail: "cannot be checked: it " + c.results[i].problem})
			intact = false
		case c.results[i].sha256 != l.HashValue:
			c.v.Altered = append(c.v.Altered, Finding{File: c.logs[i].name, Detail: fmt.Sprintf(
				"content was altered: its SHA-256 is %s, %s lists %s", c.results[i].sha256, d.file.name, l.HashValue)})
			intact = false
		}
	}
	if intact {
		c.v.Verified++
	}
}

// lastDigestEnd is the end time of the newest digest per account and
// region ("<account> <region>"): a log file after it is not yet digested.
// Another account's digests say nothing of it.
func (c *verifier) lastDigestEnd() map[string]time.Time {
	out := map[string]time.Time{}
	for _, d := range c.digests {
		r := d.AccountID + " " + regionOfKey(d.Object, "/CloudTrail-Digest/")
		if d.end.After(out[r]) {
			out[r] = d.end
		}
	}
	return out
}

func deref(s *string) string {
	if s == nil {
		return "nothing"
	}
	return *s
}
