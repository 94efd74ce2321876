package conformance

import _ "embed" // the generated conformance pack template

//go:generate go test -run TestGeneratedTemplateIsCurrent -update .

// GeneratedFile is the repository path of the conformance pack template
// rendered from DataFile (see Template). It is generated, so that a plan
// of the account baseline does not parse, check and render the data files
// again: `go generate ./sce/internal/conformance` rewrites it, and a test
// fails while it differs from what the data files render.
const GeneratedFile = "sce/internal/conformance/data/hipaa-conformance-template.yaml"

//go:embed data/hipaa-conformance-template.yaml
var generatedTemplate string

// HIPAATemplate returns the conformance pack template of the HIPAA rules:
// Template of Rules, as generated into GeneratedFile.
func HIPAATemplate() string { return generatedTemplate }
