package warehouse

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPolicyGrantsCopyAndUnloadOnly(t *testing.T) {
	doc, err := policy("arn:aws:s3:::in", "arn:aws:s3:::out", "eu-west-1", "arn:aws:kms:eu-west-1:123456789012:key/k")
	require.NoError(t, err)
	var d struct{ Statement []map[string]any }
	require.NoError(t, json.Unmarshal([]byte(doc), &d))
	got := map[string]any{}
	for _, s := range d.Statement {
		got[s["Sid"].(string)] = []any{s["Action"], s["Resource"]}
	}
	assert.Equal(t, map[string]any{
		"ListDataIn":             []any{"s3:ListBucket", "arn:aws:s3:::in"},
		"CopyFromDataIn":         []any{"s3:GetObject", "arn:aws:s3:::in/*"},
		"ListOutput":             []any{"s3:ListBucket", "arn:aws:s3:::out"},
		"UnloadToOutput":         []any{"s3:PutObject", "arn:aws:s3:::out/*"},
		"UseProjectKeyThroughS3": []any{[]any{"kms:Decrypt", "kms:GenerateDataKey"}, "arn:aws:kms:eu-west-1:123456789012:key/k"},
	}, got)
	assert.Equal(t, map[string]any{"StringEquals": map[string]any{"kms:ViaService": "s3.eu-west-1.amazonaws.com"}}, d.Statement[4]["Condition"])
}

func TestLogGroupNames(t *testing.T) {
	assert.Equal(t, "/aws/redshift/cluster/p-warehouse/userlog", LogGroup("p-warehouse", "userlog"))
	a := LogExports()
	a[0] = "changed"
	assert.Equal(t, []string{"connectionlog", "userlog", "useractivitylog"}, LogExports(), "each call returns a fresh list")
}
