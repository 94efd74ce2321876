// Package audit reads CloudTrail log files from a folder or from S3 and
// reports who did what to a project's PHI objects: the S3 data events, per
// event, per object and per principal. With Verify it checks the log files
// against CloudTrail's digest files. Files are streamed, several at once; a
// malformed or truncated file is named in the report, never fatal. Memory
// holds the summaries; the events themselves go to temporary files once
// there are many, and are merged back in time order when the report is
// written.
package audit

import (
	"cmp"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"iter"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/sce-dev/sce/internal/english"
)

// Options configure Run.
type Options struct {
	// Sources are folders or s3://bucket/prefix addresses.
	Sources []string
	// Filter selects the events.
	Filter Filter
	// Verify checks the log files against the digest files.
	Verify bool
	// Workers is how many files are read at once; 0 means one per CPU.
	Workers int
	// S3 reads s3:// sources; nil when there is no AWS access.
	S3 S3API
	// Keys checks the digests' signatures; nil offline.
	Keys PublicKeys
	// Progress, when set, is called after each file.
	Progress func(Progress)
	// Generated is when the report is made, and Build the build of sce
	// that makes it (buildinfo.Info.Line): the report states both, and
	// Run refuses Options without them.
	Generated time.Time
	Build     string
	// TempDir is where the events are spilled when they are many; "" means
	// the system's temporary folder.
	TempDir string

	// memoryEvents, when set, is how many events are held in memory before
	// a spill (tests spill small reports with it).
	memoryEvents int
	// careful, when set, reads every file the careful way, with
	// encoding/json (tests compare both ways with it).
	careful bool
}

// Progress is how far a Run is.
type Progress struct {
	// Files is how many files are done out of Total.
	Files, Total int
	// Records is how many log records were read.
	Records int64
}

// Report is the result of a Run.
type Report struct {
	// Sources are the sources read.
	Sources []string `json:"sources"`
	// Filter is the filter applied.
	Filter Filter `json:"filter"`
	// LogFiles, DigestFiles and OtherFiles count the files by kind; other
	// files (flow logs, Insights, a log renamed .bak) are skipped, and
	// named in Skipped.
	LogFiles    int `json:"logFiles"`
	DigestFiles int `json:"digestFiles"`
	OtherFiles  int `json:"otherFiles"`
	// Records counts the log records read.
	Records int64 `json:"records"`
	// Malformed are the log files that are malformed or truncated.
	Malformed []Finding `json:"malformed"`
	// Duplicates are the files not read because they were read already:
	// the same file reached through two sources, or a log or digest file
	// with the same bytes as another (a copy; with Verify, also a digest
	// with the same content compressed again). LogFiles, DigestFiles, OtherFiles
	// and every count of the report count each once.
	Duplicates []Finding `json:"duplicates"`
	// Verification is set when Verify was asked.
	Verification *Verification `json:"verification,omitempty"`
	// BucketsNotFound names each bucket the filter asks for that no S3
	// data event of the logs is on, at any time (a project's buckets as
	// the pattern "<pit>-data-in-<account>-<region>", when none of them
	// is): a mistyped PIT or bucket reads as no access at all otherwise.
	BucketsNotFound []string `json:"bucketsNotFound,omitempty"`
	// NearestBuckets gives, for a bucket named that is not found, the
	// closest bucket name seen in the logs, when one is close.
	NearestBuckets map[string]string `json:"nearestBuckets,omitempty"`
	// FilterWarnings say when the principal or the key prefix asked for
	// matched no event on the buckets searched in the window, with the
	// principals or prefixes seen there.
	FilterWarnings []string `json:"filterWarnings,omitempty"`
	// OutsideWindow says, when the window given by --since or --until lies
	// wholly before or wholly after the time the log files read cover,
	// what that time is: from an hour before the earliest delivery time in
	// a log file's name to the end of the latest's minute (for a file
	// named otherwise, the times of its records), widened to the S3 data
	// events read. A window inside that time that holds no event (an idle
	// month, the hours between two events) is not flagged: no access in it
	// is the answer.
	OutsideWindow string `json:"outsideWindow,omitempty"`
	// Replication counts, per principal, the selected S3 data events of
	// the project's replication role: S3 copying object versions between
	// the buckets and their replicas, which are not among the events and
	// summaries of people's access. Without a PIT the role is not known
	// and nothing is checked: nil (absent from JSON); with one and
	// without any replication, empty (JSON []).
	Replication []ReplicationSummary `json:"replication,omitzero"`
	// Generated is when the report was made (UTC, to the second), and
	// Build the build of sce that made it.
	Generated time.Time `json:"generated"`
	Build     string    `json:"build"`
	// LogsCover is the time the log files read cover, as OutsideWindow
	// tells it; nil when no log file named a delivery time and no record
	// had a time.
	LogsCover *Span `json:"logsCover"`
	// WindowNotCovered are the parts of the window given by --since and
	// --until outside LogsCover (the whole window when both bounds are
	// given and it lies wholly outside): no event of them can be in the
	// report. An open bound ends the window where the logs do, so a window
	// with only --since after the logs (or only --until before them) has
	// no such part to name: OutsideWindow says it lies outside. Empty, not
	// nil. The hours inside LogsCover are checked only by Verify.
	WindowNotCovered []Span `json:"windowNotCovered"`
	// Skipped names the first maxNamedSkipped of the OtherFiles, with why
	// each is not read; SkippedNotNamed counts the others.
	Skipped         []Finding `json:"skipped"`
	SkippedNotNamed int       `json:"skippedNotNamed"`

	store *store
	log   *eventLog
	agg   *aggregates
	// replication is Replication as the files are merged.
	replication replicationTally
	// copies are the log files read whose content may have a copy, by
	// their SHA-256 as stored; copied marks the log files dropped as copies.
	copies map[[sha256.Size]byte]int
	copied []bool
	// digestCopies are the digest files left out as byte-identical
	// copies (and the digest each copies), named among the duplicates
	// after the log files.
	digestCopies []leftOut
	// sameFiles are the files left out as reached twice: the first
	// len(sameFiles) duplicates. copyOf names, for each file left out as
	// a copy, the file read instead.
	sameFiles []leftOut
	copyOf    map[string]string
	// seen is what the filters were checked against, in every file.
	seen seen
}

