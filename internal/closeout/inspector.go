package closeout

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	tagging "github.com/aws/aws-sdk-go-v2/service/resourcegroupstaggingapi"
	taggingtypes "github.com/aws/aws-sdk-go-v2/service/resourcegroupstaggingapi/types"

	"github.com/sce-dev/sce/sce"
)

// AWSInspector is the Inspector of a real account and region. Only a real
// account exercises it.
type AWSInspector struct {
	tagging    getResources
	key        describeKey
	logs       describeLogGroups
	interfaces describeNetworkInterfaces
	addresses  describeAddresses
	iam        iamCalls
}

// NewAWSInspector makes the inspector from an AWS configuration.
func NewAWSInspector(cfg aws.Config) *AWSInspector {
	ec2c := ec2.NewFromConfig(cfg)
	return &AWSInspector{tagging: tagging.NewFromConfig(cfg).GetResources, key: kms.NewFromConfig(cfg).DescribeKey,
		logs: cloudwatchlogs.NewFromConfig(cfg).DescribeLogGroups, interfaces: ec2c.DescribeNetworkInterfaces,
		addresses: ec2c.DescribeAddresses, iam: newIAMCalls(cfg)}
}

// TaggedResources implements Inspector.
func (a *AWSInspector) TaggedResources(ctx context.Context, pit string) ([]string, error) {
	var out []string
	p := tagging.NewGetResourcesPaginator(a.tagging, &tagging.GetResourcesInput{
		TagFilters: []taggingtypes.TagFilter{{Key: aws.String(sce.TagPIT), Values: []string{pit}}},
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list the resources tagged %s=%s: %w", sce.TagPIT, pit, err)
		}
		for _, m := range page.ResourceTagMappingList {
			out = append(out, aws.ToString(m.ResourceARN))
		}
	}
	return out, nil
}

// KeyState implements Inspector.
func (a *AWSInspector) KeyState(ctx context.Context, keyArn string) (string, time.Time, error) {
	out, err := a.key(ctx, &kms.DescribeKeyInput{KeyId: aws.String(keyArn)})
	var nf *kmstypes.NotFoundException
	if errors.As(err, &nf) {
		return "", time.Time{}, nil
	}
	if err != nil {
		return "", time.Time{}, fmt.Errorf("describe key %s: %w", keyArn, err)
	}
	if out.KeyMetadata == nil {
		return "", time.Time{}, fmt.Errorf("describe key %s: KMS answered without the key's metadata", keyArn)
	}
	return string(out.KeyMetadata.KeyState), aws.ToTime(out.KeyMetadata.DeletionDate), nil
}

// LogGroups implements Inspector.
func (a *AWSInspector) LogGroups(ctx context.Context, prefix string) ([]string, error) {
	var out []string
	p := cloudwatchlogs.NewDescribeLogGroupsPaginator(a.logs, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(prefix)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list the log groups named %s*: %w", prefix, err)
		}
		for _, g := range page.LogGroups {
			out = append(out, "log group "+aws.ToString(g.LogGroupName))
		}
	}
	return out, nil
}

// NetworkInterfaces implements Inspector.
func (a *AWSInspector) NetworkInterfaces(ctx context.Context, vpcID, pit string) ([]string, error) {
	filters := [][]ec2types.Filter{{{Name: aws.String("tag:" + sce.TagPIT), Values: []string{pit}}}}
	if vpcID != "" {
		filters = append(filters, []ec2types.Filter{{Name: aws.String("vpc-id"), Values: []string{vpcID}}})
	}
	seen := map[string]bool{}
	var out []string
	for _, f := range filters {
		p := ec2.NewDescribeNetworkInterfacesPaginator(a.interfaces, &ec2.DescribeNetworkInterfacesInput{Filters: f})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, fmt.Errorf("list the network interfaces: %w", err)
			}
			for _, ni := range page.NetworkInterfaces {
				if id := aws.ToString(ni.NetworkInterfaceId); !seen[id] {
					seen[id] = true
					out = append(out, fmt.Sprintf("network interface %s (%s)", id, aws.ToString(ni.Description)))
				}
			}
		}
	}
	return out, nil
}

// ElasticIPs implements Inspector.
func (a *AWSInspector) ElasticIPs(ctx context.Context, pit string, ips []string) ([]string, error) {
	filters := [][]ec2types.Filter{{{Name: aws.String("tag:" + sce.TagPIT), Values: []string{pit}}}}
	if len(ips) > 0 {
		filters = append(filters, []ec2types.Filter{{Name: aws.String("public-ip"), Values: ips}})
	}
	seen := map[string]bool{}
	var out []string
	for _, f := range filters {
		page, err := a.addresses(ctx, &ec2.DescribeAddressesInput{Filters: f})
		if err != nil {
			return nil, fmt.Errorf("list the Elastic IPs: %w", err)
		}
		for _, addr := range page.Addresses {
			if id := aws.ToString(addr.AllocationId); !seen[id] {
				seen[id] = true
				out = append(out, fmt.Sprintf("Elastic IP %s (%s)", aws.ToString(addr.PublicIp), id))
			}
		}
	}
	return out, nil
}
