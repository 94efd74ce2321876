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
	// TagDataBucket marks the buckets encrypted with the project key and
	// access-logged (all but the access-log target), with the PIT as value,
	// so the Config rules for those two controls skip the log target, which
	// S3 requires to use SSE-S3 and which cannot log to itself.
	TagDataBucket = "sce:data-bucket"
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
