package closeout

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/sce"
	"github.com/sce-dev/sce/stacks"
)

// keepsCopies is the end of every refusal of an archive that would not
// keep the copies, up to the source named.
const keepsCopies = "; close-out sets no retention on its copies and deletes the project's data once it is copied, so the archive " +
	"must be the account baseline's, versioned, with Object Lock and a default COMPLIANCE retention of at least %d years " +
	"(sce:archiveRetentionYears): check %s"

// refusal is the refusal of archive bucket for problem, naming source.
func refusal(bucket, problem string, years int, source string) string {
	return "close-out refused: the archive s3://" + bucket + " " + problem + fmt.Sprintf(keepsCopies, years, source)
}

// TestRefusesAnArchiveThatWouldNotKeepTheCopies: close-out relies on the
// archive's default COMPLIANCE retention to keep its copies, so an archive
// without one of at least six years is refused at preflight, before
// anything is copied or deleted, naming where its name came from. Six
// years in days passes from the day they are six years; the copies in an
// archive that passes are kept by its default COMPLIANCE retention.
func TestRefusesAnArchiveThatWouldNotKeepTheCopies(t *testing.T) {
	compliance := func(days, years int32) *types.DefaultRetention {
		d := &types.DefaultRetention{Mode: types.ObjectLockRetentionModeCompliance}
		if days > 0 {
			d.Days = aws.Int32(days)
		} else {
			d.Years = aws.Int32(years)
		}
		return d
	}
	const out = "the stack output archiveBucketName"
	tests := []struct {
		name string
		rule *types.DefaultRetention
		want string
	}{
		{"no default retention", nil, refusal(archive, "has Object Lock but no default retention", 6, out)},
		{"governance", &types.DefaultRetention{Mode: types.ObjectLockRetentionModeGovernance, Years: aws.Int32(10)},
			refusal(archive, "keeps copies in GOVERNANCE mode (10 years), which can be lifted, not COMPLIANCE", 6, out)},
		{"five years", compliance(0, 5), refusal(archive, "keeps copies 5 years in COMPLIANCE mode, less than 6 years", 6, out)},
		{"a day short of six years", compliance(2191, 0),
			refusal(archive, "keeps copies 2191 days in COMPLIANCE mode, less than 6 years", 6, out)},
		{"six years in days", compliance(2192, 0), ""},
		{"ten years", compliance(0, 10), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			w.lockArchive(tt.rule)
			_, err := w.run()
			if tt.want == "" {
				require.NoError(t, err)
				assert.Equal(t, w.want, w.archived())
				for key := range w.want {
					h, err := w.s3.HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(archive), Key: aws.String(key)})
					require.NoError(t, err)
					assert.Equal(t, types.ObjectLockModeCompliance, h.ObjectLockMode, "the archive's default retention keeps %s", key)
				}
				return
			}
			assert.EqualError(t, err, tt.want)
			assert.True(t, errors.Is(err, ErrRefused))
			assert.Empty(t, w.archived())
			assert.Equal(t, []string{"Outputs", "Config", "Resources"}, w.calls.all(), "nothing changed")
		})
	}
}

// TestRefusesAFlagArchiveWithoutObjectLock: a bucket named on purpose
// with --archive-bucket is checked as the baseline's is, and the refusal
// names the flag; an unversioned one is refused first.
func TestRefusesAFlagArchiveWithoutObjectLock(t *testing.T) {
	for _, versioned := range []bool{true, false} {
		w := newWorld(t)
		w.srv.Bucket(t, "other-archive", versioned)
		opts := w.opts()
		opts.ArchiveBucket, opts.NotBaselineArchive = "other-archive", true
		_, err := Run(context.Background(), w.env(), opts)
		problem := "has no Object Lock"
		if !versioned {
			problem = `is not versioned (versioning "")`
		}
		assert.EqualError(t, err, refusal("other-archive", problem, 6, "--archive-bucket"))
		assert.True(t, errors.Is(err, ErrRefused))
	}
}

// baselineConfig is a baseline stack whose config can be read too.
type baselineConfig struct {
	baseline
	years int
}

func (b baselineConfig) Config(context.Context) (stacks.Config, error) {
	return stacks.Config{ArchiveRetentionYears: b.years}, nil
}

