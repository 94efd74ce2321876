package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/sce"
	"github.com/sce-dev/sce/stacks"
)

// writeConformance writes what the account's AWS Config conformance pack
// says of this stack: the accepted exceptions, the rules only AWS can
// evaluate, and the answer to the assessment's MFA finding.
func writeConformance(b *strings.Builder, p *plan.Plan) error {
	rules, total, err := sce.ConformancePack()
	if err != nil {
		return err
	}
	if err := writeExceptions(b, p, rules, total); err != nil {
		return err
	}
	writeNotYetMet(b, rules)
	writeAWSOnly(b, rules)
	writeMFA(b, p, rules)
	return nil
}

// projectOf is the PIT of the project p plans, "" for another stack.
func projectOf(p *plan.Plan) string {
	if envs := p.Find(sce.EnvironmentType); len(envs) == 1 {
		return envs[0].Name
	}
	return ""
}

// exceptionScope is the name the exceptions of p's stack are named after
// (the project's PIT, or the account baseline's name) and its access mode
// ("" for the baseline); "" and "" for another stack.
func exceptionScope(p *plan.Plan) (name, mode string) {
	if pit := projectOf(p); pit != "" {
		mode = string(stackConfig(p).Access)
		if mode == "" {
			mode = sce.DefaultAccessMode
		}
		return pit, mode
	}
	if bl := p.Find(sce.BaselineType); len(bl) == 1 {
		return bl[0].Name, ""
	}
	return "", ""
}

// stackConfig is p's config as the stack decoded it (stacks.DecodeConfig,
// the one reader of sce:* keys); what does not decode keeps its zero value,
// as planning the stack already reported it.
func stackConfig(p *plan.Plan) stacks.Config {
	cfg, _ := stacks.DecodeConfig(p.Config)
	return cfg
}

func writeExceptions(b *strings.Builder, p *plan.Plan, rules []sce.PackRule, total int) error {
	official := 0
	for _, r := range rules {
		if r.Official {
			official++
		}
	}
	fmt.Fprintf(b, "## Accepted exceptions\n\n"+
		"The account baseline's AWS Config conformance pack holds %d rules: %d of the %d rules of AWS's\n"+
		"\"Operational Best Practices for HIPAA Security\" (those whose resource types sce deploys, with AWS's\n"+
		"default parameters) and %d that sce adds. sce's tests evaluate every rule a plan can show against\n"+
		"the shipped stacks. A stack may fail a rule only where its access mode needs it, or where AWS does\n"+
		"not allow the resource to pass, as listed here\n"+
		"with what protects the resource instead; the rules failed for any other reason follow, not accepted.\n\n", len(rules), official, total, len(rules)-official)
	name, mode := exceptionScope(p)
	var exceptions []sce.PackException
	if name != "" {
		all, err := sce.ConformanceExceptions(name, mode)
		if err != nil {
			return err
		}
		for _, e := range all {
			if _, ok := p.ByName(e.Resource); ok {
				exceptions = append(exceptions, e)
			}
		}
	}
	if len(exceptions) == 0 {
		b.WriteString("None for this stack.\n\n")
		return nil
	}
	if mode == "" {
		b.WriteString("Account baseline.\n\n")
	} else {
		fmt.Fprintf(b, "Access mode: %s.\n\n", mode)
	}
	b.WriteString("| rule | resource | reason | compensating control | HIPAA |\n| --- | --- | --- | --- | --- |\n")
	for _, e := range exceptions {
		reason := e.Reason
		if e.Source != "" {
			reason += " AWS documents this limit (docs/known-limits.md names the page)."
		}
		fmt.Fprintf(b, "| `%s` (`%s`) | %s (%s) | %s | %s | %s |\n", nameOf(rules, e.Rule), e.Rule, e.Resource, e.ResourceType,
			cell(reason), cell(e.CompensatingControl), strings.Join(e.HIPAA, ", "))
	}
	b.WriteString("\n")
	return nil
}

