package main

import (
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
)

// extensionFormat is the output format a file name's extension names, and
// false for an extension that names none.
func extensionFormat(ext string) (string, bool) {
	switch ext {
	case ".json":
		return "json", true
	case ".csv":
		return "csv", true
	case ".md", ".markdown":
		return "markdown", true
	}
	return "", false
}

// outFormat is the format a command with --format and --out writes in: the
// --format given, or, when --format was left at its default, the format
// the --out file's extension names (x.json is JSON). A --format given that
// contradicts the extension, and an extension naming a format the command
// does not write, are refused: a file named .json never holds a table.
// formats are the command's formats; other extensions (.txt) keep --format,
// and an unknown --format is left to the command to refuse.
func outFormat(cmd *cobra.Command, format, out string, formats []string) (string, error) {
	named, ok := extensionFormat(strings.ToLower(filepath.Ext(out)))
	if out == "" || !ok || named == format || !slices.Contains(formats, format) {
		return format, nil
	}
	switch {
	case !slices.Contains(formats, named):
		return "", usagef("--out %s names a %s file, but %s writes %s: name the file for one of them (for example .txt for the table)",
			out, named, cmd.CommandPath(), strings.Join(formats, ", "))
	case cmd.Flags().Changed("format"):
		return "", usagef("--out %s names a %s file, but --format is %s: use --format %s, or a file name that fits %s (for example .txt for the table)",
			out, named, format, named, format)
	}
	return named, nil
}