// Len is the number of events in the report.
func (r *Report) Len() int { return r.log.count }

// Events yields the events in time order; it stops at the first error
// reading them back from disk, which it yields with a zero Event.
func (r *Report) Events() iter.Seq2[Event, error] {
	return func(yield func(Event, error) bool) {
		stopped := errors.New("stopped")
		err := r.log.each(func(c compactEvent) error {
			if !yield(r.store.event(c), nil) {
				return stopped
			}
			return nil
		})
		if err != nil && !errors.Is(err, stopped) {
			yield(Event{}, err)
		}
	}
}

// Close removes the report's temporary files. The events cannot be read
// after it; the summaries can.
func (r *Report) Close() error { return r.log.close() }

// Run reads every source and builds the report; Close it when done. A
// source that does not exist or holds no CloudTrail file, or sources
// without any log file, are a *SourceError: the wrong folder or prefix was
// given. Sources with the digests of two trails of an account in a region
// are a *MixedTrailsError.
func Run(ctx context.Context, opts Options) (*Report, error) {
	if opts.Workers < 0 {
		return nil, fmt.Errorf("audit: Workers is %d: give 1 or more files to read at once, or 0 for one per CPU", opts.Workers)
	}
	if err := opts.checkProvenance(); err != nil {
		return nil, err
	}
	rep := &Report{Sources: opts.Sources, Filter: opts.Filter, Malformed: []Finding{}, Duplicates: []Finding{},
		Generated: generatedNow(opts.Generated), Build: opts.Build, WindowNotCovered: []Span{}, Skipped: []Finding{},
		store: &store{syms: newSymbols()}, log: newEventLog(opts.TempDir, opts.memoryEvents), agg: newAggregates(),
		copies: map[[sha256.Size]byte]int{}}
	logs, digests, err := rep.list(ctx, opts)
	if err != nil {
		return nil, err
	}
	if len(logs) == 0 {
		return nil, &SourceError{Source: strings.Join(opts.Sources, ", "),
			Problem: "no CloudTrail log file found, only " + english.Plural(len(digests), "digest file")}
	}
	if err := checkOneTrail(digests); err != nil {
		return nil, err
	}
	sortFiles(logs)
	sortFiles(digests)
	if digests, rep.digestCopies, err = dropCopiedDigestFiles(ctx, workers(opts.Workers), digests); err != nil {
		return nil, err
	}
	markPossibleCopies(logs)
	rep.copied = make([]bool, len(logs))
	rep.LogFiles, rep.DigestFiles = len(logs), len(digests)
	for _, f := range logs {
		rep.store.files = append(rep.store.files, f.name)
	}
	if !opts.Verify {
		digests = nil
	}
	if err := rep.read(ctx, opts, logs, digests); err != nil {
		rep.Close()
		return nil, err
	}
	rep.nameTheFilesRead()
	return rep, nil
}

