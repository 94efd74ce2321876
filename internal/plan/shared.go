package plan

// This file exports helpers of the stack-file parser for other packages that
// read YAML files of their own (internal/request): the same suggestions and
// the same located YAML syntax errors everywhere.

// Closest returns the entry of known nearest to name (case-insensitive edit
// distance, ties broken by the order of known) when it is near enough to be
// offered as "did you mean".
func Closest(name string, known []string) (string, bool) { return closest(name, known) }

// YAMLError turns a yaml.v3 syntax error in the file at path (holding data)
// into a ConfigError on the line of the problem.
func YAMLError(path string, data []byte, err error) ConfigError { return yamlError(path, data, err) }
