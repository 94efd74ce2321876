package stackfile

import (
	"fmt"
	"strings"
)

// ConfigError is one problem with a stack's configuration, located in its
// stack file.
type ConfigError struct {
	// Path is the stack file, as given (for example "stacks/Pulumi.hipaa.yaml").
	Path string
	// Line is the 1-based line of the key; 0 when the key is not in the file.
	Line int
	// Key is the config key ("sce:vpcCidr"); empty for file-level problems.
	Key string
	// Message says what is wrong and how to fix it.
	Message string
}

// Error renders "path:line: key: message", leaving out the line and the
// key when they are unknown.
func (e ConfigError) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Key != "" {
		b.WriteString(": " + e.Key)
	}
	b.WriteString(": " + e.Message)
	return b.String()
}

// ConfigErrors is every problem found in one stack's configuration.
type ConfigErrors []ConfigError

// Error lists every problem on its own line.
func (c ConfigErrors) Error() string {
	lines := make([]string, len(c))
	for i, e := range c {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// NotFoundError reports a stack without a stack file.
type NotFoundError struct {
	// Stack is the requested stack name.
	Stack string
	// Path is the stack file that does not exist.
	Path string
	// Available are the stacks that do have a file in the same directory, sorted.
	Available []string
}

// Error names the missing file and the stacks that exist.
func (e *NotFoundError) Error() string {
	msg := fmt.Sprintf("no stack %q: %s does not exist", e.Stack, e.Path)
	if len(e.Available) == 0 {
		return msg + " and the directory holds no Pulumi.<stack>.yaml files"
	}
	return msg + "; stacks there: " + strings.Join(e.Available, ", ")
}

// NameError reports a stack name that Pulumi does not allow, and that
// could name a file outside the stacks directory ("../x").
type NameError struct {
	// Stack is the name as given.
	Stack string
}

// Error says what a stack name may hold.
func (e *NameError) Error() string {
	return fmt.Sprintf("%q is not a stack name: use letters, digits, '-', '_' and '.'", e.Stack)
}

// DirError reports a stacks directory that cannot be read: missing, not a
// directory, or not readable.
type DirError struct {
	// Dir is the directory as given.
	Dir string
	// Err is why it cannot be read.
	Err error
}

// Error says how to point sce at the stacks directory.
func (e *DirError) Error() string {
	return fmt.Sprintf("stacks directory: %v (run sce from the repository root, or pass --stacks)", e.Err)
}

// Unwrap returns why the directory cannot be read.
func (e *DirError) Unwrap() error { return e.Err }
