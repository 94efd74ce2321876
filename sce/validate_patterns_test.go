package sce

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestIsTagValueIsTheCharacterClass checks isTagValue against the regexp it
// replaced, on letters, digits and spaces of several scripts, the allowed
// symbols, refused symbols and invalid UTF-8.
func TestIsTagValueIsTheCharacterClass(t *testing.T) {
	class := regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$`)
	for _, s := range []string{
		"", "STUDY00012345", "k@example.edu", "Dr. K", "a_b.c:d/e=f+g-h@i",
		"Zoë Müller", "研究 プロジェクト", "Ελληνικά", "٣٤٥", "Ⅻ", "½", "x\u00a0y", "x\u2028y", "x\u3000y",
		"sec<team>", "k<at>example", "a,b", "tab\there", "new\nline", "emoji 🙂", "x\ufffd", "x\u200by",
		"bad \xff utf8", "\xc3", "a*b", "(c)", "a#b", "a$b", "back\\slash", "quote'", "100%",
	} {
		assert.Equal(t, class.MatchString(s), isTagValue(s), "%q", s)
	}
}

// TestIsRoleArnIsThePattern checks isRoleArn against the regexp it
// replaced, at the 512-character limit of a role's path and name and on
// the partitions and shapes it accepts and refuses.
func TestIsRoleArnIsThePattern(t *testing.T) {
	pattern := regexp.MustCompile(`^arn:aws(-us-gov|-cn)?:iam::[0-9]{12}:role/[\w+=,.@/-]{1,512}$`)
	const prefix = "arn:aws:iam::123456789012:role/"
	for _, arn := range []string{
		prefix + "sce-admin", prefix + "path/to/sce-admin", prefix + "a+b=c,d.e@f_g-h",
		"arn:aws-us-gov:iam::123456789012:role/x", "arn:aws-cn:iam::123456789012:role/x",
		prefix + strings.Repeat("r", 511), prefix + strings.Repeat("r", 512), prefix + strings.Repeat("r", 513),
		prefix + strings.Repeat("é", 10), prefix, "arn:aws:iam::123456789012:user/admin",
		"arn:aws-eu:iam::123456789012:role/x", "arn:aws:iam::12345678901:role/x", "arn:aws:iam::123456789012:role/a b",
		" " + prefix + "x", prefix + "x\n",
	} {
		assert.Equal(t, pattern.MatchString(arn), isRoleArn(arn), "%q", arn)
	}
	assert.True(t, isRoleArn(prefix+strings.Repeat("r", 512)))
	assert.False(t, isRoleArn(prefix+strings.Repeat("r", 513)))
}
