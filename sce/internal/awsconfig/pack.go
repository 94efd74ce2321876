package awsconfig

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cfg"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/scope"
)

// ConformancePack deploys the HIPAA conformance pack of template (generated
// from the data file). It waits for the recorder's status, when the
// baseline manages the recorder (recorder not nil): its rules evaluate
// what the recorder records.
func ConformancePack(s scope.Scope, template string, recorder *cfg.RecorderStatus) (*cfg.ConformancePack, error) {
	opts := s.Opts()
	if recorder != nil {
		opts = s.Opts(pulumi.DependsOn([]pulumi.Resource{recorder}))
	}
	pack, err := cfg.NewConformancePack(s.Ctx, s.Names.Logical(PackSlug), &cfg.ConformancePackArgs{
		Name:         pulumi.String(s.Names.Logical(PackSlug)),
		TemplateBody: pulumi.String(template),
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("conformance pack: %w", err)
	}
	return pack, nil
}
