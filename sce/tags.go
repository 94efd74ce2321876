package sce

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// Tag keys every taggable resource carries.
const (
	TagName      = "Name"
	TagPIT       = "sce:pit"
	TagOwner     = "sce:owner"
	TagIRB       = "sce:irb"
	TagDataClass = "sce:data-class"
	// TagPrivate marks resources in the private subnet with the PIT as value,
	// so project Config rules about private placement can be scoped to them.
	TagPrivate = "sce:private"
	// TagDataBucket marks the buckets encrypted with a customer-managed key
	// and access-logged (all but the access-log target), with the PIT (or
	// the baseline's name) as value, so the Config rules for those two
	// controls skip the log target, which S3 requires to use SSE-S3 and
	// which cannot log to itself.
	TagDataBucket = "sce:data-bucket"
	// TagBaseline marks the account baseline's resources, with its name as value.
	TagBaseline = "sce:baseline"
)

// projectTags returns the tags of one project's resource: the project tags
// from args plus Name, and any extra tags (such as TagPrivate).
func projectTags(args EnvironmentArgs, pit, name string, extra map[string]string) pulumi.StringMap {
	tags := pulumi.StringMap{
		TagName:      pulumi.String(name),
		TagPIT:       pulumi.String(pit),
		TagOwner:     pulumi.String(args.Project.Owner),
		TagIRB:       pulumi.String(args.Project.IRBProtocol),
		TagDataClass: pulumi.String(string(args.Project.DataClass)),
	}
	for k, v := range extra {
		tags[k] = pulumi.String(v)
	}
	return tags
}

// baselineTags returns the tags of one account baseline resource: Name, the
// baseline's name and owner, and any extra tags (such as TagDataBucket).
// Baseline resources carry no project tags: they belong to no project.
func baselineTags(baseline, owner, name string, extra map[string]string) pulumi.StringMap {
	tags := pulumi.StringMap{
		TagName:     pulumi.String(name),
		TagBaseline: pulumi.String(baseline),
		TagOwner:    pulumi.String(owner),
	}
	for k, v := range extra {
		tags[k] = pulumi.String(v)
	}
	return tags
}
