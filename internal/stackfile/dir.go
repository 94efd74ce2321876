package stackfile

import (
	"fmt"
	"path/filepath"
)

// Stack is one stack file of a stacks directory, as LoadDir read it.
type Stack struct {
	// Name is the stack name, from the file name Pulumi.<name>.yaml.
	Name string
	// Path is the file: dir/Pulumi.<name>.yaml.
	Path string
	// File is the parsed file; nil when it could not be read.
	File *File
	// Err says why the file could not be read; nil when it was.
	Err error
}

// LoadDir reads every stack file of dir (see List and Load), in stack name
// order: the one place that gathers a stacks directory for the checks that
// compare a stack with the others (one PIT per stack, VPC blocks that do
// not overlap, a project in its baseline's region). A file that does not
// load is returned with its error, not dropped: a caller says what it could
// not compare.
func LoadDir(dir string, known []string) ([]Stack, error) {
	names, err := List(dir)
	if err != nil {
		return nil, err
	}
	out := make([]Stack, len(names))
	for i, name := range names {
		path := filepath.Join(dir, "Pulumi."+name+".yaml")
		f, err := Load(path, known)
		out[i] = Stack{Name: name, Path: path, File: f, Err: err}
	}
	return out, nil
}

// Where is "path:line" of key in the file, or the path when the file does
// not set the key: how a message points at another stack's setting.
func (f *File) Where(key string) string {
	if line, ok := f.Lines[key]; ok {
		return fmt.Sprintf("%s:%d", f.Path, line)
	}
	return f.Path
}
