// Package tags holds the tag keys every taggable resource of a project or
// of the account baseline carries, and builds their tag maps.
package tags

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// Tag keys.
const (
	// Name is the resource's name, as the console shows it.
	Name = "Name"
	// PIT is the project's Project Identifier Tag.
	PIT = "sce:pit"
	// Owner is the project's (or baseline's) owner.
	Owner = "sce:owner"
	// IRB is the project's IRB protocol.
	IRB = "sce:irb"
	// DataClass is the class of data the project holds.
	DataClass = "sce:data-class"
	// Private marks resources in the private subnet with the PIT as value,
	// so project Config rules about private placement can be scoped to them.
	Private = "sce:private"
	// DataBucket marks the buckets encrypted with a customer-managed key
	// and access-logged (all but the access-log target), with the PIT (or
	// the baseline's name) as value, so the Config rules for those two
	// controls skip the log target, which S3 requires to use SSE-S3 and
	// which cannot log to itself.
	DataBucket = "sce:data-bucket"
	// Baseline marks the account baseline's resources, with its name as value.
	Baseline = "sce:baseline"
	// Warehouse marks the VPC of a project with a Redshift warehouse: its
	// default tenancy is "default", because Redshift refuses
	// dedicated-tenancy VPCs; every sce instance still asks for dedicated
	// tenancy itself.
	Warehouse = "sce:warehouse"
)

// Project is what a project's tags say about it.
type Project struct {
	// PIT is the project's identifier.
	PIT string
	// Owner is the project's owner.
	Owner string
	// IRB is the project's IRB protocol.
	IRB string
	// DataClass is the class of data the project holds.
	DataClass string
}

// Of returns the tags of one project's resource named name: the project
// tags plus Name, and any extra tags (such as Private).
func (p Project) Of(name string, extra map[string]string) pulumi.StringMap {
	t := pulumi.StringMap{
		Name:      pulumi.String(name),
		PIT:       pulumi.String(p.PIT),
		Owner:     pulumi.String(p.Owner),
		IRB:       pulumi.String(p.IRB),
		DataClass: pulumi.String(p.DataClass),
	}
	return withExtra(t, extra)
}

// OfBaseline returns the tags of one account baseline resource: Name, the
// baseline's name and owner, and any extra tags (such as DataBucket).
// Baseline resources carry no project tags: they belong to no project.
func OfBaseline(baseline, owner, name string, extra map[string]string) pulumi.StringMap {
	t := pulumi.StringMap{
		Name:     pulumi.String(name),
		Baseline: pulumi.String(baseline),
		Owner:    pulumi.String(owner),
	}
	return withExtra(t, extra)
}

// withExtra adds extra to t and returns t.
func withExtra(t pulumi.StringMap, extra map[string]string) pulumi.StringMap {
	for k, v := range extra {
		t[k] = pulumi.String(v)
	}
	return t
}