// TestRequiresTheBaselinesConfiguredRetention: when the baseline stack's
// config can be read, the archive must keep copies for the
// sce:archiveRetentionYears the baseline sets (six when it sets none),
// whether the archive's name comes from the baseline or, as in every
// deployed project, from the project's re-exported outputs.
func TestRequiresTheBaselinesConfiguredRetention(t *testing.T) {
	for _, tt := range []struct {
		years       int
		fromProject bool
		want        string
	}{
		{10, false, refusal(archive, "keeps copies 6 years in COMPLIANCE mode, less than 10 years", 10, "the baseline stack's output archiveBucketName")},
		{10, true, refusal(archive, "keeps copies 6 years in COMPLIANCE mode, less than 10 years", 10, "the stack output archiveBucketName")},
		{0, false, ""},
		{0, true, ""},
	} {
		w := newWorld(t)
		if !tt.fromProject {
			delete(w.stack.outputs, sce.OutputArchiveBucketName)
			delete(w.stack.outputs, sce.OutputArchiveKeyArn)
		}
		env := w.env()
		env.Baseline = baselineConfig{years: tt.years}
		_, err := Run(context.Background(), env, w.opts())
		if tt.want == "" {
			require.NoError(t, err)
			continue
		}
		assert.EqualError(t, err, tt.want)
	}
}

// TestRefusesAnArchiveFlagThatIsNotTheBaselines: --archive-bucket or
// --archive-key naming another archive than the stacks export is refused
// (a typo would send the project's data where nothing keeps it), the same
// value passes, and --not-baseline-archive archives elsewhere on purpose.
func TestRefusesAnArchiveFlagThatIsNotTheBaselines(t *testing.T) {
	tests := []struct {
		name      string
		fromStack bool
		bucket    string
		key       string
		want      string
	}{
		{"bucket typo", true, "acct-archive-123456789012-us-west-1", "",
			"close-out refused: --archive-bucket acct-archive-123456789012-us-west-1 is not the account baseline's archive bucket " +
				archive + " (the stack output archiveBucketName): close-out deletes the project's data once it is copied, so a " +
				"mistyped archive loses it; drop --archive-bucket to use " + archive + ", or add --not-baseline-archive to use " +
				"acct-archive-123456789012-us-west-1 on purpose"},
		{"key from the baseline", false, "", "arn:aws:kms:us-west-2:123456789012:key/other",
			"close-out refused: --archive-key arn:aws:kms:us-west-2:123456789012:key/other is not the account baseline's archive key " +
				archiveKey + " (the baseline stack's output archiveKeyArn): close-out deletes the project's data once it is copied, so a " +
				"mistyped archive loses it; drop --archive-key to use " + archiveKey + ", or add --not-baseline-archive to use " +
				"arn:aws:kms:us-west-2:123456789012:key/other on purpose"},
		{"the same bucket and key", false, archive, archiveKey, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			if !tt.fromStack {
				delete(w.stack.outputs, sce.OutputArchiveBucketName)
				delete(w.stack.outputs, sce.OutputArchiveKeyArn)
			}
			opts := w.opts()
			opts.ArchiveBucket, opts.ArchiveKeyArn = tt.bucket, tt.key
			_, err := Run(context.Background(), w.env(), opts)
			if tt.want == "" {
				require.NoError(t, err)
				return
			}
			assert.EqualError(t, err, tt.want)
			assert.True(t, errors.Is(err, ErrRefused))
			assert.Equal(t, []string{"Outputs", "Config"}, w.calls.all(), "refused before anything is read in the account")
		})
	}
}

// TestArchivesElsewhereOnPurpose: --not-baseline-archive archives into
// the bucket --archive-bucket names when it keeps copies as the
// baseline's archive does.
func TestArchivesElsewhereOnPurpose(t *testing.T) {
	w := newWorld(t)
	const other = "acct-archive-2-123456789012-us-west-2"
	w.srv.Bucket(t, other, true)
	_, err := w.s3.PutObjectLockConfiguration(context.Background(), &s3.PutObjectLockConfigurationInput{Bucket: aws.String(other),
		ObjectLockConfiguration: &types.ObjectLockConfiguration{ObjectLockEnabled: types.ObjectLockEnabledEnabled,
			Rule: &types.ObjectLockRule{DefaultRetention: &types.DefaultRetention{Mode: types.ObjectLockRetentionModeCompliance, Years: aws.Int32(7)}}}})
	require.NoError(t, err)
	opts := w.opts()
	opts.ArchiveBucket, opts.NotBaselineArchive = other, true
	st, err := Run(context.Background(), w.env(), opts)
	require.NoError(t, err)
	assert.Equal(t, other, st.Archive.Bucket)
	assert.Empty(t, w.archived(), "nothing in the baseline's archive")
}
