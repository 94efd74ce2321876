package closeout

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/sce-dev/sce/internal/english"
	"github.com/sce-dev/sce/sce"
)

// maxEmptyPasses bounds the listings of a bucket that keeps receiving
// objects while it is emptied.
const maxEmptyPasses = 5

// EmptyResult is what emptying one bucket deleted.
type EmptyResult struct {
	// Bucket is the bucket's name.
	Bucket string `json:"bucket"`
	// Versions and DeleteMarkers count what was deleted.
	Versions      int `json:"versions"`
	DeleteMarkers int `json:"deleteMarkers"`
	// LateArchived counts objects archived while emptying (written after
	// the archive step).
	LateArchived int `json:"lateArchived"`
	// Gone is true when the bucket no longer existed.
	Gone bool `json:"gone,omitempty"`
}

// empty deletes every version and delete marker of the project's buckets
// and of their replicas, bypassing GOVERNANCE retention (the logs bucket's
// Object Lock). Objects of archived buckets that are not archived yet are
// archived first; a replica's objects are copies of its bucket's, so the
// archive already keeps what it holds.
func (r *runner) empty(ctx context.Context) (string, error) {
	var parts []string
	for _, role := range emptyOrder() {
		res, err := r.emptyRole(ctx, role)
		r.st.Emptied[string(role)] = res
		if err != nil {
			return "", fmt.Errorf("%s: %w", role, err)
		}
		parts = append(parts, fmt.Sprintf("%s %s, %s", role, english.Plural(res.Versions, "version"), english.Plural(res.DeleteMarkers, "delete marker")))
		rep, err := r.emptyReplica(ctx, role)
		r.st.Emptied[replicaKey(role)] = rep
		if err != nil {
			return "", fmt.Errorf("%s: %w", replicaKey(role), err)
		}
		if !rep.Gone {
			parts = append(parts, fmt.Sprintf("%s %s, %s", replicaKey(role), english.Plural(rep.Versions, "version"), english.Plural(rep.DeleteMarkers, "delete marker")))
		}
	}
	return strings.Join(parts, "; "), nil
}

// replicaKey names the replica of a role's bucket in the state and report:
// the role named as sce names a replica after its source bucket.
func replicaKey(role sce.BucketRole) string { return sce.ReplicaBucketName(string(role)) }

// emptyReplica empties the replica of a role's bucket, always after the
// bucket itself. Deleting a version is never replicated, so neither
// emptying reaches the other bucket; but an object written to the bucket
// before it was emptied may still be on its way to the replica, and the
// replica is listed again until a listing finds it empty. A replica that
// does not exist (a stack deployed before sce made replicas) is gone.
func (r *runner) emptyReplica(ctx context.Context, role sce.BucketRole) (EmptyResult, error) {
	bucket := sce.ReplicaBucketName(r.st.Outputs.bucket(role))
	res := r.st.Emptied[replicaKey(role)]
	res.Bucket = bucket
	if _, err := r.env.S3.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(bucket)}); isNotFound(err) {
		res.Gone = true
		return res, nil
	}
	for range maxEmptyPasses {
		found, err := r.deleteVersions(ctx, sce.BucketRole(replicaKey(role)), bucket, false, &res)
		if err != nil || found == 0 {
			return res, err
		}
	}
	return res, fmt.Errorf("s3://%s still receives objects after %d passes: stop what writes to its bucket and run close-out again", bucket, maxEmptyPasses)
}

func (r *runner) emptyRole(ctx context.Context, role sce.BucketRole) (EmptyResult, error) {
	bucket := r.st.Outputs.bucket(role)
	res := r.st.Emptied[string(role)]
	res.Bucket = bucket
	if _, err := r.env.S3.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(bucket)}); isNotFound(err) {
		res.Gone = true
		return res, nil
	}
	archived := slices.Contains(archivedRoles(), role)
	for range maxEmptyPasses {
		if archived {
			n, err := r.topUp(ctx, role)
			res.LateArchived += n
			if err != nil {
				return res, err
			}
		}
		found, err := r.deleteVersions(ctx, role, bucket, archived, &res)
		if err != nil || found == 0 {
			return res, err
		}
	}
	return res, fmt.Errorf("s3://%s still receives objects after %d passes: stop what writes to it and run close-out again", bucket, maxEmptyPasses)
}

