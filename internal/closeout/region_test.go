package closeout

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRefusesAStackWhoseARNsAreInAnotherRegion: in another region than
// the project's, every lookup answers "not found", which the checks would
// take for deleted; close-out refuses at preflight, before anything is
// read in the account, naming the output, both regions and the fix.
func TestRefusesAStackWhoseARNsAreInAnotherRegion(t *testing.T) {
	const fix = ": it would look for the project in the wrong region and take what it cannot find there for deleted; set " +
		"aws:region in Pulumi.hipaa.yaml to us-west-2, the region the project is deployed in (AWS_REGION when it has none)"
	tests := []struct {
		name               string
		clients, stackFile string
		want               string
	}{
		{"aws:region typo", "us-east-1", "us-east-1", "close-out refused: the stack output kmsKeyArn " + projectKey +
			" is in us-west-2, but close-out calls AWS in us-east-1 (the stack's aws:region)" + fix},
		{"no aws:region", "eu-west-1", "", "close-out refused: the stack output kmsKeyArn " + projectKey + " is in us-west-2, but " +
			"close-out calls AWS in eu-west-1 (the AWS configuration's region; the stack's aws:region is not set)" + fix},
		{"stack file only", "", "us-east-2", "close-out refused: the stack output kmsKeyArn " + projectKey +
			" is in us-west-2, but close-out calls AWS in us-east-2 (the stack's aws:region)" + fix},
		{"the project's region", "us-west-2", "us-west-2", ""},
		{"no region known", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			w.stack.config.Region = tt.stackFile
			env := w.env()
			env.Region = tt.clients
			_, err := Run(context.Background(), env, w.opts())
			if tt.want == "" {
				require.NoError(t, err)
				return
			}
			assert.EqualError(t, err, tt.want)
			assert.True(t, errors.Is(err, ErrRefused))
			assert.Equal(t, []string{"Outputs", "Config"}, w.calls.all())
			assert.Empty(t, w.archived())
		})
	}
}

// TestRefusesAnArchiveKeyInAnotherRegion: the archive key given with
// --archive-key, and any ARN the stack outputs, are checked too.
func TestRefusesAnArchiveKeyInAnotherRegion(t *testing.T) {
	w := newWorld(t)
	w.stack.config.Region = "us-west-2"
	w.stack.outputs["trailArn"] = "arn:aws:cloudtrail:us-east-1:123456789012:trail/hipaa"
	_, err := w.run()
	assert.ErrorContains(t, err, "close-out refused: the stack output trailArn arn:aws:cloudtrail:us-east-1:123456789012:trail/hipaa "+
		"is in us-east-1, but close-out calls AWS in us-west-2 (the stack's aws:region)")

	w = newWorld(t)
	w.stack.config.Region = "us-west-2"
	opts := w.opts()
	opts.ArchiveKeyArn, opts.NotBaselineArchive = "arn:aws:kms:us-east-1:123456789012:key/archive", true
	_, err = Run(context.Background(), w.env(), opts)
	assert.ErrorContains(t, err, "close-out refused: the archive key arn:aws:kms:us-east-1:123456789012:key/archive is in us-east-1, "+
		"but close-out calls AWS in us-west-2 (the stack's aws:region)")
}
