package audit

import (
	"fmt"
	"slices"
	"strings"
)

// One trail's logs at a time: the account baseline's trail and a project's
// trail may both log the data events of the project's buckets. Their log
// file names do not say which trail wrote them, so, read together, every
// event of both counts twice, and one trail's digests cover the hours the
// other's are missing. The digest file names do name the trail.

// MixedTrailsError is sources that hold the digests of more than one trail
// of an account in a region.
type MixedTrailsError struct {
	// Account and Region are where the trails log.
	Account, Region string
	// Trails are the trails' names, sorted.
	Trails []string
}

// Error names the trails and says to give one trail's logs, which a source
// can hold alone only when that trail delivers to a bucket or prefix of its
// own.
func (e *MixedTrailsError) Error() string {
	return fmt.Sprintf("the sources hold the logs of %d trails of account %s in %s (%s): read together, an event both record "+
		"counts twice and one trail's digests hide the hours the other's are missing: give the logs of one trail, from the bucket "+
		"or prefix only it delivers to; no source holds one of two trails that deliver to the same bucket and prefix: "+
		"give each trail its own bucket or prefix", len(e.Trails), e.Account, e.Region, strings.Join(e.Trails, ", "))
}

// digestTrail reads the account, region and trail name from a digest
// file's name, <account>_CloudTrail-Digest_<region>_<trail>_<home region>_<time>.json.gz
// (a backfill digest ends with _backfill.json.gz); a trail's name may hold
// underscores.
func digestTrail(base string) (account, region, trail string, ok bool) {
	parts := strings.Split(strings.TrimSuffix(base, ".json.gz"), "_")
	if parts[len(parts)-1] == "backfill" {
		parts = parts[:len(parts)-1]
	}
	if len(parts) < 6 || parts[1] != "CloudTrail-Digest" {
		return "", "", "", false
	}
	return parts[0], parts[2], strings.Join(parts[3:len(parts)-2], "_"), true
}

// checkOneTrail refuses digest files of more than one trail in the same
// account and region.
func checkOneTrail(digests []file) error {
	trails := map[[2]string][]string{}
	for _, f := range digests {
		account, region, trail, ok := digestTrail(f.base())
		if !ok {
			continue
		}
		k := [2]string{account, region}
		if !slices.Contains(trails[k], trail) {
			trails[k] = append(trails[k], trail)
		}
	}
	keys := make([][2]string, 0, len(trails))
	for k := range trails {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]string) int { return strings.Compare(a[0]+" "+a[1], b[0]+" "+b[1]) })
	for _, k := range keys {
		if names := trails[k]; len(names) > 1 {
			slices.Sort(names)
			return &MixedTrailsError{Account: k[0], Region: k[1], Trails: names}
		}
	}
	return nil
}
