package main

import (
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
)

// extensionFormats are the output formats a file name's extension names.
var extensionFormats = map[string]string{".json": "json", ".csv": "csv", ".md": "markdown", ".markdown": "markdown"}

// outFormat is the format a command with --format and --out writes in: the
// --format given, or, when --format was left at its default, the format
// the --out file's extension names (x.json is JSON). A --format given that
// contradicts the extension, and an extension naming a format the command
// does not write, are refused: a file named .json never holds a table.
// formats are the command's formats; other extensions (.txt) keep --format,
// and an unknown --format is left to the command to refuse.
func outFormat(cmd *cobra.Command, format, out string, formats []string) (string, error) {
	named, ok := extensionFormats[strings.ToLower(filepath.Ext(out))]
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