// nameOf is the pack's name of the rule with identifier id.
func nameOf(rules []sce.PackRule, id string) string {
	if i := slices.IndexFunc(rules, func(r sce.PackRule) bool { return r.Identifier == id }); i >= 0 {
		return rules[i].Name
	}
	return id
}

// writeNotYetMet lists the rules the shipped stacks fail with no exception
// to cover them, or says that there are none.
func writeNotYetMet(b *strings.Builder, rules []sce.PackRule) {
	b.WriteString("### Not yet met\n\n")
	open := slices.DeleteFunc(slices.Clone(rules), func(r sce.PackRule) bool { return r.NotYetMet == "" })
	if len(open) == 0 {
		b.WriteString("None: the shipped stacks pass every rule a plan can show, but for the exceptions above.\n\n")
		return
	}
	b.WriteString("The shipped stacks fail these rules today; no exception covers them, each waits for a change to sce.\n\n")
	for _, r := range open {
		fmt.Fprintf(b, "- `%s`: %s.\n", r.Name, r.NotYetMet)
	}
	b.WriteString("\n")
}

func writeAWSOnly(b *strings.Builder, rules []sce.PackRule) {
	b.WriteString("### Evaluated on AWS only\n\n" +
		"No plan can show these rules' result; AWS Config evaluates them in the account.\n\n")
	for _, r := range rules {
		if r.AWSOnly != "" {
			fmt.Fprintf(b, "- `%s`: %s.\n", r.Name, r.AWSOnly)
		}
	}
	b.WriteString("\n")
}

// writeMFA answers finding 1.1 ("MFA not found for any user") with what
// is configured: how researchers authenticate, the account's password
// policy and the pack's MFA rules.
func writeMFA(b *strings.Builder, p *plan.Plan, rules []sce.PackRule) {
	b.WriteString("## Finding 1.1: MFA not found for any user\n\n")
	if pit := projectOf(p); pit != "" {
		cfg := stackConfig(p)
		total, sk := researcherKeys(cfg.Researchers)
		required := "no"
		if cfg.RequireSecurityKeys {
			required = "yes (sce:requireSecurityKeys): sshd refuses any other key"
		}
		fmt.Fprintf(b, "- Researchers sign in to the project's instances over SSH with their own key only (no\n"+
			"  passwords, no AWS console user). Security-key (FIDO2) SSH keys required: %s.\n"+
			"  %d of %d researchers' keys are security keys (%s),\n"+
			"  which need the key's touch and PIN at every login.\n",
			required, sk, total, strings.Join(sce.SecurityKeyTypes(), ", "))
	}
	var mfa []string
	for _, r := range rules {
		if strings.Contains(r.Identifier, "MFA") {
			mfa = append(mfa, "`"+r.Name+"`")
		}
		if r.Identifier == "IAM_PASSWORD_POLICY" {
			fmt.Fprintf(b, "- The account baseline sets the IAM password policy: at least %s characters with upper-\n"+
				"  and lowercase letters, numbers and symbols, none of the last %s reused, at most %s days old;\n"+
				"  the pack's rule `%s` checks it.\n", r.Parameters["MinimumPasswordLength"], r.Parameters["PasswordReusePrevention"],
				r.Parameters["MaxPasswordAge"], r.Name)
		}
	}
	fmt.Fprintf(b, "- The baseline's conformance pack checks MFA on the root user and every IAM user in AWS\n"+
		"  Config: %s.\n\n",
		strings.Join(mfa, ", "))
}

// researcherKeys counts the researchers and those whose key is a security
// key.
func researcherKeys(rs []sce.Researcher) (total, sk int) {
	for _, r := range rs {
		if slices.Contains(sce.SecurityKeyTypes(), strings.SplitN(strings.TrimSpace(r.PublicKey), " ", 2)[0]) {
			sk++
		}
	}
	return len(rs), sk
}
