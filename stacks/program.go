// Package stacks turns a stack's configuration into sce components. Config
// is the one typed configuration of a stack, decoded by one decoder
// (DecodeConfig); Program is the Pulumi program of every sce stack and the
// only place that reads Pulumi config. The stack files Pulumi.<stack>.yaml
// of this directory are the shipped stacks.
package stacks

import (
	"errors"
	"maps"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/sce-dev/sce/sce"
)

// Program is the Pulumi program of every sce stack (see main.go).
func Program(ctx *pulumi.Context) error {
	outs, err := Build(ctx)
	if err != nil {
		return err
	}
	for k, v := range outs {
		ctx.Export(k, v)
	}
	return nil
}

// Build reads the stack's config (LoadConfig) and builds the stack's
// component: an sce.Environment, or the account's sce.Baseline. It returns
// the stack outputs; Program exports them. Every config problem comes back
// at once as sce.ValidationErrors naming its key, before any resource is
// registered. (A project reads its baseline stack's outputs first; that
// read creates nothing.) The arguments are validated once: by the
// component, or here when the config already failed.
func Build(ctx *pulumi.Context) (pulumi.Map, error) {
	cfg, err := LoadConfig(ctx)
	var found sce.ValidationErrors
	if err != nil && !errors.As(err, &found) {
		return nil, err
	}
	switch cfg.Kind {
	case "", KindEnvironment:
		return buildEnvironment(ctx, cfg, found)
	case KindBaseline:
		return buildBaseline(ctx, cfg, found)
	}
	return nil, found // an unknown sce:kind: which arguments to check is unknown
}

// buildEnvironment builds one project's sce.Environment. found are the
// problems the config already has.
func buildEnvironment(ctx *pulumi.Context, cfg Config, found sce.ValidationErrors) (pulumi.Map, error) {
	pit := cfg.PITOf(ctx.Stack())
	args := cfg.environmentArgs()
	if found = cfg.keyProblems(ctx.Stack(), found); len(found) > 0 {
		return nil, append(found, withoutRepeats(cfg.validateArgs(ctx.Stack()), found)...)
	}
	outs, err := linkBaseline(ctx, cfg.BaselineStack, cfg.Region)
	if err != nil {
		return nil, withProblems(err, withoutRepeats(sce.Validate(pit, args), problemsOf(err)))
	}
	env, err := sce.NewEnvironment(ctx, pit, &args)
	if err != nil {
		return nil, err
	}
	maps.Copy(outs, env.Outputs())
	outs[sce.OutputPIT] = pulumi.String(pit)
	outs[sce.OutputResearchers] = researcherNames(args.Researchers)
	return outs, nil
}

// researcherNames are the researchers' usernames, for `sce access`.
func researcherNames(rs []sce.Researcher) pulumi.StringArray {
	names := pulumi.StringArray{}
	for _, r := range rs {
		names = append(names, pulumi.String(r.Username))
	}
	return names
}

// problemsOf are the validation problems err carries, if any.
func problemsOf(err error) sce.ValidationErrors {
	var verrs sce.ValidationErrors
	errors.As(err, &verrs)
	return verrs
}

// withProblems adds more problems to err: to its own list when it is one,
// joined to it otherwise (a stack reference that could not be read).
func withProblems(err error, more sce.ValidationErrors) error {
	if len(more) == 0 {
		return err
	}
	var verrs sce.ValidationErrors
	if errors.As(err, &verrs) {
		return append(verrs, more...)
	}
	return errors.Join(err, more)
}
