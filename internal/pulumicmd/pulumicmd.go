// Package pulumicmd writes the Pulumi commands sce tells people to run, in
// one place: Pulumi loads a local policy pack only when --policy-pack is
// given, so every preview and update of a stack names the pack and the
// settings `sce policy config` writes for that stack.
package pulumicmd

import "fmt"

// PackDir is the policy pack's directory, relative to the repository root
// where the commands run.
const PackDir = "policies"

// ConfigFile is the file `sce policy config <stack> --out` writes for
// stack: the --policy-pack-config of its Pulumi runs.
func ConfigFile(stack string) string { return stack + "-policy.json" }

// PolicyConfig is the sce command that writes ConfigFile(stack); prog is
// how sce is run ("sce", or "go run ./cmd/sce" in a checkout).
func PolicyConfig(prog, stack string) string {
	return fmt.Sprintf("%s policy config %s --out %s", prog, stack, ConfigFile(stack))
}

// Run is `pulumi <verb> -s <stack>` with the policy pack and the stack's
// settings, verb being up or preview.
func Run(verb, stack string) string {
	return fmt.Sprintf("pulumi %s -s %s --policy-pack %s --policy-pack-config %s", verb, stack, PackDir, ConfigFile(stack))
}

// Deploy is the two steps that deploy stack, as a clause: write the
// stack's policy settings, then `pulumi up` with the pack.
func Deploy(prog, stack string) string {
	return fmt.Sprintf("`%s`, then `%s`", PolicyConfig(prog, stack), Run("up", stack))
}
