package audit

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// S3API is the part of the S3 client that reads a source s3://bucket/prefix.
type S3API interface {
	ListObjectsV2(ctx context.Context, in *s3.ListObjectsV2Input, opts ...func(*s3.Options)) (*s3.ListObjectsV2Output, error)
	GetObject(ctx context.Context, in *s3.GetObjectInput, opts ...func(*s3.Options)) (*s3.GetObjectOutput, error)
}

// fileKind is what a file of a source holds.
type fileKind int

const (
	kindOther fileKind = iota
	kindLog
	kindDigest
)

// file is one file of a source: a local file or an S3 object.
type file struct {
	// name is how reports show it: a path or s3://bucket/key.
	name string
	// key is the path under the source (slash-separated) or the S3 key.
	key string
	// bucket is the S3 bucket ("" for a local file).
	bucket string
	kind   fileKind
	// real is what the file is, however it was reached: the path without
	// links of a local file, the s3://bucket/key of an object. A file
	// reached twice is read once.
	real string
	// size is the file's size in bytes; -1 when unknown.
	size int64
	// source is the index of the source it was listed in.
	source int
	// hashed asks for the SHA-256 of the file as stored, to find copies
	// (see markPossibleCopies).
	hashed bool
	// open returns the content and, for S3 objects, the user metadata.
	open func(ctx context.Context) (io.ReadCloser, map[string]string, error)
}

// base is the file name without its directories.
func (f file) base() string { return f.key[strings.LastIndexByte(f.key, '/')+1:] }

// kindOf classifies a CloudTrail file by its name: log files are
// <account>_CloudTrail_<region>_<time>_<id>.json.gz, digest files
// <account>_CloudTrail-Digest_<region>_<trail>_<region>_<time>.json.gz.
func kindOf(base string) fileKind {
	switch {
	case !strings.HasSuffix(base, ".json.gz"):
		return kindOther
	case strings.Contains(base, "_CloudTrail-Digest_"):
		return kindDigest
	case strings.Contains(base, "_CloudTrail_"):
		return kindLog
	}
	return kindOther
}

// SourceError is a source that cannot be the one meant: a folder that does
// not exist, or a folder or prefix without CloudTrail log files.
type SourceError struct {
	// Source is the folder or s3:// address, as given (several, comma-separated).
	Source string
	// Problem says what is wrong with it.
	Problem string
}

// Error names the source, the problem and the layout CloudTrail writes.
func (e *SourceError) Error() string {
	return fmt.Sprintf("%s: %s: give the folder or s3://bucket/prefix that holds CloudTrail's AWSLogs/<account>/CloudTrail/ "+
		"folders (log files named <account>_CloudTrail_<region>_<time>_<id>.json.gz)", e.Source, e.Problem)
}

// listSource lists the files of a folder or of s3://bucket/prefix.
func listSource(ctx context.Context, source string, client S3API) ([]file, error) {
	if rest, ok := strings.CutPrefix(source, "s3://"); ok {
		if client == nil {
			return nil, fmt.Errorf("%s: reading S3 needs AWS credentials", source)
		}
		bucket, prefix, _ := strings.Cut(rest, "/")
		return listS3(ctx, client, bucket, prefix)
	}
	return listDir(source)
}

// listDir lists the files under root. A symbolic link is followed, the
// root itself too (a link to the trail folder is that folder): a file it
// leads to is read under the link's path, a folder is walked. A folder
// already walked (a link back up the tree, or a second way to the same
// folder) is not walked again, so links cannot loop. A link that leads
// nowhere is counted among the other files.
func listDir(root string) ([]file, error) {
	resolved, err := filepath.EvalSymlinks(root)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &SourceError{Source: root, Problem: "no such folder"}
	}
	if err != nil {
		return nil, fmt.Errorf("read source folder: %w", err)
	}
	w := &dirWalk{walked: map[string]bool{}}
	if err := w.walk(root, resolved, ""); err != nil {
		return nil, fmt.Errorf("read source folder: %w", err)
	}
	return w.files, nil
}

// dirWalk lists the files of a folder, following links.
type dirWalk struct {
	files []file
	// walked are the real paths of the folders walked.
	walked map[string]bool
}

// walk lists the files under real, a path without links, showing them
// under shown and keying them under key (slash-separated, "" at the root).
func (w *dirWalk) walk(shown, real, key string) error {
	return filepath.WalkDir(real, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(real, path)
		if err != nil {
			return err
		}
		name, k := filepath.Join(shown, rel), joinKey(key, filepath.ToSlash(rel))
		switch {
		case d.IsDir():
			if w.walked[path] {
				return fs.SkipDir
			}
			w.walked[path] = true
		case d.Type()&fs.ModeSymlink != 0:
			return w.link(name, path, k)
		case d.Type().IsRegular():
			w.add(name, path, k, d.Name())
		}
		return nil
	})
}

// link follows the link at path, shown as name.
func (w *dirWalk) link(name, path, key string) error {
	target, err := filepath.EvalSymlinks(path)
	var info fs.FileInfo
	if err == nil {
		info, err = os.Stat(target)
	}
	switch {
	case err != nil:
		w.files = append(w.files, file{name: name, key: key, real: path, kind: kindOther})
	case info.IsDir():
		if !w.walked[target] {
			return w.walk(name, target, key)
		}
	case info.Mode().IsRegular():
		w.add(name, target, key, filepath.Base(path))
	}
	return nil
}

// add lists the regular file real, shown as name.
func (w *dirWalk) add(name, real, key, base string) {
	size := int64(-1)
	if info, err := os.Stat(real); err == nil {
		size = info.Size()
	}
	w.files = append(w.files, file{name: name, key: key, real: real, size: size, kind: kindOf(base), open: openLocal(real)})
}

// joinKey is key/rel, or rel at the root ("." for the root itself, a file).
func joinKey(key, rel string) string {
	if key == "" {
		return rel
	}
	if rel == "." {
		return key
	}
	return key + "/" + rel
}

func openLocal(path string) func(context.Context) (io.ReadCloser, map[string]string, error) {
	return func(context.Context) (io.ReadCloser, map[string]string, error) {
		f, err := os.Open(path)
		return f, nil, err
	}
}

func listS3(ctx context.Context, client S3API, bucket, prefix string) ([]file, error) {
	var out []file
	p := s3.NewListObjectsV2Paginator(client, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list s3://%s/%s: %w", bucket, prefix, err)
		}
		for _, o := range page.Contents {
			key := aws.ToString(o.Key)
			name := "s3://" + bucket + "/" + key
			f := file{name: name, key: key, bucket: bucket, real: name, size: aws.ToInt64(o.Size), open: openS3(client, bucket, key)}
			f.kind = kindOf(f.base())
			out = append(out, f)
		}
	}
	return out, nil
}

func openS3(client S3API, bucket, key string) func(context.Context) (io.ReadCloser, map[string]string, error) {
	return func(ctx context.Context) (io.ReadCloser, map[string]string, error) {
		out, err := client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
		if err != nil {
			return nil, nil, fmt.Errorf("get s3://%s/%s: %w", bucket, key, err)
		}
		return out.Body, out.Metadata, nil
	}
}
