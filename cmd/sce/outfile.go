package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// checkOutFile refuses, before any work is done, an --out file that could
// not be written: a folder, or a file in a folder that does not exist or
// that sce may not write in. example is a file name to suggest for a
// folder. It creates nothing and leaves an existing file as it is: the
// probe it writes in the folder is removed at once.
func checkOutFile(out, example string) error {
	if out == "" {
		return nil
	}
	if info, err := os.Stat(out); err == nil {
		return checkExistingOut(out, info, example)
	}
	dir := filepath.Dir(out)
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return usagef("--out %s: folder %s does not exist: create it, or write the file elsewhere", out, dir)
	case err != nil:
		return usagef("--out %s: %v", out, err)
	case !info.IsDir():
		return usagef("--out %s: %s is not a folder", out, dir)
	}
	probe, err := os.CreateTemp(dir, ".sce-out-*")
	if err != nil {
		return usagef("--out %s: cannot write in folder %s: %v", out, dir, errors.Unwrap(err))
	}
	probe.Close()
	return os.Remove(probe.Name())
}

// checkExistingOut refuses an --out that exists and is a folder, or a file
// sce may not write; it opens the file without truncating it.
func checkExistingOut(out string, info fs.FileInfo, example string) error {
	if info.IsDir() {
		return usagef("--out %s: is a folder: give a file name, for example %s", out, filepath.Join(out, example))
	}
	f, err := os.OpenFile(out, os.O_WRONLY, 0)
	if err != nil {
		return usagef("--out %s: cannot write the file: %v", out, errors.Unwrap(err))
	}
	return f.Close()
}
