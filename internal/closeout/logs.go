package closeout

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/english"
)

// The project's CloudWatch log groups (the bastion's logins and per-user
// commands, CloudTrail, DNS queries, flow logs, the warehouse's logs) are
// deleted by pulumi destroy: the archive step exports every event of each
// log group the stack's state records into the archive, one gzipped JSON
// Lines object per group, before anything is unprotected.

// LogsAPI is the part of the CloudWatch Logs client close-out uses to read
// a log group's events; NewAWSLogs makes the real one.
type LogsAPI interface {
	FilterLogEvents(ctx context.Context, in *cloudwatchlogs.FilterLogEventsInput,
		opts ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.FilterLogEventsOutput, error)
}

// logsMaxAttempts is how many times the CloudWatch Logs reader asks for one
// page before the export fails: a large group is read page after page, and
// FilterLogEvents is throttled per account, so the SDK's default of three
// attempts would fail the step on a busy account, and the whole group would
// be read again on the rerun.
const logsMaxAttempts = 10

// NewAWSLogs makes the CloudWatch Logs reader from an AWS configuration,
// with logsMaxAttempts attempts at each page.
func NewAWSLogs(cfg aws.Config) LogsAPI {
	client := cloudwatchlogs.NewFromConfig(cfg, func(o *cloudwatchlogs.Options) { o.RetryMaxAttempts = logsMaxAttempts })
	return filterLogEvents(client.FilterLogEvents)
}

// logsRole names the log group exports in the archive layout and the
// manifest, as a bucket role names a bucket's copies.
const logsRole = "cloudwatch-logs"

// logsCheck is what an export's read is checked against, for the manifest:
// CloudWatch Logs keeps no checksum of a log group.
const logsCheck = "none (CloudWatch Logs has no checksum)"

// logExportSuffix ends the archive key of a log group's export.
const logExportSuffix = ".jsonl.gz"

// LogGroupExport is one log group exported into the archive.
type LogGroupExport struct {
	// Name is the log group; Key the archive object holding its events.
	Name string `json:"name"`
	Key  string `json:"key"`
	// Events is how many events were exported (0: the group was empty);
	// Bytes the size of the gzipped export.
	Events int64 `json:"events"`
	Bytes  int64 `json:"bytes"`
	// Until is the end of the export: events logged later are not in it.
	Until string `json:"until"`
}

// logEvent is one line of an export.
type logEvent struct {
	Stream        string `json:"logStreamName"`
	Timestamp     int64  `json:"timestamp"`
	IngestionTime int64  `json:"ingestionTime"`
	EventID       string `json:"eventId"`
	Message       string `json:"message"`
}

// logGroupNames are the names of the log groups among a stack's resources,
// in state order; a log group without a name refuses the export.
func logGroupNames(res []Resource) ([]string, error) {
	var names []string
	for _, r := range res {
		if r.Type != awstype.CloudWatchLogGroup {
			continue
		}
		if r.ID == "" {
			return nil, fmt.Errorf("the stack's state records the log group %s without its name (no ID): "+
				"run `pulumi refresh` on the stack, then close-out again", r.URN)
		}
		names = append(names, r.ID)
	}
	return names, nil
}

// logGroups are the log groups preflight found in the stack's state, once
// it is sure they can be read.
func (r *runner) logGroups() ([]string, error) {
	groups, err := logGroupNames(r.st.Existed)
	if err != nil {
		return nil, err
	}
	if len(groups) > 0 && r.env.Logs == nil {
		return nil, errors.New("close-out needs CloudWatch Logs (Env.Logs) to archive the stack's log groups")
	}
	return groups, nil
}

// logKey is the archive key of a log group's export:
// objects/<pit>/<instance>/cloudwatch-logs/<group, without its leading />.jsonl.gz.
func (l layout) logKey(group string) string {
	return l.archiveKey(logsRole, strings.TrimPrefix(group, "/")+logExportSuffix)
}

// archiveLogs exports each of the stack's log groups not exported yet, and
// records every export in the state.
func (r *runner) archiveLogs(ctx context.Context) (int, error) {
	groups, err := r.logGroups()
	if err != nil {
		return 0, err
	}
	exported := 0
	for _, g := range groups {
		if _, ok := r.journal.latest(r.st.layout().logKey(g)); ok {
			continue
		}
		e, err := r.exportGroup(ctx, g, "")
		if err != nil {
			return exported, err
		}
		if err := r.journal.add(e); err != nil {
			return exported, err
		}
		exported++
	}
	r.st.Archive.LogGroups = r.logExports(groups)
	return exported, nil
}

// logExports are the journal's current exports of groups, in their order.
func (r *runner) logExports(groups []string) []LogGroupExport {
	out := []LogGroupExport{}
	for _, g := range groups {
		if e, ok := r.journal.latest(r.st.layout().logKey(g)); ok {
			out = append(out, LogGroupExport{Name: g, Key: e.Key, Events: aws.ToInt64(e.Events), Bytes: e.Size,
				Until: strings.TrimSuffix(strings.TrimPrefix(e.SourceVersionID, logsUntil), logsFinal)})
		}
	}
	return out
}

