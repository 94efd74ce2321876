package egress

import (
	"context"
	"fmt"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Statuses of a request in its history.
const (
	StatusPending    = "pending"
	StatusApproved   = "approved"
	StatusIncomplete = "approved, copy incomplete"
	StatusRejected   = "rejected"
)

// Entry is one request in the project's history.
type Entry struct {
	// Manifest is the request (from the decision when the output bucket no
	// longer has it).
	Manifest Manifest
	// Decision and Receipt are nil until they are written.
	Decision *Decision
	Receipt  *Receipt
}

// Status is where the request is.
func (e Entry) Status() string {
	switch {
	case e.Decision == nil:
		return StatusPending
	case e.Decision.Decision == Rejected:
		return StatusRejected
	case e.Receipt == nil:
		return StatusIncomplete
	}
	return StatusApproved
}

// History is every request of the project, oldest first, with its
// decision and receipt: the manifests in the output bucket and the
// decisions in the logs bucket (which keep their manifest).
func History(ctx context.Context, env Env) ([]Entry, error) {
	p := env.Project
	byID := map[string]*Entry{}
	ids, err := listIDs(ctx, env.S3, p.Output, RequestsPrefix)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		e := &Entry{}
		_, found, err := getJSON(ctx, env.S3, p.Output, requestKey(id), &e.Manifest)
		if err != nil {
			return nil, err
		}
		if !found { // deleted since it was listed
			continue
		}
		if m := e.Manifest; m.ID != id || m.PIT != p.PIT || m.Bucket != p.Output {
			return nil, refused("s3://%s/%s names request %q of project %q in bucket %q: it is not this request's manifest; "+
				"find out who wrote it", p.Output, requestKey(id), m.ID, m.PIT, m.Bucket)
		}
		byID[id] = e
	}
	decided, err := listIDs(ctx, env.S3, p.Logs, DecisionsPrefix)
	if err != nil {
		return nil, err
	}
	for _, id := range decided {
		if err := addDecision(ctx, env, byID, id); err != nil {
			return nil, err
		}
	}
	out := make([]Entry, 0, len(byID))
	for _, e := range byID {
		out = append(out, *e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Manifest.ID < out[j].Manifest.ID })
	return out, nil
}

// Pending is the requests that wait for a decision, oldest first.
func Pending(ctx context.Context, env Env) ([]Entry, error) {
	all, err := History(ctx, env)
	if err != nil {
		return nil, err
	}
	var out []Entry
	for _, e := range all {
		if e.Status() == StatusPending {
			out = append(out, e)
		}
	}
	return out, nil
}

// addDecision reads a decision and its receipt into the history.
func addDecision(ctx context.Context, env Env, byID map[string]*Entry, id string) error {
	var d Decision
	_, found, err := getJSON(ctx, env.S3, env.Project.Logs, decisionKey(id), &d)
	if err != nil {
		return err
	}
	if !found { // deleted since it was listed: no decision to show
		return nil
	}
	e := byID[id]
	if e == nil {
		e = &Entry{Manifest: d.Manifest}
		byID[id] = e
	}
	e.Decision = &d
	var rc Receipt
	_, found, err = getJSON(ctx, env.S3, env.Project.Logs, receiptKey(id), &rc)
	if err != nil {
		return err
	}
	if found {
		e.Receipt = &rc
	}
	return nil
}

// listIDs lists the request IDs of the documents under prefix.
func listIDs(ctx context.Context, c S3API, bucket, prefix string) ([]string, error) {
	var ids []string
	in := &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix)}
	for {
		page, err := c.ListObjectsV2(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("list s3://%s/%s: %w", bucket, prefix, err)
		}
		for _, o := range page.Contents {
			if id := idOf(prefix, aws.ToString(o.Key)); id != "" {
				ids = append(ids, id)
			}
		}
		if !aws.ToBool(page.IsTruncated) {
			return ids, nil
		}
		in.ContinuationToken = page.NextContinuationToken
	}
}