// list lists the files of every source, each file once (the others are
// among the duplicates), and sorts them by kind, counting the other files.
func (r *Report) list(ctx context.Context, opts Options) (logs, digests []file, err error) {
	var all []file
	for i, src := range opts.Sources {
		files, err := listKinds(ctx, src, opts.S3)
		if err != nil {
			return nil, nil, err
		}
		for j := range files {
			files[j].source = i
		}
		all = append(all, files...)
	}
	all, r.sameFiles = dropSameFiles(all)
	for _, s := range r.sameFiles {
		r.Duplicates = append(r.Duplicates, Finding{File: s.name, Detail: sameFileDetail(s, "")})
	}
	for _, f := range all {
		switch f.kind {
		case kindLog:
			logs = append(logs, f)
		case kindDigest:
			digests = append(digests, f)
		default:
			r.skip(f)
		}
	}
	return logs, digests, nil
}

// listKinds lists one source's files; a source without a log or digest
// file is a *SourceError.
func listKinds(ctx context.Context, src string, client S3API) ([]file, error) {
	files, err := listSource(ctx, src, client)
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		if f.kind != kindOther {
			return files, nil
		}
	}
	problem := "no CloudTrail log file found: it holds no files"
	if len(files) > 0 {
		problem = "no CloudTrail log file found among its " + english.Plural(len(files), "file")
	}
	return nil, &SourceError{Source: src, Problem: problem}
}

// sortFiles orders files by source, in the order given, then by name: of
// two copies of a file, the one in the source given first is read.
func sortFiles(fs []file) {
	slices.SortFunc(fs, func(a, b file) int { return cmp.Or(cmp.Compare(a.source, b.source), strings.Compare(a.name, b.name)) })
}

// read reads the log files (and digests) in parallel and merges the results.
func (r *Report) read(ctx context.Context, opts Options, logs, digestFiles []file) error {
	m := opts.Filter.compile()
	total := len(logs) + len(digestFiles)
	tracker := &progressTracker{total: total, report: opts.Progress}
	results := make([]logResult, len(logs))
	files := &sync.Pool{New: func() any { return newFileEvents() }}
	newReader := func() *logReader {
		return &logReader{m: m, hashed: opts.Verify, files: files, h: recordHandler{careful: opts.careful}}
	}
	var addErr error
	err := parallel(ctx, workers(opts.Workers), len(logs), newReader, func(lr *logReader, i int) logResult {
		return lr.read(ctx, logs[i], i)
	}, func(res logResult) {
		if addErr == nil {
			addErr = r.merge(logs[res.index], res)
		}
		files.Put(res.events)
		results[res.index] = logResult{index: res.index, sha256: res.sha256, problem: res.problem}
		tracker.done(int64(res.records))
	})
	if err = cmp.Or(err, addErr); err != nil {
		return err
	}
	r.log.finish()
	r.Replication = r.replication.summaries()
	if r.Replication == nil && opts.Filter.PIT != "" {
		r.Replication = []ReplicationSummary{}
	}
	r.notFound(opts.Filter, &r.seen)
	r.filterWarnings(opts.Filter, &r.seen)
	r.outsideWindow(opts.Filter, &r.seen)
	sort.Slice(r.Malformed, func(i, j int) bool { return r.Malformed[i].File < r.Malformed[j].File })
	for _, c := range r.digestCopies {
		r.addCopy(copyFinding(c.name, c.first), c.first)
	}
	if !opts.Verify {
		return nil
	}
	return r.verify(ctx, opts, logs, results, digestFiles, tracker)
}

// merge takes in what was read from one file, unless it is a copy of a
// file taken in before (files are merged in the order of sortFiles).
func (r *Report) merge(f file, res logResult) error {
	if res.storedOK {
		if first, seen := r.copies[res.stored]; seen {
			r.addCopy(copyFinding(f.name, r.store.files[first]), r.store.files[first])
			r.copied[res.index] = true
			r.LogFiles--
			return nil
		}
		r.copies[res.stored] = res.index
	}
	r.Records += int64(res.records)
	r.seen.merge(&res.seen)
	if res.replication != nil {
		if r.replication == nil {
			r.replication = replicationTally{}
		}
		r.replication.merge(res.replication)
	}
	if res.problem != "" {
		r.Malformed = append(r.Malformed, Finding{File: f.name, Detail: res.problem})
	}
	events := r.store.globalize(res.index, res.events)
	r.agg.add(events)
	return r.log.add(events)
}

