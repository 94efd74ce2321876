package egress

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/s3test"
)

func TestAMissingKeyAnsweredWith403SaysWhichPermissionIsMissing(t *testing.T) {
	w := newWorld(t)
	w.srv.Intercept(func(rw http.ResponseWriter, r *http.Request, req s3test.Request) bool {
		if req.Bucket != logsBkt || r.Method != http.MethodGet {
			return false
		}
		s3test.FailWith(rw, http.StatusForbidden, "AccessDenied", "Access Denied")
		return true
	})
	var d Decision
	_, _, err := getJSON(context.Background(), w.c, logsBkt, decisionKey("20260302T101500Z-1a2b3c4d"), &d)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "read s3://"+logsBkt+"/egress/decisions/20260302T101500Z-1a2b3c4d.json (access denied: the airlock needs s3:GetObject on the key and s3:ListBucket on the bucket, without which S3 answers 403 for a key that does not exist): ")
}
