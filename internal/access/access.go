// Package access turns a project's stack outputs into what a researcher
// needs to connect: an ~/.ssh/config block that reaches the workers through
// the bastion with ProxyJump (so no private key ever sits on the bastion),
// and the commands to move data in.
package access

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/sce-dev/sce/sce"
)

// Worker is one worker a researcher can reach.
type Worker struct {
	// Name is the worker's host name in ~/.ssh/config, "<pit>-worker-<n>"
	// counted from 1 in the order of the workerPrivateIps output.
	Name string
	// PrivateIP is the worker's address in the private subnet, reached
	// through the bastion (stack output workerPrivateIps).
	PrivateIP string
}

// Project is what Render needs from a stack's outputs.
type Project struct {
	// PIT names the hosts ("<pit>-bastion", "<pit>-worker-1").
	PIT string
	// Offline is true when the outputs come from an offline plan, so every
	// address is a placeholder.
	Offline bool
	// BastionIP is the bastion's public address, the only host reachable
	// from outside (stack output bastionPublicIp).
	BastionIP string
	// Workers are the instances researchers work on, reached through the
	// bastion with ProxyJump.
	Workers []Worker
	// Researchers are the user names with an account on the instances
	// (stack output researchers).
	Researchers []string
	// DataInBucket is the name of the bucket researchers upload data to
	// (the data-in entry of stack output bucketNames).
	DataInBucket string
	// KmsKeyArn is the ARN of the project key that encrypts the buckets;
	// the upload commands name it in --sse-kms-key-id (stack output kmsKeyArn).
	KmsKeyArn string
}

// outputs names the stack outputs FromOutputs reads.
var outputs = []string{sce.OutputPIT, sce.OutputBastionPublicIP, sce.OutputWorkerPrivateIPs, sce.OutputResearchers, sce.OutputBucketNames, sce.OutputKmsKeyArn}

// FromOutputs reads a Project from stack outputs, as `pulumi stack output
// --json` prints them or as an offline plan holds them.
func FromOutputs(out map[string]any, offline bool) (Project, error) {
	var missing []string
	for _, k := range outputs {
		if _, ok := out[k]; !ok {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		return Project{}, fmt.Errorf("stack outputs lack %s: is this an sce project stack, deployed with this version?", strings.Join(missing, ", "))
	}
	p := Project{Offline: offline}
	var err error
	p.PIT, err = str(out, sce.OutputPIT)
	if err == nil {
		p.BastionIP, err = str(out, sce.OutputBastionPublicIP)
	}
	if err == nil {
		p.KmsKeyArn, err = str(out, sce.OutputKmsKeyArn)
	}
	if err != nil {
		return Project{}, err
	}
	ips, err := strs(out, sce.OutputWorkerPrivateIPs)
	if err != nil {
		return Project{}, err
	}
	for i, ip := range ips {
		p.Workers = append(p.Workers, Worker{Name: fmt.Sprintf("%s-worker-%d", p.PIT, i+1), PrivateIP: ip})
	}
	if p.Researchers, err = strs(out, sce.OutputResearchers); err != nil {
		return Project{}, err
	}
	buckets, ok := out[sce.OutputBucketNames].(map[string]any)
	if p.DataInBucket, _ = buckets[string(sce.BucketDataIn)].(string); !ok || p.DataInBucket == "" {
		return Project{}, fmt.Errorf("stack output bucketNames has no data-in bucket")
	}
	return p, nil
}

func str(out map[string]any, key string) (string, error) {
	s, ok := out[key].(string)
	if !ok || s == "" {
		return "", fmt.Errorf("stack output %s is not a string", key)
	}
	return s, nil
}

func strs(out map[string]any, key string) ([]string, error) {
	list, ok := out[key].([]any)
	if !ok {
		return nil, fmt.Errorf("stack output %s is not a list", key)
	}
	res := make([]string, 0, len(list))
	for _, v := range list {
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("stack output %s holds %v, not a string", key, v)
		}
		res = append(res, s)
	}
	return res, nil
}

// ErrUnknownResearcher is returned by Render for a researcher the project does not have.
var ErrUnknownResearcher = errors.New("unknown researcher")

// Options choose what Render prints.
type Options struct {
	// Researcher limits the output to one researcher; empty means all.
	Researcher string
	// Identity is the private key path written into IdentityFile.
	Identity string
}

// Render writes one ~/.ssh/config block per researcher and the data
// transfer commands.
func Render(w io.Writer, p Project, o Options) error {
	users := p.Researchers
	if o.Researcher != "" {
		if !slices.Contains(users, o.Researcher) {
			return fmt.Errorf("%w: %q is not a researcher of project %s: the researchers are %s",
				ErrUnknownResearcher, o.Researcher, p.PIT, strings.Join(users, ", "))
		}
		users = []string{o.Researcher}
	}
	if o.Identity == "" {
		o.Identity = "~/.ssh/id_ed25519"
	}
	var b strings.Builder
	if p.Offline {
		fmt.Fprintf(&b, "# OFFLINE: from the offline plan of %s; the addresses below are placeholders, not real hosts.\n"+
			"# After `pulumi up -s %s`, run: pulumi stack output --json -s %s > outputs.json\n"+
			"#                              sce access %s --outputs outputs.json\n\n", p.PIT, p.PIT, p.PIT, p.PIT)
	}
	for _, u := range users {
		writeUser(&b, p, u, o.Identity)
	}
	writeTransfer(&b, p)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeUser writes the ~/.ssh/config block of one researcher.
func writeUser(b *strings.Builder, p Project, user, identity string) {
	bastion := p.PIT + "-bastion"
	fmt.Fprintf(b, "# ~/.ssh/config for %s, project %s. Your private key stays on your machine:\n"+
		"# the bastion only forwards your connection (ProxyJump); it never holds a key.\n", user, p.PIT)
	host(b, bastion, p.BastionIP, user, identity, "")
	for _, w := range p.Workers {
		host(b, w.Name, w.PrivateIP, user, identity, bastion)
	}
}

func host(b *strings.Builder, name, addr, user, identity, jump string) {
	fmt.Fprintf(b, "Host %s\n    HostName %s\n    User %s\n    IdentityFile %s\n    IdentitiesOnly yes\n    ForwardAgent no\n",
		name, addr, user, identity)
	if jump != "" {
		fmt.Fprintf(b, "    ProxyJump %s\n", jump)
	}
	b.WriteString("\n")
}

// writeTransfer writes how data gets in: to the data-in bucket (encrypted
// with the project key) or straight to a worker's /data over SSH.
func writeTransfer(b *strings.Builder, p Project) {
	fmt.Fprintf(b, "# Upload data to the project's data-in bucket (AWS credentials allowed to write there;\n"+
		"# the bucket refuses any other encryption):\n"+
		"aws s3 cp FILE s3://%s/ --sse aws:kms --sse-kms-key-id %s\n", p.DataInBucket, p.KmsKeyArn)
	if len(p.Workers) > 0 {
		fmt.Fprintf(b, "# Or copy it to a worker's encrypted /data volume through the bastion:\n"+
			"scp FILE %s:/data/\n", p.Workers[0].Name)
	}
}
