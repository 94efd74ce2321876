package closeout

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/sce-dev/sce/internal/awsarn"
	"github.com/sce-dev/sce/internal/english"
	"github.com/sce-dev/sce/sce"
)

// keyPendingDeletion is the KMS key state a closed-out project may leave.
const keyPendingDeletion = "PendingDeletion"

// Check is one search for leftovers and what it found.
type Check struct {
	// Name says what was searched.
	Name string `json:"name"`
	// Found lists what is left (empty when the check passed).
	Found []string `json:"found"`
	// At is when the search ran.
	At time.Time `json:"at"`
}

// TraceResult is the proof that nothing of the project is left.
type TraceResult struct {
	// Account and Region are where the searches looked: the account of the
	// operator's identity (its ARN), the region of the AWS clients.
	Account string `json:"account"`
	Region  string `json:"region"`
	// At is when the KMS key and the kept traces were looked up.
	At time.Time `json:"at"`
	// Checks are the searches, in order.
	Checks []Check `json:"checks"`
	// KeyState is the project KMS key's state and DeletionDate when it is
	// pending deletion.
	KeyState     string    `json:"keyState"`
	DeletionDate time.Time `json:"deletionDate,omitzero"`
	// Kept are the traces the project keeps on purpose: recovery points
	// the vault lock holds, the vault, the warehouse's final snapshot.
	Kept []Kept `json:"kept"`
	// Notes say what was looked for and found gone (the vault, the final snapshot).
	Notes []string `json:"notes,omitempty"`
	// WithParent counts by type the stack's recorded resources no search
	// sees that exist only as long as a resource a search accounts for
	// (see coverage): a bucket's settings, a role's policy attachments.
	WithParent map[string]int `json:"withParent"`
	// NotChecked counts by type the other recorded resources no search
	// can see (see coverage): the check's blind spots, for this stack.
	NotChecked map[string]int `json:"notChecked"`
}

// Leftovers lists everything the checks found.
func (t TraceResult) Leftovers() []string {
	var out []string
	for _, c := range t.Checks {
		out = append(out, c.Found...)
	}
	return out
}

// noTrace searches the account for anything of the project: resources
// tagged sce:pit=<pit>, log groups, network interfaces, Elastic IPs and
// buckets. The KMS key may only be pending deletion. Backup recovery points
// (the vault lock keeps them) and the warehouse's final snapshot are
// expected traces: listed as kept, with until when, never as left behind;
// anything wrong with them (another key, an empty vault, a snapshot missing
// or not deleted as chosen) is a leftover.
func (r *runner) noTrace(ctx context.Context) (string, error) {
	o := r.st.Outputs
	t := TraceResult{Account: awsarn.Account(r.caller), Region: r.env.Region, At: r.env.Now()}
	t.WithParent, t.NotChecked = coverage(r.st.Existed)
	if err := projectPlace(o.KMSKeyArn, t.Account, t.Region); err != nil {
		return "", err
	}
	var err error
	t.KeyState, t.DeletionDate, err = r.env.Inspector.KeyState(ctx, o.KMSKeyArn)
	if err != nil {
		return "", fmt.Errorf("KMS key state: %w", err)
	}
	kept, err := r.retained(ctx, t.KeyState, t.DeletionDate)
	if err != nil {
		return "", err
	}
	t.Kept, t.Notes = nonNilKept(kept.kept), kept.notes
	for _, s := range r.searches(ctx, t.KeyState, kept) {
		at := r.env.Now()
		found, err := s.find()
		if err != nil {
			return "", fmt.Errorf("%s: %w", s.name, err)
		}
		t.Checks = append(t.Checks, Check{Name: s.name, Found: nonNil(found), At: at})
	}
	r.st.Trace = t
	if left := t.Leftovers(); len(left) > 0 {
		return "", fmt.Errorf("%s of project %s %s left: %s (some APIs lag a few minutes behind deletions: run close-out again to recheck)",
			english.Plural(len(left), "thing"), o.PIT, english.IsAre(len(left)), strings.Join(left, "; "))
	}
	return fmt.Sprintf("nothing left behind in account %s, region %s; %s; KMS key %s; %s",
		orUnknown(t.Account), orUnknown(t.Region), keptSummary(t.Kept), keySummary(t), notCheckedSummary(t.NotChecked)), nil
}

// projectPlace refuses (ErrRefused, as preflight's checkRegion does) to
// search an account or a region other than the project's, as its key ARN
// names them: finding nothing there would prove nothing. An account or
// region not known is not compared.
func projectPlace(keyArn, account, region string) error {
	key, err := arn.Parse(keyArn)
	if err != nil {
		return fmt.Errorf("the project key %q is not an ARN: cannot tell which account and region to search", keyArn)
	}
	if account != "" && key.AccountID != account {
		return fmt.Errorf("%w: the searches would look in account %s, the operator's, but the project is in account %s (its key %s): "+
			"run close-out again with credentials of account %s", ErrRefused, account, key.AccountID, keyArn, key.AccountID)
	}
	if region != "" && key.Region != region {
		return fmt.Errorf("%w: the searches would look in region %s, but the project is in region %s (its key %s): "+
			"set aws:region in the stack's file to %s, the region the project is deployed in (AWS_REGION when it has none), "+
			"and run close-out again", ErrRefused, region, key.Region, keyArn, key.Region)
	}
	return nil
}

