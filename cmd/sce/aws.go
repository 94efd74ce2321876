package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/sce-dev/sce/internal/audit"
	"github.com/sce-dev/sce/internal/closeout"
	"github.com/sce-dev/sce/stacks"
)

// awsConfig loads the AWS configuration (environment, profile, SSO, role)
// for region, or the configured region when region is empty.
func awsConfig(ctx context.Context, region string) (aws.Config, error) {
	var opts []func(*config.LoadOptions) error
	if region != "" {
		opts = append(opts, config.WithRegion(region))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("AWS configuration: %w", err)
	}
	return cfg, nil
}

// awsAuditServices are the real AWS services of sce audit.
type awsAuditServices struct{}

// S3 is an S3 client.
func (awsAuditServices) S3(ctx context.Context, region string) (audit.S3API, error) {
	cfg, err := auditAWSConfig(ctx, region)
	if err != nil {
		return nil, err
	}
	return s3.NewFromConfig(cfg), nil
}

// Keys reads CloudTrail's public keys with ListPublicKeys.
func (awsAuditServices) Keys(ctx context.Context, region string) (audit.PublicKeys, error) {
	cfg, err := auditAWSConfig(ctx, region)
	if err != nil {
		return nil, err
	}
	return cloudTrailKeys{list: cloudtrail.NewFromConfig(cfg).ListPublicKeys}, nil
}

// cloudTrailKeys lists CloudTrail's public keys in the digest's region. It
// holds the one call, not the *cloudtrail.Client: a client type stored in an
// interface keeps all its operations in the binary (see closeout's AWS calls).
type cloudTrailKeys struct {
	list listPublicKeys
}

// listPublicKeys is the ListPublicKeys call, as the SDK's paginator takes it.
type listPublicKeys func(context.Context, *cloudtrail.ListPublicKeysInput, ...func(*cloudtrail.Options)) (*cloudtrail.ListPublicKeysOutput, error)

// ListPublicKeys implements cloudtrail.ListPublicKeysAPIClient.
func (f listPublicKeys) ListPublicKeys(ctx context.Context, in *cloudtrail.ListPublicKeysInput,
	opts ...func(*cloudtrail.Options)) (*cloudtrail.ListPublicKeysOutput, error) {
	return f(ctx, in, opts...)
}

// PublicKeys implements audit.PublicKeys.
func (k cloudTrailKeys) PublicKeys(ctx context.Context, region string, start, end time.Time) (map[string][]byte, error) {
	out := map[string][]byte{}
	p := cloudtrail.NewListPublicKeysPaginator(k.list, &cloudtrail.ListPublicKeysInput{StartTime: aws.Time(start), EndTime: aws.Time(end)},
		func(o *cloudtrail.ListPublicKeysPaginatorOptions) { o.StopOnDuplicateToken = true })
	for p.HasMorePages() {
		page, err := p.NextPage(ctx, func(o *cloudtrail.Options) { o.Region = region })
		if err != nil {
			return nil, fmt.Errorf("list CloudTrail public keys: %w", err)
		}
		for _, key := range page.PublicKeyList {
			out[aws.ToString(key.Fingerprint)] = key.Value
		}
	}
	return out, nil
}

// awsCloseoutServices open the stack with the Pulumi Automation API and the
// AWS clients of the stack's region.
type awsCloseoutServices struct{}

// Env implements closeoutServices.
func (awsCloseoutServices) Env(ctx context.Context, opts closeoutOptions, _ io.Writer) (closeout.Env, error) {
	stack, err := closeout.OpenStack(ctx, opts.stack, opts.workDir)
	if err != nil {
		return closeout.Env{}, err
	}
	cfg, err := stack.Config(ctx)
	if err != nil {
		return closeout.Env{}, fmt.Errorf("read stack config: %w", err)
	}
	awsCfg, err := awsConfig(ctx, cfg.Region)
	if err != nil {
		return closeout.Env{}, err
	}
	baseline := opts.baselineStack
	if baseline == "" {
		baseline = cfg.BaselineStack
	}
	env := closeout.Env{Stack: stack, S3: s3.NewFromConfig(awsCfg), Inspector: closeout.NewAWSInspector(awsCfg),
		Retention: closeout.NewAWSRetention(awsCfg), Logs: closeout.NewAWSLogs(awsCfg), Caller: callerIdentity(awsCfg),
		Region: awsCfg.Region}
	if baseline != "" {
		env.Baseline = lazyStack{name: baseline, workDir: opts.workDir}
	}
	return env, nil
}

// lazyStack opens a stack only when its outputs are read.
type lazyStack struct{ name, workDir string }

// Outputs implements closeout.OutputReader.
func (l lazyStack) Outputs(ctx context.Context) (map[string]any, error) {
	s, err := closeout.OpenStack(ctx, l.name, l.workDir)
	if err != nil {
		return nil, err
	}
	return s.Outputs(ctx)
}

// Config implements closeout.ConfigReader: the baseline's config gives the
// retention close-out requires of its archive.
func (l lazyStack) Config(ctx context.Context) (stacks.Config, error) {
	s, err := closeout.OpenStack(ctx, l.name, l.workDir)
	if err != nil {
		return stacks.Config{}, err
	}
	return s.Config(ctx)
}
