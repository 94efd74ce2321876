package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/closeout"
)

// commandLine matches an sce command line at the start of a code span or a
// line of a code block: `sce plan hipaa --format json`.
var commandLine = regexp.MustCompile(`^(?:go run \./cmd/)?sce ([a-z].*)$`)

// codeSpanText matches the text of an inline code span.
var codeSpanText = regexp.MustCompile("`([^`]+)`")

// documentedCommands are the sce command lines of a Markdown file: its
// code spans and the lines of its code blocks that start with sce (a
// comment after # left out), with their line numbers.
func documentedCommands(t *testing.T, path string) map[int][]string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	out := map[int][]string{}
	fenced := false
	for i, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
			continue
		}
		candidates := []string{strings.TrimSpace(line)}
		if !fenced {
			candidates = nil
			for _, m := range codeSpanText.FindAllStringSubmatch(line, -1) {
				candidates = append(candidates, m[1])
			}
		}
		for _, c := range candidates {
			c, _, _ = strings.Cut(c, " #")
			if m := commandLine.FindStringSubmatch(strings.TrimSpace(c)); m != nil {
				out[i+1] = append(out[i+1], m[1])
			}
		}
	}
	return out
}

// checkCommandLine says what is wrong with an sce command line against the
// CLI: an unknown command, or a flag the command does not have.
func checkCommandLine(root *cobra.Command, line string) []string {
	words := strings.Fields(strings.TrimSuffix(line, `\`))
	cmd, rest, err := root.Find(words)
	if err != nil || cmd == root {
		return []string{"no command " + strings.Fields(line)[0]}
	}
	if cmd.HasSubCommands() && len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		return []string{"no command " + cmd.Name() + " " + rest[0]}
	}
	var problems []string
	for i, w := range rest {
		if !strings.HasPrefix(w, "--") || w == "--" {
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(w, "--"), "=")
		if !hasValue && i+1 < len(rest) {
			value = rest[i+1]
		}
		f := cmd.Flags().Lookup(name)
		if f == nil {
			f = cmd.InheritedFlags().Lookup(name)
		}
		switch {
		case f == nil && name != "help":
			problems = append(problems, cmd.CommandPath()+" has no flag --"+name)
		case name == "format" && !slices.Contains(formatChoices(f.Usage), value):
			problems = append(problems, fmt.Sprintf("%s --format has no %q (%s)", cmd.CommandPath(), value, f.Usage))
		}
	}
	return problems
}

// formatChoices are the formats a --format flag's usage names ("output
// format: table, csv, json, markdown").
func formatChoices(usage string) []string {
	_, list, _ := strings.Cut(usage, ":")
	return strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' || r == '(' || r == ')' || r == '"' })
}

// TestDocumentedCommandsExist: every sce command line in the README and
// docs/ names a command of the CLI and only flags that command has.
func TestDocumentedCommandsExist(t *testing.T) {
	root := newRootCmd(defaultApp())
	checked := 0
	for _, path := range documentationFiles(t) {
		for line, cmds := range documentedCommands(t, path) {
			for _, c := range cmds {
				checked++
				for _, p := range checkCommandLine(root, c) {
					t.Errorf("%s:%d: `sce %s`: %s", filepath.Base(path), line, c, p)
				}
			}
		}
	}
	assert.Greater(t, checked, 40, "the documentation's command lines were found")
}

func TestCheckCommandLine(t *testing.T) {
	root := newRootCmd(defaultApp())
	assert.Empty(t, checkCommandLine(root, "report hipaa --out docs --only controls.md --reproducible"))
	assert.Empty(t, checkCommandLine(root, "policy check plan.json --config=FILE"))
	assert.Equal(t, []string{"sce closeout has no flag --dryrun"}, checkCommandLine(root, "closeout hipaa --dryrun"))
	assert.Equal(t, []string{"no command destroy"}, checkCommandLine(root, "destroy hipaa"))
	assert.Empty(t, checkCommandLine(root, "cost hipaa --format markdown"))
	assert.Equal(t, []string{`sce plan --format has no "markdown" (output format: table or json (default json for an --out file named .json))`},
		checkCommandLine(root, "plan hipaa --format markdown"))
	assert.Equal(t, []string{"no command policy show"}, checkCommandLine(root, "policy show hipaa"))
}

// cliCommands are the commands a user runs: each top-level command, or its
// subcommands when it has some ("policy check"); cobra's help and
// completion left out.
func cliCommands(root *cobra.Command) []string {
	var out []string
	for _, c := range root.Commands() {
		if c.Hidden || c.Name() == "help" || c.Name() == "completion" {
			continue
		}
		if !c.HasSubCommands() {
			out = append(out, c.Name())
			continue
		}
		for _, sub := range c.Commands() {
			out = append(out, c.Name()+" "+sub.Name())
		}
	}
	slices.Sort(out)
	return out
}

// readmeCommands are the commands the README's command table lists: the
// leading words of each code span in its first column.
func readmeCommands(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	require.NoError(t, err)
	_, table, ok := strings.Cut(string(data), "\n## Commands\n")
	require.True(t, ok, "the README has a ## Commands section")
	table, _, _ = strings.Cut(table, "\n## ")
	var out []string
	for _, line := range strings.Split(table, "\n") {
		first, _, _ := strings.Cut(strings.TrimPrefix(line, "| "), " | ")
		for _, m := range codeSpanText.FindAllStringSubmatch(first, -1) {
			m := commandLine.FindStringSubmatch(m[1])
			if m == nil {
				continue
			}
			var path []string
			for _, w := range strings.Fields(m[1]) {
				if !regexp.MustCompile(`^[a-z]+$`).MatchString(w) {
					break
				}
				path = append(path, w)
			}
			out = append(out, strings.Join(path, " "))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// TestREADMEListsEveryCommand: the README's command table lists exactly the
// CLI's commands.
func TestREADMEListsEveryCommand(t *testing.T) {
	assert.Equal(t, cliCommands(newRootCmd(defaultApp())), readmeCommands(t))
}

// TestLifecycleCloseoutSteps: docs/lifecycle.md numbers the close-out's
// steps as sce closeout --help does, each named in bold.
func TestLifecycleCloseoutSteps(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot, "docs", "lifecycle.md"))
	require.NoError(t, err)
	_, section, ok := strings.Cut(string(data), "\n## Close-out\n")
	require.True(t, ok)
	section, _, _ = strings.Cut(section, "\n## ")
	var got []string
	for _, m := range regexp.MustCompile(`(?m)^(\d+)\. \*\*([a-z-]+)\*\*`).FindAllStringSubmatch(section, -1) {
		got = append(got, m[1]+". "+m[2])
	}
	var want []string
	for i, s := range closeout.Steps() {
		want = append(want, strconv.Itoa(i+1)+". "+s)
	}
	assert.Equal(t, want, got)
	help := closeoutStepsHelp()
	for _, w := range want {
		assert.Contains(t, help, "  "+w+": ")
	}
}
