package request

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseValid(t *testing.T) {
	r, err := Parse("req.yaml", []byte(validRequest))
	require.NoError(t, err)
	assert.Equal(t, "Synthetic vitals", r.Title)
	assert.Equal(t, Person{Name: "Dr. K. Researcher", Email: "k.researcher@example.edu"}, r.PI)
	assert.Equal(t, "2027-01-14", iso(r.IRB.ExpiresOn))
	assert.Equal(t, []Researcher{{Username: "kresearcher", Email: "k.researcher@example.edu", SSHPublicKey: keyA}}, r.Researchers)
	assert.Equal(t, Workers{Count: 1, InstanceType: "m5.xlarge", DataVolumeSizeGiB: 200}, r.Workers)
	assert.Equal(t, 1500.0, r.MonthlyBudgetUSD)
	assert.Equal(t, 8, r.Lines["irb.expiresOn"])
	assert.Equal(t, 18, r.Lines["researchers[0].sshPublicKey"])
}

func TestParseProblems(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     []string
	}{
		{"unknown field with a guess", "costCenter: CC-4711", "costCentre: CC-4711", []string{
			"req.yaml:11: costCentre: unknown field: did you mean costCenter?",
			"req.yaml:1: costCenter: is missing: add costCenter: with the cost center charged for the environment",
		}},
		{"unknown nested field", "  protocol: STUDY00012345", "  protocol: STUDY00012345\n  committee: Board A", []string{
			"req.yaml:7: irb.committee: unknown field: the fields here are protocol, approvedOn, expiresOn",
		}},
		{"missing nested field", "  approvedOn: 2026-01-15\n", "", []string{
			"req.yaml:5: irb.approvedOn: is missing: add approvedOn: with the approval date as YYYY-MM-DD",
		}},
		{"bad date", "studyEndDate: 2026-12-31", "studyEndDate: 31/12/2026", []string{
			`req.yaml:9: studyEndDate: "31/12/2026" is not a date as YYYY-MM-DD, for example 2027-06-30`,
		}},
		{"empty value", "title: \"Synthetic vitals\"", "title:", []string{
			"req.yaml:1: title: is empty: write a value, for example \"Readmission risk in heart failure\"",
		}},
		{"list instead of value", "costCenter: CC-4711", "costCenter: [CC-1, CC-2]", []string{
			"req.yaml:11: costCenter: must be a single value, for example CC-4711",
		}},
		{"value instead of list", "allowedClientCidrs:\n  - 198.51.100.0/24", "allowedClientCidrs: 198.51.100.0/24", []string{
			"req.yaml:13: allowedClientCidrs: must be a list, one item per line starting with \"- \", for example\n    - 198.51.100.0/24",
		}},
		{"not a number", "monthlyBudgetUsd: 1500", "monthlyBudgetUsd: lots", []string{
			`req.yaml:12: monthlyBudgetUsd: "lots" is not a number, for example 1500`,
		}},
		{"not a whole number", "  count: 1", "  count: 1.5", []string{
			`req.yaml:20: workers.count: "1.5" is not a whole number, for example 1`,
		}},
		{"whole number out of range", "  count: 1", "  count: 99999999999999999999", []string{
			`req.yaml:20: workers.count: 99999999999999999999 is out of range: give a whole number in the field's range, for example 1`,
		}},
		{"whole number past 32 bits", "  count: 1", "  count: 2147483648", []string{
			`req.yaml:20: workers.count: 2147483648 is out of range: give a whole number in the field's range, for example 1`,
		}},
		{"not a boolean", "    email: k.researcher@example.edu\n    ssh", "    email: k.researcher@example.edu\n    admin: yes please\n    ssh", []string{
			`req.yaml:18: researchers[0].admin: "yes please" is not true or false`,
		}},
		{"researcher without key", "    sshPublicKey: " + keyA + "\n", "", []string{
			"req.yaml:16: researchers[0].sshPublicKey: is missing: add sshPublicKey: with the line of the researcher's ~/.ssh/id_ed25519.pub",
		}},
		{"repeated field", "dataClass: phi", "dataClass: phi\ndataClass: limited", []string{
			"req.yaml:11: dataClass: set twice (first on line 10): keep one",
		}},
		{"nested field repeated in another case", "  count: 1", "  count: 1\n  Count: 4", []string{
			"req.yaml:21: workers.Count: repeats count (line 20) in another case: field names are case-sensitive and Count " +
				"would be ignored; keep one, spelled count",
		}},
		{"yaml syntax", "  name: Dr. K. Researcher", "\tname: Dr. K. Researcher", []string{
			"req.yaml:3: invalid YAML: found character that cannot start any token",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("req.yaml", []byte(replace(t, validRequest, tt.old, tt.new)))
			require.Error(t, err)
			assert.Equal(t, tt.want, lines(err))
		})
	}
}

func TestParseEmptyFile(t *testing.T) {
	_, err := Parse("req.yaml", nil)
	assert.EqualError(t, err, "req.yaml: the file is empty: start from the example in examples/requests/")
}

// lines splits an error's message into its lines, one per problem.
func lines(err error) []string {
	if err == nil {
		return nil
	}
	var out []string
	for _, e := range splitProblems(err) {
		out = append(out, e.Error())
	}
	return out
}
