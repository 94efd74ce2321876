package closeout

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/sce-dev/sce/sce"
)

// regional is an ARN the project names, with where it was named.
type regional struct{ name, arn, region string }

// checkRegion refuses, before anything is read or changed, a stack whose
// outputs (or archive key) name resources in another region than the one
// close-out calls: the project key, the trail, the archive key. In the
// wrong region every lookup answers "not found", which the checks would
// take for deleted. clients is the region the AWS clients call, configured
// the stack's aws:region; nothing is checked when both are "".
func checkRegion(clients, configured, stack string, raw map[string]any, out Outputs) error {
	region := cmp.Or(clients, configured)
	if region == "" {
		return nil
	}
	for _, a := range regionalARNs(raw, out) {
		if a.region == region {
			continue
		}
		where := "the stack's aws:region"
		if configured != region {
			where = "the AWS configuration's region; the stack's aws:region is " + cmp.Or(configured, "not set")
		}
		return fmt.Errorf("%w: %s %s is in %s, but close-out calls AWS in %s (%s): it would look for the project in the wrong "+
			"region and take what it cannot find there for deleted; set aws:region in Pulumi.%s.yaml to %s, the region the project "+
			"is deployed in (AWS_REGION when it has none)", ErrRefused, a.name, a.arn, a.region, region, where, stack, a.region)
	}
	return nil
}

// regionalARNs are the ARNs with a region among the stack outputs, the
// project key first, then by output name, and the archive key.
func regionalARNs(raw map[string]any, out Outputs) []regional {
	var found []regional
	var walk func(name string, v any)
	walk = func(name string, v any) {
		switch v := v.(type) {
		case string:
			if a, err := arn.Parse(v); err == nil && a.Region != "" {
				found = append(found, regional{name: "the stack output " + name, arn: v, region: a.Region})
			}
		case []any:
			for i, e := range v {
				walk(fmt.Sprintf("%s[%d]", name, i), e)
			}
		case map[string]any:
			for k, e := range v {
				walk(name+"."+k, e)
			}
		}
	}
	for k, v := range raw {
		walk(k, v)
	}
	first := "the stack output " + sce.OutputKmsKeyArn
	rank := func(r regional) string {
		if r.name == first {
			return ""
		}
		return r.name
	}
	slices.SortFunc(found, func(a, b regional) int { return cmp.Compare(rank(a), rank(b)) })
	if a, err := arn.Parse(out.ArchiveKeyArn); err == nil && a.Region != "" && out.ArchiveKeyArn != str(raw[sce.OutputArchiveKeyArn]) {
		found = append(found, regional{name: "the archive key", arn: out.ArchiveKeyArn, region: a.Region})
	}
	return found
}