func (r *Report) verify(ctx context.Context, opts Options, logs []file, results []logResult, digestFiles []file, tracker *progressTracker) error {
	digests := make([]*digest, len(digestFiles))
	type indexed struct {
		i int
		d *digest
	}
	err := parallel(ctx, workers(opts.Workers), len(digestFiles), func() struct{} { return struct{}{} }, func(_ struct{}, i int) indexed {
		return indexed{i, readDigest(ctx, digestFiles[i])}
	}, func(x indexed) {
		tracker.done(0)
		digests[x.i] = x.d
	})
	if err != nil {
		return err
	}
	// Copies of log files stay: each is a file that a digest may list.
	digests = r.dropCopiedDigests(digests)
	c := &verifier{v: newVerification(), logs: logs, results: results, digests: digests, sources: opts.Sources}
	c.run(Window{From: opts.Filter.Since, To: opts.Filter.Until})
	if err := c.checkSignatures(ctx, opts.Keys); err != nil {
		return err
	}
	if c.v.status() == ConsistentStatus {
		c.v.Status = ConsistentStatus
	}
	r.Verification = c.v
	return nil
}

// dropCopiedDigests leaves out the digests with the same content as one
// before them (in the order of sortFiles), naming them among the
// duplicates: byte-identical copies were left out when listing (see
// dropCopiedDigestFiles), these are digests compressed again.
func (r *Report) dropCopiedDigests(digests []*digest) []*digest {
	first := map[string]string{}
	var kept []*digest
	for _, d := range digests {
		if d.problem == "" {
			if name, seen := first[d.sha256]; seen {
				r.addCopy(Finding{File: d.file.name, Detail: "has the same content as " + name + " (SHA-256 of the digest): a copy, read once"}, name)
				r.DigestFiles--
				continue
			}
			first[d.sha256] = d.file.name
		}
		kept = append(kept, d)
	}
	return kept
}

// addCopy names a file left out as a copy of read among the duplicates.
func (r *Report) addCopy(f Finding, read string) {
	r.Duplicates = append(r.Duplicates, f)
	if r.copyOf == nil {
		r.copyOf = map[string]string{}
	}
	r.copyOf[f.File] = read
}

// nameTheFilesRead makes each file left out as reached twice name the
// file read instead, when the file it is the same as was itself left out
// as a copy.
func (r *Report) nameTheFilesRead() {
	for i, s := range r.sameFiles {
		if read, ok := r.copyOf[s.first]; ok {
			r.Duplicates[i].Detail = sameFileDetail(s, read)
		}
	}
}

func workers(n int) int {
	if n > 0 {
		return n
	}
	return runtime.GOMAXPROCS(0)
}

// parallel runs work(state, i) for i in [0, n) on up to w goroutines, each
// with its own state from newState, and hands the results to merge in the
// order of i, on the calling goroutine: whatever merge decides by order
// (which of two copies of a file counts) is the same every run. At most
// aheadPerWorker*w results wait for an earlier one, which bounds memory.
// It stops early when ctx ends.
func parallel[S, T any](ctx context.Context, w, n int, newState func() S, work func(S, int) T, merge func(T)) error {
	type result struct {
		i int
		v T
	}
	jobs := make(chan int)
	out := make(chan result)
	slots := make(chan struct{}, aheadPerWorker*w)
	var wg sync.WaitGroup
	for range min(w, n) {
		wg.Go(func() {
			state := newState()
			for i := range jobs {
				out <- result{i, work(state, i)}
			}
		})
	}
	go func() {
		defer close(jobs)
		for i := range n {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(out) }()
	waiting, next := map[int]T{}, 0
	for res := range out {
		waiting[res.i] = res.v
		for v, ok := waiting[next]; ok; v, ok = waiting[next] {
			delete(waiting, next)
			merge(v)
			next++
			<-slots
		}
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("audit interrupted: %w", err)
	}
	return nil
}

// aheadPerWorker is how many results per worker may wait for an earlier
// one to be merged.
const aheadPerWorker = 4

// progressTracker counts finished files and reports them.
type progressTracker struct {
	total   int
	files   int
	records int64
	report  func(Progress)
}

func (t *progressTracker) done(records int64) {
	t.files++
	t.records += records
	if t.report != nil {
		t.report(Progress{Files: t.files, Total: t.total, Records: t.records})
	}
}
