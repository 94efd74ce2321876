// Package request reads a research project's request for a Secure Computing
// Environment (a YAML file a researcher writes), checks it, and turns an
// approved request into the project's Pulumi stack file, allocating its VPC
// block from the site's pool. Every problem names its file, line and field.
package request

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/sce-dev/sce/internal/stackfile"
)

// Request is a parsed request file.
type Request struct {
	// Path is the file, as given.
	Path string
	// Title is the study title.
	Title string
	// PI is the principal investigator.
	PI Person
	// IRB is the approval the study runs under.
	IRB IRB
	// StudyEnd is the planned end of the study.
	StudyEnd time.Time
	// DataClass is phi, limited or deidentified; empty means phi.
	DataClass string
	// CostCenter is charged for the environment.
	CostCenter string
	// MonthlyBudgetUSD is the budget the PI approves, in US dollars.
	MonthlyBudgetUSD float64
	// AllowedClientCIDRs are the networks researchers connect from.
	AllowedClientCIDRs []string
	// Researchers are the people who get an account.
	Researchers []Researcher
	// Workers are the machines they work on.
	Workers Workers
	// Lines maps every field path ("irb.expiresOn", "researchers[1].email")
	// to its 1-based line in the file.
	Lines map[string]int
}

// Person is a name and an e-mail address.
type Person struct {
	// Name is the person's name.
	Name string
	// Email is the person's e-mail address.
	Email string
}

// IRB is the Institutional Review Board approval of the study.
type IRB struct {
	// Protocol is the IRB protocol identifier.
	Protocol string
	// ApprovedOn is the date of the approval.
	ApprovedOn time.Time
	// ExpiresOn is the last day the approval is valid.
	ExpiresOn time.Time
}

// Researcher is one person who works in the environment.
type Researcher struct {
	// Username is the Linux account name.
	Username string
	// Email is how to reach the researcher.
	Email string
	// SSHPublicKey is the OpenSSH public key line (never the private key).
	SSHPublicKey string
	// Admin asks for sudo on the workers, to install software.
	Admin bool
}

// Workers are the private-subnet machines of the project.
type Workers struct {
	// Count is how many workers run.
	Count int
	// InstanceType is the EC2 type; empty means sce's default.
	InstanceType string
	// DataVolumeSizeGiB is each worker's data volume; zero means sce's default.
	DataVolumeSizeGiB int
}

// Load reads and parses a request file.
func Load(path string) (*Request, error) {
	data, err := readInput(path, "request file", "check the path; examples/requests/vitals-study.yaml shows what a request holds")
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// readInput reads an input file. A missing one is a stackfile.ConfigErrors
// problem on its path (a usage error in the CLI) that says what to give.
func readInput(path, what, hint string) ([]byte, error) {
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, stackfile.ConfigErrors{{Path: path, Message: fmt.Sprintf("no such %s: %s", what, hint)}}
	case err != nil:
		return nil, fmt.Errorf("read %s %s: %w", what, path, err)
	}
	return data, nil
}

// Parse parses a request file's content. Every structural problem (unknown,
// missing, repeated or mistyped fields) comes back at once as
// stackfile.ConfigErrors with its line.
func Parse(path string, data []byte) (*Request, error) {
	r := &Request{Path: path}
	lines, err := parseDocument(path, data, r.specs)
	if err != nil {
		return nil, err
	}
	r.Lines = lines
	return r, nil
}

// specs are the top-level fields of a request.
func (r *Request) specs(w *walker) []fieldSpec {
	return []fieldSpec{
		{"title", "the study title", w.text(&r.Title, `"Readmission risk in heart failure"`)},
		{"principalInvestigator", "name: and email: of the PI", func(f string, n *yaml.Node) {
			w.mapping(f, w.lines[f], n, r.PI.specs(w))
		}},
		{"irb", "protocol:, approvedOn: and expiresOn: of the IRB approval", func(f string, n *yaml.Node) {
			w.mapping(f, w.lines[f], n, r.IRB.specs(w))
		}},
		{"studyEndDate", "the planned end of the study as YYYY-MM-DD", w.date(&r.StudyEnd)},
		{"dataClass", "", w.text(&r.DataClass, "phi")},
		{"costCenter", "the cost center charged for the environment", w.text(&r.CostCenter, "CC-4711")},
		{"monthlyBudgetUsd", "the monthly budget in US dollars", w.number(&r.MonthlyBudgetUSD, "1500")},
		{"allowedClientCidrs", "the networks researchers connect from, one CIDR per line", w.texts(&r.AllowedClientCIDRs, "198.51.100.0/24")},
		{"researchers", "at least one researcher with username:, email: and sshPublicKey:", func(f string, n *yaml.Node) {
			w.list(f, n, "username: jdoe", func(item string, c *yaml.Node) {
				var res Researcher
				w.mapping(item, c.Line, c, res.specs(w))
				r.Researchers = append(r.Researchers, res)
			})
		}},
		{"workers", "count: (and optionally instanceType: and dataVolumeSizeGiB:)", func(f string, n *yaml.Node) {
			w.mapping(f, w.lines[f], n, r.Workers.specs(w))
		}},
	}
}

func (p *Person) specs(w *walker) []fieldSpec {
	return []fieldSpec{
		{"name", "the PI's name", w.text(&p.Name, "Dr. K. Researcher")},
		{"email", "the PI's e-mail address", w.text(&p.Email, "k.researcher@example.edu")},
	}
}

func (i *IRB) specs(w *walker) []fieldSpec {
	return []fieldSpec{
		{"protocol", "the IRB protocol identifier", w.text(&i.Protocol, "STUDY00012345")},
		{"approvedOn", "the approval date as YYYY-MM-DD", w.date(&i.ApprovedOn)},
		{"expiresOn", "the last day of the approval as YYYY-MM-DD", w.date(&i.ExpiresOn)},
	}
}

func (r *Researcher) specs(w *walker) []fieldSpec {
	return []fieldSpec{
		{"username", "the Linux account name, for example jdoe", w.text(&r.Username, "jdoe")},
		{"email", "the researcher's e-mail address", w.text(&r.Email, "jdoe@example.edu")},
		{"sshPublicKey", "the line of the researcher's ~/.ssh/id_ed25519.pub", w.text(&r.SSHPublicKey, `"ssh-ed25519 AAAA... jdoe@laptop"`)},
		{"admin", "", w.boolean(&r.Admin)},
	}
}

func (k *Workers) specs(w *walker) []fieldSpec {
	return []fieldSpec{
		{"count", "how many workers, for example 1", w.integer(&k.Count, "1")},
		{"instanceType", "", w.text(&k.InstanceType, "m5.xlarge")},
		{"dataVolumeSizeGiB", "", w.integer(&k.DataVolumeSizeGiB, "500")},
	}
}
