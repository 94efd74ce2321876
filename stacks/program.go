// Package stacks turns a stack's Pulumi config into sce components. It is the
// only place that reads Pulumi config.
package stacks

import (
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/sce-dev/sce/sce"
)

// Kinds of stack selected by sce:kind.
const (
	KindEnvironment = "environment"
	KindBaseline    = "baseline"
)

// Build reads the stack config and builds the stack's component. It returns
// the stack outputs; Program exports them. Config errors come back as
// sce.ValidationErrors naming every bad key, before any resource exists.
func Build(ctx *pulumi.Context) (pulumi.Map, error) {
	r := newReader(ctx)
	switch kind := r.str("kind"); kind {
	case "", KindEnvironment:
		return buildEnvironment(ctx, r)
	case KindBaseline:
		return buildBaseline(ctx, r)
	default:
		return nil, sce.ValidationErrors{{Key: "sce:kind", Message: fmt.Sprintf("%q is not a stack kind: use environment (the default) or baseline", kind)}}
	}
}

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

// buildEnvironment builds one project's sce.Environment from config.
func buildEnvironment(ctx *pulumi.Context, r *reader) (pulumi.Map, error) {
	pit := r.str("pit")
	if pit == "" {
		pit = ctx.Stack()
	}
	args := environmentArgs(r)
	readCompute(r, &args)
	readOperations(r, &args)
	baselineStack := readBaselineStack(r, pit)
	if len(r.errs) > 0 {
		// Report type errors together with every other problem.
		return nil, append(r.errs, otherProblems(pit, args, r.errs)...)
	}
	outs, err := linkBaseline(ctx, pit, args, baselineStack)
	if err != nil {
		return nil, err
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

// otherProblems validates args and drops the problems of keys that already
// failed to read, which would only repeat them (a list that did not parse
// also reads as missing).
func otherProblems(pit string, args sce.EnvironmentArgs, failed sce.ValidationErrors) sce.ValidationErrors {
	return dropRepeated(sce.Validate(pit, args), failed)
}

// dropRepeated returns the problems of a validation error err, except those
// of keys that already failed to read.
func dropRepeated(err error, failed sce.ValidationErrors) sce.ValidationErrors {
	var verrs sce.ValidationErrors
	if !errors.As(err, &verrs) {
		return nil
	}
	seen := map[string]bool{}
	for _, e := range failed {
		seen[e.BaseKey()] = true
	}
	var out sce.ValidationErrors
	for _, e := range verrs {
		if !seen[e.BaseKey()] {
			out = append(out, e)
		}
	}
	return out
}

// environmentArgs maps config keys to sce.EnvironmentArgs.
func environmentArgs(r *reader) sce.EnvironmentArgs {
	return sce.EnvironmentArgs{
		Region: r.get("aws:region"),
		Project: sce.ProjectInfo{
			Title:                 r.str("title"),
			PrincipalInvestigator: r.str("principalInvestigator"),
			Owner:                 r.str("owner"),
			IRBProtocol:           r.str("irbProtocol"),
			StudyEndDate:          r.str("studyEndDate"),
			DataClass:             sce.DataClass(r.str("dataClass")),
		},
		Network: sce.NetworkArgs{
			VpcCidr:                r.str("vpcCidr"),
			AvailabilityZone:       r.str("availabilityZone"),
			SecondAvailabilityZone: r.str("secondAvailabilityZone"),
			PublicSubnetCidr:       r.str("publicSubnetCidr"),
			PrivateSubnetCidr:      r.str("privateSubnetCidr"),
			AllowedSSHCidrs:        r.list("allowedSshCidrs"),
		},
		AlertEmails:           r.list("alertEmails"),
		LogRetentionDays:      r.int("logRetentionDays"),
		AuditLockDays:         r.int("auditLockDays"),
		NoncurrentVersionDays: r.int("noncurrentVersionDays"),
		AdminRoleArn:          r.str("adminRoleArn"),
	}
}

// KnownConfigKeys lists every config key a stack file may set.
func KnownConfigKeys() []string {
	keys := []string{"aws:region"}
	for _, k := range []string{
		"kind", "pit", "title", "principalInvestigator", "owner", "irbProtocol", "studyEndDate", "dataClass",
		"vpcCidr", "availabilityZone", "secondAvailabilityZone", "publicSubnetCidr", "privateSubnetCidr",
		"allowedSshCidrs", "alertEmails", "logRetentionDays", "auditLockDays", "noncurrentVersionDays", "adminRoleArn",
	} {
		keys = append(keys, sce.ConfigNamespace+":"+k)
	}
	for _, k := range slices.Concat(computeKeys, operationsKeys, baselineKeys, []string{keyBaselineStack}) {
		keys = append(keys, sce.ConfigNamespace+":"+k)
	}
	return keys
}