// logsUntil starts an export's source version: the end of the export;
// logsFinal ends the source version of the export made right before the
// destroy.
const (
	logsUntil = "events until "
	logsFinal = ", before the destroy"
)

// finalLogExports exports again, right before the first destroy, each log
// group whose current export was made before it (by the archive step),
// so that what the groups logged while the buckets were emptied is
// archived too; the earlier export stays, as a superseded copy. The new
// exports are verified and the manifest rewritten before anything is
// destroyed.
func (r *runner) finalLogExports(ctx context.Context) error {
	groups, err := r.logGroups()
	if err != nil || len(groups) == 0 {
		return err
	}
	for _, g := range groups {
		if e, ok := r.journal.latest(r.st.layout().logKey(g)); ok && strings.HasSuffix(e.SourceVersionID, logsFinal) {
			continue
		}
		e, err := r.exportGroup(ctx, g, logsFinal)
		if err != nil {
			return err
		}
		if err := r.journal.add(e); err != nil {
			return err
		}
	}
	if err := r.verifyPending(ctx); err != nil {
		return err
	}
	if err := r.publishIfChanged(ctx); err != nil {
		return err
	}
	r.st.Archive.LogGroups = r.logExports(groups)
	return nil
}

// exportGroup streams every event of a log group, from its first to now,
// gzipped, into the archive, and returns the export's manifest entry; its
// source version says until when, followed by suffix.
func (r *runner) exportGroup(ctx context.Context, group, suffix string) (Entry, error) {
	c := r.archiverFor().copier
	until := r.env.Now().UTC()
	version := logsUntil + until.Format(time.RFC3339Nano) + suffix
	pr, pw := io.Pipe()
	events := make(chan int64, 1)
	go func() {
		n, err := writeEvents(ctx, r.env.Logs, group, until, pw)
		events <- n
		pw.CloseWithError(err)
	}()
	k := newChecker(sourceCheck{method: logsCheck})
	key := r.st.layout().logKey(group)
	up := &upload{key: key, body: io.TeeReader(pr, k), check: k, verify: func() error { return nil },
		meta: map[string]string{metaPIT: r.st.Outputs.PIT, metaRole: logsRole, metaVersion: version, metaLogGroup: group}}
	e, err := c.putStream(ctx, up)
	pr.CloseWithError(errExportStopped)
	n := <-events
	if err != nil {
		return Entry{}, fmt.Errorf("export log group %s to s3://%s/%s: %w", group, c.bucket, key, err)
	}
	e.Role, e.SourceKey, e.SourceVersionID, e.SourceCheck, e.Key = logsRole, group, version, logsCheck, key
	e.Size, e.SHA256, e.Events, e.ArchivedAt = k.n, k.hexSHA256(), aws.Int64(n), c.now().UTC()
	r.logf("exported log group %s: %s, %s", group, english.Plural(n, "event"), english.Plural(k.n, "byte"))
	return e, nil
}

// errExportStopped stops an export's reader when its upload failed.
var errExportStopped = errors.New("the upload of the export stopped")

// metaLogGroup names the log group on its export.
const metaLogGroup = "sce-log-group"

// writeEvents writes every event of a log group up to until, oldest first,
// as gzipped JSON lines, and returns how many it wrote.
func writeEvents(ctx context.Context, client LogsAPI, group string, until time.Time, w io.Writer) (int64, error) {
	zw := gzip.NewWriter(w)
	enc := json.NewEncoder(zw)
	enc.SetEscapeHTML(false)
	var n int64
	p := cloudwatchlogs.NewFilterLogEventsPaginator(client, &cloudwatchlogs.FilterLogEventsInput{
		LogGroupName: aws.String(group), EndTime: aws.Int64(until.UnixMilli()), StartFromHead: aws.Bool(true),
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return n, fmt.Errorf("read the events of log group %s (CloudWatch Logs FilterLogEvents): %w", group, err)
		}
		for _, ev := range page.Events {
			if err := enc.Encode(logEvent{Stream: aws.ToString(ev.LogStreamName), Timestamp: aws.ToInt64(ev.Timestamp),
				IngestionTime: aws.ToInt64(ev.IngestionTime), EventID: aws.ToString(ev.EventId), Message: aws.ToString(ev.Message)}); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, zw.Close()
}

// logEventSummary counts the exported groups' events.
func logEventSummary(groups []LogGroupExport) string {
	var n int64
	empty := 0
	for _, g := range groups {
		n += g.Events
		if g.Events == 0 {
			empty++
		}
	}
	return fmt.Sprintf("%s in %s archived, %d empty", english.Plural(n, "event"), english.Plural(len(groups), "log group"), empty)
}
