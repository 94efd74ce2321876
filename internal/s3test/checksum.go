package s3test

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"fmt"
	"hash"
	"hash/crc32"
	"hash/crc64"
	"net/http"
	"strings"

	"github.com/johannesboyne/gofakes3"
)

// crc64NVME is the CRC-64/NVME polynomial, reversed as hash/crc64 takes it.
const crc64NVME = 0x9a6c9329ac4bc9b5

// algorithms are the checksum algorithms the server checks and stores, by
// the name in their x-amz-checksum-<name> header.
var algorithms = map[string]func() hash.Hash{
	"crc32":     func() hash.Hash { return crc32.NewIEEE() },
	"crc32c":    func() hash.Hash { return crc32.New(crc32.MakeTable(crc32.Castagnoli)) },
	"crc64nvme": func() hash.Hash { return crc64.New(crc64.MakeTable(crc64NVME)) },
	"sha1":      sha1.New,
	"sha256":    sha256.New,
	"sha512":    sha512.New,
	"md5":       md5.New,
}

// Checksum types, as x-amz-checksum-type reports them.
const (
	fullObject = "FULL_OBJECT"
	composite  = "COMPOSITE"
)

// checksum is the checksum S3 stores with an object version.
type checksum struct {
	// algo is the algorithm's header name (sha256, crc32 ...); "" for an
	// object stored without one.
	algo string
	// value is the base64 checksum; a composite one ends with -<parts>.
	value string
	// typ is fullObject or composite.
	typ string
}

// header is the checksum's response header name.
func (c checksum) header() string { return checksumHeader(c.algo) }

func checksumHeader(algo string) string { return http.CanonicalHeaderKey("x-amz-checksum-" + algo) }

// sumOf is data's checksum with an algorithm, base64.
func sumOf(algo string, data []byte) string {
	h := algorithms[algo]()
	h.Write(data)
	return base64.StdEncoding.EncodeToString(h.Sum(nil))
}

// requestChecksum is the checksum header a request carries: its algorithm
// and value, or none. More than one, or one of an algorithm the server does
// not know, is refused.
func requestChecksum(h http.Header) (algo, value string, err error) {
	for name, vs := range h {
		suffix, ok := strings.CutPrefix(strings.ToLower(name), "x-amz-checksum-")
		if !ok || suffix == "algorithm" || suffix == "mode" || suffix == "type" {
			continue
		}
		if algorithms[suffix] == nil {
			return "", "", gofakes3.ErrorMessage(gofakes3.ErrNotImplemented, "s3test does not check x-amz-checksum-"+suffix)
		}
		if algo != "" {
			return "", "", gofakes3.ErrorMessage(gofakes3.ErrInvalidArgument, "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.")
		}
		algo, value = suffix, vs[0]
	}
	return algo, value, nil
}

// verify checks a request's checksum header against the content it sent,
// as S3 does on arrival: BadDigest on a mismatch.
func verify(algo, value string, data []byte) error {
	if got := sumOf(algo, data); got != value {
		return gofakes3.ErrorMessage(gofakes3.ErrBadDigest,
			fmt.Sprintf("The %s you specified did not match the calculated checksum.", strings.ToUpper(algo)))
	}
	return nil
}

// storedChecksum is what S3 keeps for a single-part upload: the checksum
// the request carried (already verified), or S3's default, a full-object
// CRC64NVME.
func storedChecksum(h http.Header, data []byte) (checksum, error) {
	algo, value, err := requestChecksum(h)
	if err != nil {
		return checksum{}, err
	}
	if algo == "" {
		algo, value = "crc64nvme", sumOf("crc64nvme", data)
	}
	return checksum{algo: algo, value: value, typ: fullObject}, nil
}

// compositeChecksum is a multipart object's checksum: the checksum of the
// concatenated binary checksums of its parts, then -<number of parts>.
func compositeChecksum(algo string, partSums [][]byte) string {
	h := algorithms[algo]()
	for _, s := range partSums {
		h.Write(s)
	}
	return fmt.Sprintf("%s-%d", base64.StdEncoding.EncodeToString(h.Sum(nil)), len(partSums))
}
