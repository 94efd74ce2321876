package stacks

import (
	"errors"

	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/sce"
)

// ReadFile reads the stack file at path, checks its keys against
// KnownConfigKeys and decodes its config with DecodeConfig. Every problem
// comes back at once as stackfile.ConfigErrors, each on its line
// ("file:line: key: message"); the file is returned whenever it parsed, so
// that callers can locate problems of their own.
func ReadFile(path string) (Config, *stackfile.File, error) {
	f, err := stackfile.Load(path, KnownConfigKeys())
	if err != nil {
		return Config{}, nil, err
	}
	cfg, err := DecodeConfig(f.Config)
	var verrs sce.ValidationErrors
	if errors.As(err, &verrs) {
		return cfg, f, f.Locate(verrs)
	}
	return cfg, f, err
}
