package sce

import (
	"fmt"
	"regexp"

	"golang.org/x/crypto/ssh"

	"github.com/sce-dev/sce/sce/internal/alerts"
	"github.com/sce-dev/sce/sce/internal/compute"
)

var amiPattern = regexp.MustCompile(`^ami-[0-9a-f]{8}([0-9a-f]{9})?$`)

// validateCompute checks the bastion, workers, image and researchers.
func validateCompute(errs *ValidationErrors, a EnvironmentArgs) {
	if msg := instanceTypeProblem(a.Bastion.InstanceType, DefaultBastionType); msg != "" {
		errs.add("bastion.instanceType", "%q %s", a.Bastion.InstanceType, msg)
	}
	validateWorkers(errs, a.Workers)
	if a.AmiID != "" && !amiPattern.MatchString(a.AmiID) {
		errs.add("amiId", "%q is not an AMI ID such as ami-0123456789abcdef0: pin an Amazon Linux 2023 image, or leave it unset", a.AmiID)
	}
	validateResearchers(errs, a.Researchers)
	if p := compute.UnknownUserPattern(usernames(a.Researchers)); len(p) > maxFilterPatternLength {
		errs.add("researchers", "has %d researchers, too many for the unknown-user alarm's filter pattern (%d of %d characters): "+
			"split the project or ask for this limit to be lifted", len(a.Researchers), len(p), maxFilterPatternLength)
	}
}

// maxFilterPatternLength is CloudWatch Logs' limit on a metric filter pattern.
const maxFilterPatternLength = alerts.MaxPatternLength

func validateWorkers(errs *ValidationErrors, w WorkerArgs) {
	if w.Count < 0 || w.Count > MaxWorkers {
		errs.add("workers.count", "%d is outside 0 to %d: ask for a quota review before running more workers", w.Count, MaxWorkers)
	}
	if msg := instanceTypeProblem(w.InstanceType, DefaultWorkerType); msg != "" {
		errs.add("workers.instanceType", "%q %s", w.InstanceType, msg)
	}
	if w.DataVolumeSizeGiB < 1 || w.DataVolumeSizeGiB > 16384 {
		errs.add("workers.dataVolumeSizeGiB", "%d is outside what gp3 offers: use 1 to 16384 GiB", w.DataVolumeSizeGiB)
	}
	maxIOPS := min(16000, 500*w.DataVolumeSizeGiB)
	if w.DataVolumeIOPS < 3000 || w.DataVolumeIOPS > max(3000, maxIOPS) {
		errs.add("workers.dataVolumeIops", "%d is outside what gp3 offers for %d GiB: use 3000 to %d", w.DataVolumeIOPS, w.DataVolumeSizeGiB, max(3000, maxIOPS))
	}
	maxMiBps := min(1000, w.DataVolumeIOPS/4)
	if w.DataVolumeThroughput < 125 || w.DataVolumeThroughput > max(125, maxMiBps) {
		errs.add("workers.dataVolumeThroughput", "%d MiB/s is outside what gp3 offers at %d IOPS: use 125 to %d", w.DataVolumeThroughput, w.DataVolumeIOPS, max(125, maxMiBps))
	}
}

func validateResearchers(errs *ValidationErrors, rs []Researcher) {
	if len(rs) == 0 {
		errs.add("researchers", "is required: at least one researcher with a username and an SSH public key")
		return
	}
	seen := map[string]int{}
	keys := map[string]int{}
	for i, r := range rs {
		key := fmt.Sprintf("researchers[%d]", i)
		if msg := compute.UsernameProblem(r.Username); msg != "" && r.Username == "" {
			errs.add(key+".username", "%s", msg)
		} else if msg != "" {
			errs.add(key+".username", "%q %s", r.Username, msg)
		} else if first, dup := seen[r.Username]; dup {
			errs.add(key+".username", "%q is already researchers[%d]: every researcher has their own account", r.Username, first)
		} else {
			seen[r.Username] = i
		}
		if msg := compute.PublicKeyProblem(r.PublicKey); msg != "" {
			errs.add(key+".publicKey", "%s", msg)
		} else if first, dup := keys[keyFingerprint(r.PublicKey)]; dup {
			errs.add(key+".publicKey", "is the same key as researchers[%d] (%s): every researcher signs in with a key of "+
				"their own, so that each session traces back to one person (unique user identification, 164.312(a)(2)(i)); "+
				"ask %s for their own public key", first, rs[first].Username, r.Username)
		} else {
			keys[keyFingerprint(r.PublicKey)] = i
		}
		if r.Email != "" && !validEmail(r.Email) {
			errs.add(key+".email", "%q is not an e-mail address such as jdoe@example.edu", r.Email)
		}
	}
}

// keyFingerprint is the SHA256 fingerprint of a valid public key line's
// key, which identifies the key whatever options precede it (no-pty,
// from="...") and whatever it is called.
func keyFingerprint(line string) string {
	pub, _, _, _, err := ssh.ParseAuthorizedKey([]byte(line))
	if err != nil {
		return line // not reached: PublicKeyProblem parsed it
	}
	return ssh.FingerprintSHA256(pub)
}
