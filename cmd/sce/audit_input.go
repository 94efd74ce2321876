package main

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/spf13/pflag"

	"github.com/sce-dev/sce/internal/request"
	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/stacks"
)

// The checks sce audit makes before it reads anything.

// checkAuditFlags refuses flag values that would silently widen or empty
// the report: a negative --workers, a --pit, --bucket, --principal or
// --prefix given empty or blank (an unset or mistyped shell variable would
// otherwise report on every bucket or principal, or on none), a --bucket
// given as an s3:// address or ARN, which no event's bucket name is, and a
// --prefix starting with "/", which no S3 key does.
func checkAuditFlags(flags *pflag.FlagSet, opts auditOptions) error {
	if opts.workers < 0 {
		return usagef("--workers %d: give 1 or more files to read at once, or 0 for one per CPU", opts.workers)
	}
	for _, f := range []struct{ name, value string }{{"pit", opts.pit}, {"principal", opts.principal}, {"prefix", opts.prefix}} {
		switch {
		case !flags.Changed(f.name):
		case f.value == "":
			return usagef("--%s is empty: give a value, or leave the flag out (is a shell variable unset?)", f.name)
		case strings.TrimSpace(f.value) == "":
			return usagef("--%s %q is blank: give a value, or leave the flag out (is a shell variable unset?)", f.name, f.value)
		}
	}
	if flags.Changed("bucket") && (len(opts.buckets) == 0 || slices.Contains(opts.buckets, "")) {
		return usagef("--bucket is empty: give a bucket name, or leave the flag out (is a shell variable unset?)")
	}
	for _, b := range opts.buckets {
		if err := checkBucketName(b); err != nil {
			return err
		}
	}
	return checkKeyPrefix(opts.prefix, "leave --prefix out for every key")
}

// bucketARN matches an S3 bucket's or object's ARN in any partition,
// capturing the bucket's name.
var bucketARN = regexp.MustCompile(`^arn:aws[a-z-]*:s3:::([^/]+)(/.*)?$`)

// checkBucketName refuses a --bucket that is blank, or that is an s3://
// address or an ARN rather than the bucket's name, which is what the logs
// record: such a value matches no event.
func checkBucketName(b string) error {
	switch name, isAddress := strings.CutPrefix(b, "s3://"); {
	case strings.TrimSpace(b) == "":
		return usagef("--bucket %q is blank: give a bucket name, or leave the flag out (is a shell variable unset?)", b)
	case isAddress:
		return usagef("--bucket %s: give the bucket's name without \"s3://\" (the logs record names): --bucket %s",
			b, strings.Split(name, "/")[0])
	case bucketARN.MatchString(b):
		return usagef("--bucket %s: give the bucket's name, not its ARN (the logs record names): --bucket %s",
			b, bucketARN.FindStringSubmatch(b)[1])
	}
	return nil
}

// checkAuditPIT refuses a --pit that cannot be a PIT, or that no project
// stack in the stacks folder has (when the folder is there to see).
func checkAuditPIT(opts auditOptions) error {
	if opts.pit == "" {
		return nil
	}
	if err := request.CheckPIT(opts.pit); err != nil {
		return &usageError{err: err}
	}
	if _, err := os.Stat(opts.stacksDir); errors.Is(err, fs.ErrNotExist) && !opts.stacksGiven {
		return nil
	}
	pits, err := projectPITs(opts.stacksDir)
	if err != nil {
		return &usageError{err: err}
	}
	if slices.Contains(pits, opts.pit) {
		return nil
	}
	projects := "there are none"
	if len(pits) > 0 {
		projects = "the projects there are " + strings.Join(pits, ", ")
	}
	return usagef("--pit: no project stack in %s has the PIT %q; %s: check the spelling, or pass --stacks with the folder of the project's stack file",
		opts.stacksDir, opts.pit, projects)
}

// projectPITs lists the PITs of the project stacks (not the account
// baseline) of the stack files in dir, sorted: sce:pit, or the stack name.
func projectPITs(dir string) ([]string, error) {
	names, err := stackfile.List(dir)
	if err != nil {
		return nil, err
	}
	var pits []string
	for _, stack := range names {
		cfg, _, err := stacks.ReadFile(filepath.Join(dir, "Pulumi."+stack+".yaml"))
		if err != nil {
			return nil, err
		}
		if cfg.Kind != stacks.KindBaseline {
			pits = append(pits, cfg.PITOf(stack))
		}
	}
	slices.Sort(pits)
	return pits, nil
}

// auditAWSConfig is the AWS configuration for s3:// sources, refused with
// what to configure when it has no region or finds no credentials (rather
// than the SDK's errors when the first request fails).
func auditAWSConfig(ctx context.Context, region string) (aws.Config, error) {
	cfg, err := awsConfig(ctx, region)
	if err != nil {
		return aws.Config{}, err
	}
	if cfg.Region == "" {
		return aws.Config{}, errors.New("s3:// sources need an AWS region: pass --region with the region of the log bucket, or set AWS_REGION")
	}
	if cfg.Credentials == nil {
		return aws.Config{}, errNoCredentials
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		return aws.Config{}, errNoCredentials
	}
	return cfg, nil
}

// errNoCredentials says where the SDK looks for credentials.
var errNoCredentials = errors.New("s3:// sources need AWS credentials and none were found: set AWS_PROFILE to a profile of ~/.aws/config " +
	"(aws configure, or aws sso login), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run on an instance with a role")
