// Package access turns a project's stack outputs into what a researcher
// needs to connect: an ssh config, to save as it is and include from
// ~/.ssh/config, that reaches the workers through the bastion with
// ProxyJump (so no private key ever sits on the bastion), with the
// commands to move data in as comments.
package access

import (
	"fmt"
	"net/netip"
	"strings"
	"unicode"

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
	// InstanceID is the worker's instance, the target of a Session Manager
	// session (stack output workerInstanceIds).
	InstanceID string
}

// Project is what Render needs from a stack's outputs.
type Project struct {
	// PIT names the hosts ("<pit>-bastion", "<pit>-worker-1").
	PIT string
	// Offline is true when the outputs come from an offline plan, so every
	// address is a placeholder.
	Offline bool
	// BastionIP is the bastion's public address, the only host reachable
	// from outside (stack output bastionPublicIp); "" in session-manager
	// mode, where SSH travels through AWS Systems Manager instead.
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
func outputs() []string {
	return []string{sce.OutputPIT, sce.OutputBastionPublicIP, sce.OutputWorkerPrivateIPs,
		sce.OutputResearchers, sce.OutputBucketNames, sce.OutputKmsKeyArn}
}

// SessionManager reports whether the project has no bastion, so SSH
// travels through Session Manager (sce:access session-manager).
func (p Project) SessionManager() bool { return p.BastionIP == "" }

// Region is the project's AWS region, read from its key's ARN.
func (p Project) Region() string {
	if f := strings.Split(p.KmsKeyArn, ":"); len(f) > 3 {
		return f[3]
	}
	return ""
}

// FromOutputs reads a Project from stack outputs, as `pulumi stack output
// --json` prints them or as an offline plan holds them.
func FromOutputs(out map[string]any, offline bool) (Project, error) {
	var missing []string
	for _, k := range outputs() {
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
		p.BastionIP, _ = out[sce.OutputBastionPublicIP].(string)
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
	ids := make([]string, len(ips))
	if p.SessionManager() {
		// only session-manager mode reaches workers by instance ID
		if ids, err = strs(out, sce.OutputWorkerInstanceIDs); err != nil {
			return Project{}, err
		}
	}
	if len(ids) != len(ips) {
		return Project{}, fmt.Errorf("stack outputs %s and %s differ in length", sce.OutputWorkerPrivateIPs, sce.OutputWorkerInstanceIDs)
	}
	for i, ip := range ips {
		p.Workers = append(p.Workers, Worker{Name: fmt.Sprintf("%s-worker-%d", p.PIT, i+1), PrivateIP: ip, InstanceID: ids[i]})
	}
	if p.Researchers, err = strs(out, sce.OutputResearchers); err != nil {
		return Project{}, err
	}
	buckets, ok := out[sce.OutputBucketNames].(map[string]any)
	if p.DataInBucket, _ = buckets[string(sce.BucketDataIn)].(string); !ok || p.DataInBucket == "" {
		return Project{}, fmt.Errorf("stack output bucketNames has no data-in bucket")
	}
	if err := checkConfigValues(p); err != nil {
		return Project{}, err
	}
	return p, nil
}

// checkConfigValues refuses outputs that Render would write into the ssh
// config but that would not stay one plain word there (a blank, a quote,
// '#' or a control character changes what ssh reads): addresses must be IP
// addresses, the PIT and the user names plain words.
func checkConfigValues(p Project) error {
	if _, err := netip.ParseAddr(p.BastionIP); err != nil && !p.SessionManager() {
		return fmt.Errorf("stack output %s is %q, not an IP address", sce.OutputBastionPublicIP, p.BastionIP)
	}
	for _, w := range p.Workers {
		if _, err := netip.ParseAddr(w.PrivateIP); err != nil {
			return fmt.Errorf("stack output %s holds %q, not an IP address", sce.OutputWorkerPrivateIPs, w.PrivateIP)
		}
		if p.SessionManager() && !plainWord(w.InstanceID) {
			return fmt.Errorf("stack output %s holds %q, not a plain word an ssh config can hold", sce.OutputWorkerInstanceIDs, w.InstanceID)
		}
	}
	if p.SessionManager() && !plainWord(p.Region()) {
		return fmt.Errorf("stack output %s is %q, not a key ARN that names a region", sce.OutputKmsKeyArn, p.KmsKeyArn)
	}
	if !plainWord(p.PIT) {
		return fmt.Errorf("stack output %s is %q, not a plain word an ssh config can hold", sce.OutputPIT, p.PIT)
	}
	for _, r := range p.Researchers {
		if !plainWord(r) {
			return fmt.Errorf("stack output %s holds %q, not a plain word an ssh config can hold", sce.OutputResearchers, r)
		}
	}
	return nil
}

// plainWord is a non-empty string without blanks, quotes, '#', '%', '\\'
// or control characters.
func plainWord(s string) bool {
	return s != "" && !strings.ContainsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune(`"'#%\`, r)
	})
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