// notCheckedSummary counts the resources no search can see.
func notCheckedSummary(counts map[string]int) string {
	n := total(counts)
	if n == 0 {
		return "every recorded resource was looked for"
	}
	return fmt.Sprintf("%s of %s not looked for (the report lists %s under Not checked)",
		english.Plural(n, "recorded resource"), english.Plural(len(counts), "type"), english.Agree(n, "it", "them"))
}

// keptSummary counts the kept traces by kind.
func keptSummary(kept []Kept) string {
	if len(kept) == 0 {
		return "nothing kept"
	}
	counts := map[string]int{}
	var kinds []string
	for _, k := range kept {
		if counts[k.Kind] == 0 {
			kinds = append(kinds, k.Kind)
		}
		counts[k.Kind]++
	}
	var parts []string
	for _, k := range kinds {
		parts = append(parts, english.Plural(counts[k], k))
	}
	return "kept on purpose: " + strings.Join(parts, ", ")
}

func nonNilKept(k []Kept) []Kept {
	if k == nil {
		return []Kept{}
	}
	return k
}

// search is one look for leftovers.
type search struct {
	name string
	find func() ([]string, error)
}

// searches are the looks for leftovers, in the report's order.
func (r *runner) searches(ctx context.Context, keyState string, kept retainedCheck) []search {
	o, in := r.st.Outputs, r.env.Inspector
	all := []search{
		{"resources tagged " + sce.TagPIT + "=" + o.PIT + " (Resource Groups Tagging API), besides what is kept on purpose",
			func() ([]string, error) { return r.taggedLeftovers(ctx, keyState, kept.arns()) }},
		{"backup recovery points, the warehouse's final snapshot and the KMS key " + o.KMSKeyArn, func() ([]string, error) { return kept.left, nil }},
		{"log groups /sce/" + o.PIT + "/", func() ([]string, error) { return in.LogGroups(ctx, "/sce/"+o.PIT+"/") }},
		{"network interfaces of " + orNone(o.VPCID), func() ([]string, error) { return in.NetworkInterfaces(ctx, o.VPCID, o.PIT) }},
		{"Elastic IPs", func() ([]string, error) { return in.ElasticIPs(ctx, o.PIT, o.publicIPs()) }},
		{"project buckets and their replicas", func() ([]string, error) { return r.bucketLeftovers(ctx) }},
	}
	if others := r.otherLogGroups(); len(others) > 0 {
		s := search{"the stack's log groups outside /sce/" + o.PIT + "/ (" + strings.Join(others, ", ") + ")",
			func() ([]string, error) { return r.logGroupsLeft(ctx, others) }}
		all = slices.Insert(all, 3, s)
	}
	if entities := iamEntities(r.st.Existed); len(entities) > 0 {
		all = append(all, search{iamSearchName(entities), func() ([]string, error) { return in.IAMEntities(ctx, entities) }})
	}
	return all
}

// otherLogGroups are the log groups the stack's state recorded outside
// /sce/<pit>/ (the warehouse's), which the prefix search does not see.
func (r *runner) otherLogGroups() []string {
	groups, _ := logGroupNames(r.st.Existed)
	return slices.DeleteFunc(groups, func(g string) bool { return strings.HasPrefix(g, "/sce/"+r.st.Outputs.PIT+"/") })
}

// logGroupsLeft are those of groups that still exist.
func (r *runner) logGroupsLeft(ctx context.Context, groups []string) ([]string, error) {
	var out []string
	for _, g := range groups {
		found, err := r.env.Inspector.LogGroups(ctx, g)
		if err != nil {
			return nil, err
		}
		if slices.Contains(found, "log group "+g) {
			out = append(out, "log group "+g)
		}
	}
	return out, nil
}

// taggedLeftovers are the tagged resources, except the KMS key when it is
// pending deletion (checked on its own) and the traces kept on purpose
// (recovery points, the vault, the final snapshot: accounted for apart).
func (r *runner) taggedLeftovers(ctx context.Context, keyState string, kept map[string]bool) ([]string, error) {
	arns, err := r.env.Inspector.TaggedResources(ctx, r.st.Outputs.PIT)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, arn := range arns {
		if arn == r.st.Outputs.KMSKeyArn && (keyState == keyPendingDeletion || keyState == "") || kept[arn] {
			continue
		}
		out = append(out, arn)
	}
	return out, nil
}

// bucketLeftovers are the project buckets and their replicas that still
// exist. No replica of a project bucket is retained: the archive (a bucket
// of the account baseline, with its own replica) keeps the project's data.
func (r *runner) bucketLeftovers(ctx context.Context) ([]string, error) {
	var out []string
	for _, role := range sce.BucketRoles() {
		source := r.st.Outputs.bucket(role)
		for _, name := range []string{source, sce.ReplicaBucketName(source)} {
			_, err := r.env.S3.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(name)})
			switch {
			case isNotFound(err):
			case err != nil:
				return nil, fmt.Errorf("bucket %s: %w", name, err)
			default:
				out = append(out, "bucket "+name)
			}
		}
	}
	return out, nil
}

func keySummary(t TraceResult) string {
	switch t.KeyState {
	case "":
		return "deleted"
	case keyPendingDeletion:
		return "pending deletion until " + t.DeletionDate.UTC().Format(time.DateOnly)
	}
	return strings.ToLower(t.KeyState) + ", kept for what it encrypts (see Kept on purpose)"
}

func orNone(s string) string {
	if s == "" {
		return "the VPC (unknown)"
	}
	return s
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
