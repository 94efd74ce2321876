// Package scope is what the resource builders shared by the Environment and
// Baseline components need from the component they build for: the Pulumi
// context, the parent every child gets, the names, and the tags of a
// resource.
package scope

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/naming"
)

// Scope is the component a builder creates resources for.
type Scope struct {
	// Ctx is the Pulumi context of the program.
	Ctx *pulumi.Context
	// Parent is the component every child resource is parented to.
	Parent pulumi.Resource
	// Names names the component's resources.
	Names naming.Namer
	// Tagger returns the tags of the resource named name.
	Tagger func(name string) pulumi.StringMap
}

// Opts returns the options of a child resource: parented to the component,
// plus extra. The caller's options are never re-passed to children.
func (s Scope) Opts(extra ...pulumi.ResourceOption) []pulumi.ResourceOption {
	return append([]pulumi.ResourceOption{pulumi.Parent(s.Parent)}, extra...)
}

// Tags returns the tags of the resource named name.
func (s Scope) Tags(name string) pulumi.StringMap { return s.Tagger(name) }
