package main

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// callerIdentity returns the ARN of the AWS identity the configuration
// signs as (STS GetCallerIdentity): who runs a close-out, in its lock and
// its report.
func callerIdentity(cfg aws.Config) func(context.Context) (string, error) {
	client := sts.NewFromConfig(cfg)
	return func(ctx context.Context) (string, error) {
		out, err := client.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		if err != nil {
			return "", fmt.Errorf("STS GetCallerIdentity: %w", err)
		}
		return aws.ToString(out.Arn), nil
	}
}
