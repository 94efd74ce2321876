// Package policies embeds the sce HIPAA policy pack: PulumiPolicy.yaml, the
// Rego rules (*.rego, one package, Rego v0 syntax with `import rego.v1`) and
// the configuration schema, schema/config-schema.json. The same directory is
// a Pulumi OPA policy pack for `pulumi preview --policy-pack policies`;
// internal/policy evaluates the embedded copy offline. The schema stays out
// of the pack root: Pulumi's OPA analyzer reads a config-schema.json there
// and then fails to describe the pack to Pulumi.
package policies

import (
	"embed"
	"io/fs"
)

//go:embed PulumiPolicy.yaml schema/config-schema.json *.rego
var pack embed.FS

// FS returns the policy pack's files, read-only.
func FS() fs.FS { return pack }
