package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/sce-dev/sce/internal/closeout"
	"github.com/sce-dev/sce/internal/egress"
	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/sce"
	"github.com/sce-dev/sce/stacks"
)

// awsEgressServices read the stack's outputs from --outputs or the Pulumi
// stack, and reach S3 and STS with the caller's AWS configuration.
type awsEgressServices struct{}

// Open implements egressServices.
func (awsEgressServices) Open(ctx context.Context, pit string, opts egressOptions) (egressSession, error) {
	raw, cfg, err := egressStack(ctx, pit, opts)
	if err != nil {
		return egressSession{}, err
	}
	project, err := projectOf(raw, pit)
	if err != nil {
		return egressSession{}, err
	}
	awsCfg, err := awsConfig(ctx, cmp.Or(opts.region, cfg.Region))
	if err != nil {
		return egressSession{}, err
	}
	s := egressSession{env: egress.Env{S3: s3.NewFromConfig(awsCfg), Caller: callerIdentity(awsCfg), Now: time.Now, Project: project}}
	if cfg.set {
		s.lockDays = cmp.Or(cfg.AuditLockDays, sce.DefaultAuditLockDays)
	}
	return s, nil
}

// stackConfig is a stack's config and whether it was read.
type stackConfig struct {
	stacks.Config
	set bool
}

// egressStack reads the outputs from --outputs (and the config from the
// stack file in --stacks, when there is one), or both from the Pulumi
// stack.
func egressStack(ctx context.Context, pit string, opts egressOptions) (map[string]any, stackConfig, error) {
	if opts.outputs == "" {
		st, err := closeout.OpenStack(ctx, pit, opts.workDir)
		if err != nil {
			return nil, stackConfig{}, fmt.Errorf("%w (or pass --outputs FILE, from `pulumi stack output --json -s %s`)", err, pit)
		}
		raw, err := st.Outputs(ctx)
		if err != nil {
			return nil, stackConfig{}, fmt.Errorf("read the outputs of stack %s: %w", pit, err)
		}
		cfg, err := st.Config(ctx)
		if err != nil {
			return nil, stackConfig{}, fmt.Errorf("read the config of stack %s: %w", pit, err)
		}
		return raw, stackConfig{Config: cfg, set: true}, nil
	}
	raw, err := readOutputs(opts.outputs)
	if err != nil {
		return nil, stackConfig{}, err
	}
	cfg, err := stackFileConfig(opts.stacksDir, pit)
	return raw, cfg, err
}

// readOutputs reads `pulumi stack output --json`.
func readOutputs(path string) (map[string]any, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, usagef("--outputs: %v", err)
	}
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, usagef("--outputs %s is not the JSON of `pulumi stack output --json`: %v", path, err)
	}
	return raw, nil
}

// stackFileConfig reads the stack file of pit in dir; no folder or no
// file is no error (a researcher on a worker has no stack files).
func stackFileConfig(dir, pit string) (stackConfig, error) {
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return stackConfig{}, nil
	}
	path, err := stackfile.Find(dir, pit)
	var notFound *stackfile.NotFoundError
	if errors.As(err, &notFound) {
		return stackConfig{}, nil
	}
	if err != nil {
		return stackConfig{}, err
	}
	f, err := stackfile.Load(path, nil)
	if err != nil {
		return stackConfig{}, err
	}
	cfg, err := stacks.DecodeConfig(f.Config)
	if err != nil {
		return stackConfig{}, fmt.Errorf("%s: %w", path, err)
	}
	return stackConfig{Config: cfg, set: true}, nil
}

// projectOf reads the project from its outputs and checks it is pit's.
func projectOf(raw map[string]any, pit string) (egress.Project, error) {
	p, err := egress.FromOutputs(raw)
	if err != nil {
		return egress.Project{}, usagef("%v", err)
	}
	if p.PIT != pit {
		return egress.Project{}, usagef("the stack outputs are project %s's, not %s's: check --outputs", p.PIT, pit)
	}
	return p, nil
}
