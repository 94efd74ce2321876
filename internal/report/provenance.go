package report

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/sce-dev/sce/internal/policy"
)

// notSet stands for a study fact the stack config does not set.
const notSet = "not set"

// studyFacts are the facts of the study a bundle is evidence for, in
// order: label and value, and the key in provenance.json.
func studyFacts(bundle Bundle) [][3]string {
	c := bundle.Config
	orNotSet := func(s string) string {
		if s == "" {
			return notSet
		}
		return s
	}
	return [][3]string{
		{"study title", orNotSet(c.Title), "title"},
		{"principal investigator", orNotSet(c.PrincipalInvestigator), "principalInvestigator"},
		{"IRB protocol", orNotSet(c.IRBProtocol), "irbProtocol"},
		{"data class", orNotSet(string(c.DataClass)), "dataClass"},
		{"study end date", orNotSet(c.StudyEndDate), "studyEndDate"},
	}
}

// writeProvenance writes what the bundle is evidence for and how it was made.
func writeProvenance(b *strings.Builder, bundle Bundle) {
	b.WriteString("## Provenance\n\n| | |\n| --- | --- |\n")
	row := func(k, v string) { fmt.Fprintf(b, "| %s | %s |\n", k, cell(v)) }
	row("stack", bundle.Plan.Stack)
	for _, f := range stackFileFacts(bundle) {
		row(f.label, f.text)
	}
	for _, f := range studyFacts(bundle) {
		row(f[0], f[1])
	}
	p := bundle.Provenance
	row("generated", p.GeneratedText())
	row("by", p.BuildText())
	row("policy config", p.PolicyConfig.String())
	b.WriteString("\n")
}

// provenanceDoc is provenance.json, the bundle's provenance for machines.
type provenanceDoc struct {
	Version      int               `json:"version"`
	Stack        string            `json:"stack"`
	StackFiles   []stackFileDoc    `json:"stackFiles"`
	Study        map[string]string `json:"study"`
	Generated    string            `json:"generated"`
	Build        string            `json:"build"`
	Commit       string            `json:"commit,omitempty"`
	Reproducible bool              `json:"reproducible"`
	PolicyConfig PolicyConfigDoc   `json:"policyConfig"`
	Pack         string            `json:"pack"`
	Rules        map[string]int    `json:"rules"`
	Violations   map[string]int    `json:"violations"`
}

// PolicyConfigDoc is a policy config file as evidence records it in JSON
// (provenance.json, sce policy check): path and digest, omitted when no
// file was given, and the text the control matrix shows.
type PolicyConfigDoc struct {
	// Path is the file as given.
	Path string `json:"path,omitempty"`
	// SHA256 is the hex SHA-256 of its bytes.
	SHA256 string `json:"sha256,omitempty"`
	// Text is PolicyConfigFile.String.
	Text string `json:"text"`
}

// Doc is f as evidence records it in JSON.
func (f PolicyConfigFile) Doc() PolicyConfigDoc {
	return PolicyConfigDoc{Path: f.Path, SHA256: f.SHA256, Text: f.String()}
}

// provenanceJSON renders provenance.json: the stack files (by SHA-256), the study, when and by which build
// the bundle was made, the policy config's digest, and the rules by how the
// config changed them (their counts add up to the pack's rules).
func provenanceJSON(bundle Bundle, rows []ruleRow) ([]byte, error) {
	p := bundle.Provenance
	doc := provenanceDoc{Version: 1, Stack: bundle.Plan.Stack, Study: map[string]string{},
		Generated: p.GeneratedText(), Build: p.BuildText(), Reproducible: p.Reproducible, Pack: bundle.Result.Pack,
		PolicyConfig: p.PolicyConfig.Doc(),
		Rules:        map[string]int{"total": len(rows)},
		Violations: map[string]int{string(policy.Mandatory): bundle.Result.Count(policy.Mandatory),
			string(policy.Advisory): bundle.Result.Count(policy.Advisory)}}
	if !p.Reproducible {
		doc.Commit = p.Build.Commit
	}
	doc.StackFiles = []stackFileDoc{}
	for _, f := range stackFileFacts(bundle) {
		if f.file != nil {
			doc.StackFiles = append(doc.StackFiles, stackFileDoc{StackFile: *f.file, Role: f.role})
		}
	}
	for _, f := range studyFacts(bundle) {
		doc.Study[f[2]] = f[1]
	}
	for k, v := range countLevels(rows) {
		doc.Rules[k] = v
	}
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("provenance.json: %w", err)
	}
	return append(data, '\n'), nil
}
