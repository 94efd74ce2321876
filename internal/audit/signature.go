package audit

import (
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/sce-dev/sce/internal/english"
)

// PublicKeys gives CloudTrail's public keys, by fingerprint, as DER-encoded
// PKCS #1 RSA keys: the ones that signed digests of a region in a time range
// (CloudTrail's ListPublicKeys, called in that region).
type PublicKeys interface {
	PublicKeys(ctx context.Context, region string, start, end time.Time) (map[string][]byte, error)
}

// offlineSignatures explains why signatures were not checked.
const offlineSignatures = "not verified: checking the digests' signatures needs CloudTrail's public keys " +
	"(ListPublicKeys), which only AWS serves; the hashes and the chain were checked offline. " +
	"Run sce audit --verify online on the s3:// source to check them"

// checkSignatures verifies each digest's RSA signature (SHA256withRSA over
// the string CloudTrail signs) with CloudTrail's public key for its region.
func (c *verifier) checkSignatures(ctx context.Context, keys PublicKeys) error {
	if keys == nil {
		c.v.Signatures = offlineSignatures
		for _, d := range c.digests {
			if d.problem == "" {
				c.v.unchecked++
			}
		}
		return nil
	}
	byRegion := map[string][]*digest{}
	unsigned := 0
	for _, d := range c.digests {
		switch {
		case d.problem != "":
		case d.file.bucket == "" && d.signature == "":
			unsigned++
		default:
			if why := unsignedObject(d); why != "" {
				c.v.BadSignatures = append(c.v.BadSignatures, Finding{File: d.file.name, Detail: why})
				continue
			}
			r := regionOfKey(d.Object, "/CloudTrail-Digest/")
			byRegion[r] = append(byRegion[r], d)
		}
	}
	verified := 0
	for region, ds := range byRegion {
		n, err := c.checkRegion(ctx, keys, region, ds)
		if err != nil {
			return err
		}
		verified += n
	}
	c.v.unchecked = unsigned
	c.v.Signatures = fmt.Sprintf("%d of %s verified with CloudTrail's public keys", verified, english.Plural(verified+len(c.v.BadSignatures), "digest signature"))
	if unsigned > 0 {
		c.v.Signatures += fmt.Sprintf("; %s %s no signature (a folder copy loses the x-amz-meta-signature S3 metadata): "+
			"check %s on the s3:// source", english.Plural(unsigned, "digest"), english.Agree(unsigned, "carries", "carry"), english.Agree(unsigned, "it", "them"))
	}
	return nil
}

// signatureAlgorithm is the only algorithm CloudTrail signs digests with.
const signatureAlgorithm = "SHA256withRSA"

// unsignedObject says why a digest read from S3 cannot be checked: CloudTrail
// sets the signature and its algorithm as metadata on every digest object it
// delivers, so an object without them was not delivered so (AWS's own
// validation, aws cloudtrail validate-logs, fails such a digest too). It is
// "" for a digest whose signature can be checked.
func unsignedObject(d *digest) string {
	switch {
	case d.signature == "" || d.signatureAlgorithm == "":
		return "no signature: the object lacks the x-amz-meta-signature or x-amz-meta-signature-algorithm metadata " +
			"CloudTrail sets on every digest it delivers (it was written or replaced by someone else, or copied without its metadata)"
	case d.signatureAlgorithm != signatureAlgorithm:
		return fmt.Sprintf("signature algorithm is %q (x-amz-meta-signature-algorithm), not %s, the one CloudTrail signs with",
			d.signatureAlgorithm, signatureAlgorithm)
	}
	return ""
}

// signedWithin is how long after its end time CloudTrail may sign a digest:
// it delivers the digest of an hour after the hour, so the key that signed
// it may be one that became current only then. A backfill digest, delivered
// later still, may need a key from after this margin; it is then named with
// no public key of its fingerprint.
const signedWithin = 2 * time.Hour

// checkRegion verifies the signatures of the digests of one region with the
// public keys CloudTrail used from the hour before the first digest's end
// to signedWithin after the last's.
func (c *verifier) checkRegion(ctx context.Context, keys PublicKeys, region string, ds []*digest) (int, error) {
	start, end := ds[0].end.Add(-time.Hour), ds[0].end
	for _, d := range ds {
		start, end = minTime(start, d.end.Add(-time.Hour)), maxTime(end, d.end)
	}
	end = end.Add(signedWithin)
	found, err := keys.PublicKeys(ctx, region, start, end)
	if err != nil {
		return 0, fmt.Errorf("CloudTrail public keys of %s: %w", region, err)
	}
	verified := 0
	for _, d := range ds {
		der, ok := found[d.Fingerprint]
		if !ok {
			c.v.BadSignatures = append(c.v.BadSignatures, Finding{File: d.file.name, Detail: "no CloudTrail public key of " + region + " has fingerprint " + d.Fingerprint})
			continue
		}
		if err := verifySignature(d, der); err != nil {
			c.v.BadSignatures = append(c.v.BadSignatures, Finding{File: d.file.name, Detail: "signature does not verify: " + err.Error()})
			continue
		}
		verified++
	}
	return verified, nil
}

// signingString is what CloudTrail signs for a digest.
func signingString(d *digest) string {
	prev := "null"
	if d.PreviousSignature != nil {
		prev = *d.PreviousSignature
	}
	return fmt.Sprintf("%s\n%s/%s\n%s\n%s", d.EndTime, d.Bucket, d.Object, d.sha256, prev)
}

func verifySignature(d *digest, der []byte) error {
	pub, err := x509.ParsePKCS1PublicKey(der)
	if err != nil {
		return fmt.Errorf("public key: %w", err)
	}
	sig, err := hex.DecodeString(d.signature)
	if err != nil {
		return fmt.Errorf("signature is not hex: %w", err)
	}
	sum := sha256.Sum256([]byte(signingString(d)))
	return rsa.VerifyPKCS1v15(pub, crypto.SHA256, sum[:], sig)
}
