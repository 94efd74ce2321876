package sce

import (
	"github.com/sce-dev/sce/sce/internal/tags"
)

// Tag keys every taggable resource carries.
const (
	// TagName is the resource's name, as the console shows it.
	TagName = tags.Name
	// TagPIT is the project's Project Identifier Tag.
	TagPIT = tags.PIT
	// TagOwner is the project's (or baseline's) owner.
	TagOwner = tags.Owner
	// TagIRB is the project's IRB protocol.
	TagIRB = tags.IRB
	// TagDataClass is the class of data the project holds.
	TagDataClass = tags.DataClass
	// TagPrivate marks resources in the private subnet with the PIT as value,
	// so project Config rules about private placement can be scoped to them.
	TagPrivate = tags.Private
	// TagDataBucket marks the customer-key-encrypted, access-logged buckets
	// (all but the access-log target), with the PIT (or the baseline's name)
	// as value.
	TagDataBucket = tags.DataBucket
	// TagBaseline marks the account baseline's resources, with its name as value.
	TagBaseline = tags.Baseline
)

// projectTags returns what the tags of a's project pit say about it.
func projectTags(a EnvironmentArgs, pit string) tags.Project {
	return tags.Project{PIT: pit, Owner: a.Project.Owner, IRB: a.Project.IRBProtocol, DataClass: string(a.Project.DataClass)}
}
