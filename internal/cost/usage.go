package cost

import (
	"fmt"
	"math"
	"strings"

	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/stacks"
)

// usage are the usage figures an estimate prices: the stack's, with the
// defaults and the derived figures filled in.
type usage struct {
	stacks.Usage
}

// planFacts are what the derived usage figures take from the plan.
type planFacts struct {
	// configRules counts the Config rules.
	configRules int
	// backupVolumeGB is the provisioned GB of the EBS volumes a backup
	// selection covers.
	backupVolumeGB float64
}

// dnsQueryLogBytes is the size of one Resolver query log record when the
// stack does not give sce:usage.dnsQueryLogGbPerMonth.
const dnsQueryLogBytes = 500

// backupChangedShare is the share of backupGb written a day when the stack
// does not say (sce:usage.backupChangedGbPerDay).
const backupChangedShare = 0.01

// estimateUsage completes the stack's usage figures: defaults, then the
// figures derived from the others and from the plan's facts.
func estimateUsage(u stacks.Usage, f planFacts) usage {
	d := u.WithDefaults()
	configRules := f.configRules
	if !u.Given(stacks.UsageDataEventsPerMonth) {
		d.DataEventsPerMonth = d.S3PutRequestsPerMonth + d.S3GetRequestsPerMonth
	}
	if !u.Given(stacks.UsageConfigEvaluationsPerMonth) {
		d.ConfigEvaluationsPerMonth = math.Round(d.ConfigItemsPerMonth + float64(configRules)*daysPerMonth)
	}
	if !u.Given(stacks.UsageBackupGB) {
		d.BackupGB = f.backupVolumeGB
	}
	if !u.Given(stacks.UsageBackupChangedGBPerDay) {
		d.BackupChangedGBPerDay = d.BackupGB * backupChangedShare
	}
	if !u.Given(stacks.UsageDNSQueryLogGBPerMonth) {
		d.DNSQueryLogGBPerMonth = d.DNSQueriesPerMonth * dnsQueryLogBytes / 1e9
	}
	return usage{d}
}

// factsOf reads the plan's facts: its Config rules, and the EBS volumes its
// backup selections cover (every volume when one selects volumes; every
// instance's root and attached volumes when one selects instances).
func factsOf(p *plan.Plan) planFacts {
	f := planFacts{configRules: len(p.Find(typeConfigRule))}
	volumes, instances := false, false
	for _, s := range p.Find(typeBackupSelection) {
		arns, _ := s.Inputs["resources"].([]any)
		for _, a := range arns {
			arn, _ := a.(string)
			volumes = volumes || strings.Contains(arn, ":volume/")
			instances = instances || strings.Contains(arn, ":instance/")
		}
	}
	if volumes || instances {
		for _, v := range p.Find(typeVolume) {
			size, _ := num(v.Inputs, "size")
			f.backupVolumeGB += size
		}
	}
	if instances {
		for _, i := range p.Find(typeInstance) {
			size, _ := num(object(i.Inputs, "rootBlockDevice"), "volumeSize")
			f.backupVolumeGB += size
		}
	}
	return f
}

// assumptions describe every figure the estimate used and where it came
// from; unused names the figures of what the plan does not have.
func (u usage) assumptions(unused map[string]bool) []string {
	var out []string
	for _, f := range stacks.UsageFigures() {
		if unused[f.Name] {
			continue
		}
		v := u.Figure(f.Name)
		switch {
		case u.Given(f.Name):
			out = append(out, fmt.Sprintf("%s.%s = %s %s (stack config)", stacks.KeyUsage, f.Name, formatCount(v), f.Unit))
		case f.Derived != "":
			out = append(out, fmt.Sprintf("%s.%s = %s %s (default: %s)", stacks.KeyUsage, f.Name, formatCount(v), f.Unit, f.Derived))
		default:
			out = append(out, fmt.Sprintf("%s.%s = %s %s (default)", stacks.KeyUsage, f.Name, formatCount(v), f.Unit))
		}
	}
	return out
}
