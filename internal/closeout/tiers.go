package closeout

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// coldClasses are the storage classes whose objects must be restored
// (S3 RestoreObject) before they can be read.
var coldClasses = []string{"GLACIER", "DEEP_ARCHIVE"}

// Storage is where the archived copies are, and what else the archive
// holds under the PIT, as seen when the report was written.
type Storage struct {
	// ObservedAt is when the archive was listed.
	ObservedAt time.Time `json:"observedAt"`
	// Classes counts every version under the copies' prefix (current and
	// superseded copies) by storage class.
	Classes map[string]int `json:"classes"`
	// Cold lists the current copies, by key, in a storage class they must
	// be restored from before they can be read.
	Cold []string `json:"cold"`
	// Others are the other archives under the same PIT (earlier projects
	// that used it), left as they are.
	Others []string `json:"others"`
}

// observeStorage lists the copies' storage classes and the PIT's other
// archives.
func (r *runner) observeStorage(ctx context.Context) (Storage, error) {
	o, l := r.st.Outputs, r.st.layout()
	s := Storage{ObservedAt: r.env.Now().UTC(), Classes: map[string]int{}, Cold: []string{}}
	err := listVersionsUnder(ctx, r.env.S3, o.ArchiveBucket, l.objects(), func(vs []version) error {
		for _, v := range vs {
			if v.marker {
				continue
			}
			class := cmp.Or(v.class, "STANDARD")
			s.Classes[class]++
			if v.latest && slices.Contains(coldClasses, class) {
				s.Cold = append(s.Cold, v.key)
			}
		}
		return nil
	})
	if err != nil {
		return s, err
	}
	slices.Sort(s.Cold)
	s.Others, err = r.otherArchives(ctx)
	return s, err
}

// otherArchives are the PIT's other close-outs, and an archive written
// before close-outs had a prefix of their own (<pit>/MANIFEST.json).
func (r *runner) otherArchives(ctx context.Context) ([]string, error) {
	o := r.st.Outputs
	instances, err := listInstances(ctx, r.env.S3, o.ArchiveBucket, o.PIT)
	if err != nil {
		return nil, err
	}
	others := []string{}
	for _, instance := range instances {
		if instance != r.st.Instance {
			others = append(others, fmt.Sprintf("s3://%s/%s", o.ArchiveBucket, layout{pit: o.PIT, instance: instance}.documents()))
		}
	}
	old := o.PIT + "/MANIFEST.json"
	_, err = r.env.S3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(o.ArchiveBucket), Key: aws.String(old)})
	switch {
	case err == nil:
		others = append(others, fmt.Sprintf("s3://%s/%s/ (an archive written before close-outs had a prefix of their own)", o.ArchiveBucket, o.PIT))
	case !isNotFound(err):
		return nil, fmt.Errorf("look for s3://%s/%s: %w", o.ArchiveBucket, old, err)
	}
	return others, nil
}
