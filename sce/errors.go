package sce

import (
	"fmt"
	"strings"
)

// FieldError is one invalid setting: the config key it came from (for example
// "sce:vpcCidr" or "sce:allowedSshCidrs[1]") and what is wrong with it,
// including how to fix it.
type FieldError struct {
	// Key is the full config key, with namespace and, for list items, the index.
	Key string
	// Message says what is wrong and how to fix it.
	Message string
}

// Error implements error as "key: message".
func (e FieldError) Error() string { return e.Key + ": " + e.Message }

// BaseKey is Key without a list index: "sce:allowedSshCidrs[1]" -> "sce:allowedSshCidrs".
func (e FieldError) BaseKey() string {
	if i := strings.IndexByte(e.Key, '['); i >= 0 {
		return e.Key[:i]
	}
	return e.Key
}

// ValidationErrors is every problem found in one set of arguments, in the
// order the checks ran. It is returned before any resource is registered.
type ValidationErrors []FieldError

// Error lists every problem on its own line.
func (v ValidationErrors) Error() string {
	lines := make([]string, len(v))
	for i, e := range v {
		lines[i] = e.Error()
	}
	return "invalid configuration:\n  " + strings.Join(lines, "\n  ")
}

// add records a problem with key (without namespace) and message.
func (v *ValidationErrors) add(key, format string, a ...any) {
	*v = append(*v, FieldError{Key: qualify(key), Message: fmt.Sprintf(format, a...)})
}

// orNil returns nil when there are no problems, so callers can return it as error.
func (v ValidationErrors) orNil() error {
	if len(v) == 0 {
		return nil
	}
	return v
}

// qualify adds the sce namespace to a bare key; keys that already carry a
// namespace (such as "aws:region") are kept as they are.
func qualify(key string) string {
	base := key
	if i := strings.IndexByte(base, '['); i >= 0 {
		base = base[:i]
	}
	if strings.Contains(base, ":") {
		return key
	}
	return ConfigNamespace + ":" + key
}
