package sce

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// scope is what the resource helpers shared by Environment and Baseline
// need from the component they build for: the Pulumi context, the parent
// every child gets, the names, and the tags of a resource.
type scope struct {
	ctx    *pulumi.Context
	parent pulumi.Resource
	names  namer
	// tagger returns the tags of the resource named name.
	tagger func(name string) pulumi.StringMap
}

// opts returns the options of a child resource: parented to the component,
// plus extra. The caller's options are never re-passed to children.
func (s scope) opts(extra ...pulumi.ResourceOption) []pulumi.ResourceOption {
	return append([]pulumi.ResourceOption{pulumi.Parent(s.parent)}, extra...)
}

// tags returns the tags of the resource named name.
func (s scope) tags(name string) pulumi.StringMap { return s.tagger(name) }
