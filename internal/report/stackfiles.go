package report

import (
	"fmt"
	"strings"
)

// stackfiles.go: the stack files a bundle's plan was made from, as the
// control matrix and provenance.json name them, so that the matrix is tied
// to one stack config even when it is copied alone (--only controls.md) or
// made from a stacks directory outside the repository.

// Roles of a stack file in provenance.json.
const (
	// roleStack is the bundle's stack's own file.
	roleStack = "stack"
	// roleBaseline is the file of the baseline stack sce:baselineStack names.
	roleBaseline = "baseline"
	// roleReferenced is the file of another stack the program referenced.
	roleReferenced = "referenced"
)

// stackFileFact is one row about a stack file: its label and text in the
// control matrix, and, when there is a file, the file and its role.
type stackFileFact struct {
	label, text string
	file        *StackFile
	role        string
}

// stackFileFacts are the rows of the bundle's stack files: the stack's
// own, then its baseline's (or why there is none), then any other stack
// the program referenced.
func stackFileFacts(bundle Bundle) []stackFileFact {
	files := bundle.Provenance.StackFiles
	if len(files) == 0 {
		return []stackFileFact{{label: "stack file", text: "not recorded"}}
	}
	out := []stackFileFact{{label: "stack file", text: fileText(files[0].File), file: &files[0], role: roleStack}}
	baseline := bundle.Config.BaselineStack
	baseline = baseline[strings.LastIndexByte(baseline, '/')+1:]
	var others []stackFileFact
	found := false
	for i := range files[1:] {
		f := &files[1+i]
		if baseline != "" && f.Stack == baseline {
			found = true
			out = append(out, stackFileFact{label: "baseline stack file", text: fileText(f.File), file: f, role: roleBaseline})
			continue
		}
		others = append(others, stackFileFact{label: "referenced stack file (" + f.Stack + ")", text: fileText(f.File),
			file: f, role: roleReferenced})
	}
	if !found {
		text := "none: the stack names no baseline stack (sce:baselineStack)"
		switch {
		case bundle.Config.Baseline():
			text = "none: the stack is itself a baseline (sce:kind: baseline)"
		case baseline != "":
			text = fmt.Sprintf("not recorded: the plan did not read the stack %s that sce:baselineStack names", baseline)
		}
		out = append(out, stackFileFact{label: "baseline stack file", text: text})
	}
	return append(out, others...)
}

// fileText is a file's path and digest.
func fileText(f File) string {
	return fmt.Sprintf("%s (sha256 %s)", f.Path, f.SHA256)
}

// stackFileDoc is a stack file in provenance.json.
type stackFileDoc struct {
	StackFile
	// Role is roleStack, roleBaseline or roleReferenced.
	Role string `json:"role"`
}