// deleteVersions deletes what one listing finds and returns how many
// versions it found. A current object of an archived bucket is deleted only
// when its archived copy is verified and in MANIFEST.json; otherwise it is
// kept for the next pass, which archives and verifies it first.
//
// A listing gives a key's versions newest first, and a page may end inside
// them. Deleting the newest entry (a current version or a delete marker)
// before the older ones are listed would make the next-older version
// current, and the next pass would archive it as the key's current copy
// (or bring a deleted file back). So the newest entries of each page's last
// key are held back and deleted with the key's other versions.
func (r *runner) deleteVersions(ctx context.Context, role sce.BucketRole, bucket string, archived bool, res *EmptyResult) (int, error) {
	bar := r.bar("empty " + string(role))
	defer bar.Done()
	found := 0
	var held []version
	deleteAll := func(vs []version) error {
		var ids []types.ObjectIdentifier
		for _, v := range vs {
			if archived && v.current() && !r.archivedSafely(role, v) {
				continue
			}
			ids = append(ids, types.ObjectIdentifier{Key: aws.String(v.key), VersionId: aws.String(v.versionID)})
			if v.marker {
				res.DeleteMarkers++
			} else {
				res.Versions++
			}
		}
		bar.Update(int64(res.Versions+res.DeleteMarkers), 0, "versions deleted")
		return r.deleteBatch(ctx, bucket, ids)
	}
	// What a page lets go is deleted once the next page is listed, or with
	// the held entries after the last: one request per page, as without
	// holding.
	var ready []version
	err := listVersions(ctx, r.env.S3, bucket, func(vs []version) error {
		found += len(vs)
		if err := deleteAll(ready); err != nil {
			return err
		}
		ready, held = holdLastKeysNewest(append(held, vs...))
		return nil
	})
	if err != nil {
		return found, err
	}
	return found, deleteAll(append(ready, held...))
}

// holdLastKeysNewest splits vs into what may be deleted now and the newest
// entries (latest version or delete marker) of the last key listed, whose
// older versions may still be on the next page.
func holdLastKeysNewest(vs []version) (now, held []version) {
	last := ""
	for _, v := range vs {
		last = max(last, v.key)
	}
	for _, v := range vs {
		if v.key == last && v.latest {
			held = append(held, v)
		} else {
			now = append(now, v)
		}
	}
	return now, held
}

// deleteBatchSize is the most versions one DeleteObjects request takes.
const deleteBatchSize = 1000

// deleteBatch deletes versions, up to deleteBatchSize in one request.
func (r *runner) deleteBatch(ctx context.Context, bucket string, ids []types.ObjectIdentifier) error {
	for chunk := range slices.Chunk(ids, deleteBatchSize) {
		if err := r.deleteChunk(ctx, bucket, chunk); err != nil {
			return err
		}
	}
	return nil
}

// deleteChunk deletes at most deleteBatchSize versions in one request.
func (r *runner) deleteChunk(ctx context.Context, bucket string, ids []types.ObjectIdentifier) error {
	out, err := r.env.S3.DeleteObjects(ctx, &s3.DeleteObjectsInput{
		Bucket: aws.String(bucket), BypassGovernanceRetention: aws.Bool(true),
		Delete: &types.Delete{Objects: ids, Quiet: aws.Bool(true)},
	})
	if err != nil {
		return fmt.Errorf("delete versions in %s: %w", bucket, err)
	}
	if len(out.Errors) > 0 {
		e := out.Errors[0]
		return fmt.Errorf("%s in %s could not be deleted, first %s (version %s): %s: %s", english.Plural(len(out.Errors), "version"), bucket,
			aws.ToString(e.Key), aws.ToString(e.VersionId), aws.ToString(e.Code), aws.ToString(e.Message))
	}
	return nil
}
