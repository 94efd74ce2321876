package closeout

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/sce-dev/sce/stacks"
)

// calls records, in order, what the fakes were asked to do.
type calls struct {
	mu   sync.Mutex
	list []string
}

func (c *calls) add(name string) {
	c.mu.Lock()
	c.list = append(c.list, name)
	c.mu.Unlock()
}

func (c *calls) all() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.list...)
}

func (c *calls) count(name string) int {
	n := 0
	for _, s := range c.all() {
		if s == name {
			n++
		}
	}
	return n
}

// fakeStack stands for the project's Pulumi stack. Destroy deletes the
// project buckets from the fake S3 (they must be empty, as with AWS), after
// running beforeDestroy when set; a destroyed stack has no outputs and no
// resources left, only its config.
type fakeStack struct {
	calls         *calls
	outputs       map[string]any
	config        stacks.Config
	resources     []Resource
	s3            *s3.Client
	buckets       []string
	beforeDestroy func(attempt int) error
	destroys      int
	destroyed     bool
	// unprotectErr, when set, is what Unprotect fails with.
	unprotectErr error
	// onUnprotect, when set, runs when Unprotect is called.
	onUnprotect func()
}

func (f *fakeStack) Outputs(context.Context) (map[string]any, error) {
	f.calls.add("Outputs")
	if f.destroyed {
		return map[string]any{}, nil
	}
	return f.outputs, nil
}

func (f *fakeStack) Config(context.Context) (stacks.Config, error) {
	f.calls.add("Config")
	return f.config, nil
}

func (f *fakeStack) Resources(context.Context) ([]Resource, error) {
	f.calls.add("Resources")
	if f.destroyed {
		return nil, nil
	}
	return f.resources, nil
}

func (f *fakeStack) Unprotect(context.Context) (int, error) {
	f.calls.add("Unprotect")
	if f.onUnprotect != nil {
		f.onUnprotect()
	}
	if f.unprotectErr != nil {
		return 0, f.unprotectErr
	}
	n := 0
	for _, r := range f.resources {
		if r.Protected {
			n++
		}
	}
	return n, nil
}

func (f *fakeStack) Destroy(ctx context.Context, w io.Writer) error {
	f.calls.add("Destroy")
	f.destroys++
	if f.beforeDestroy != nil {
		if err := f.beforeDestroy(f.destroys); err != nil {
			return err
		}
	}
	fmt.Fprintln(w, "Destroying (hipaa): - 42 deleted")
	for _, b := range f.buckets {
		if _, err := f.s3.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String(b)}); err != nil && !isNotFound(err) {
			return fmt.Errorf("deleting bucket %s: BucketNotEmpty: %w", b, err)
		}
	}
	f.destroyed = true
	return nil
}

// fakeInspector reports what is left in the account.
type fakeInspector struct {
	calls    *calls
	tagged   []string
	groups   []string
	keyState string
	// deletion is the key's deletion date; zero means 2026-08-01.
	deletion time.Time
	// iamLeft are the IDs of the IAM entities IAM still has; asked are
	// those the check asked about.
	iamLeft, iamAsked []string
}

func (f *fakeInspector) TaggedResources(context.Context, string) ([]string, error) {
	f.calls.add("TaggedResources")
	return f.tagged, nil
}

func (f *fakeInspector) KeyState(context.Context, string) (string, time.Time, error) {
	f.calls.add("KeyState")
	if f.deletion.IsZero() {
		return f.keyState, time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC), nil
	}
	return f.keyState, f.deletion, nil
}

func (f *fakeInspector) LogGroups(_ context.Context, prefix string) ([]string, error) {
	f.calls.add("LogGroups")
	var out []string
	for _, g := range f.groups {
		if strings.HasPrefix(strings.TrimPrefix(g, "log group "), prefix) {
			out = append(out, g)
		}
	}
	return out, nil
}

func (f *fakeInspector) NetworkInterfaces(context.Context, string, string) ([]string, error) {
	f.calls.add("NetworkInterfaces")
	return nil, nil
}

func (f *fakeInspector) ElasticIPs(context.Context, string, []string) ([]string, error) {
	f.calls.add("ElasticIPs")
	return nil, nil
}

func (f *fakeInspector) IAMEntities(_ context.Context, entities []Resource) ([]string, error) {
	f.calls.add("IAMEntities")
	var out []string
	for _, e := range entities {
		f.iamAsked = append(f.iamAsked, e.ID)
		if slices.Contains(f.iamLeft, e.ID) {
			out = append(out, iamKinds[e.Type][0]+" "+e.ID)
		}
	}
	return out, nil
}

var errInjected = errors.New("injected")

// fakeRetention is the account's backup vault and warehouse snapshots.
type fakeRetention struct {
	calls    *calls
	vault    Vault
	snapshot *Snapshot
	// status is the warehouse cluster's status ("" when there is none);
	// statuses, when set, are its answers in turn (the last one repeated).
	status   string
	statuses []string
	// asked are the names it was asked about, in order.
	asked []string
}

func (f *fakeRetention) WarehouseStatus(_ context.Context, id string) (string, error) {
	f.calls.add("WarehouseStatus")
	f.asked = append(f.asked, id)
	if len(f.statuses) > 0 {
		s := f.statuses[0]
		if len(f.statuses) > 1 {
			f.statuses = f.statuses[1:]
		}
		return s, nil
	}
	return f.status, nil
}

func (f *fakeRetention) BackupVault(_ context.Context, name string) (Vault, error) {
	f.calls.add("BackupVault")
	f.asked = append(f.asked, name)
	return f.vault, nil
}

func (f *fakeRetention) WarehouseSnapshot(_ context.Context, id string) (*Snapshot, error) {
	f.calls.add("WarehouseSnapshot")
	f.asked = append(f.asked, id)
	return f.snapshot, nil
}
