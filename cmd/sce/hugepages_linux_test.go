package main

import (
	"bytes"
	"os"
	"os/exec"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHugePagesAdvisedBeforeTheHeavyPackages: sce advises its heap for
// huge pages (package hugeheap/atstart) before the packages that allocate
// most while the program starts are initialized, or their heap would be
// faulted in 4 KiB at a time. The order comes from GODEBUG=inittrace=1 of
// sce version, in a child process.
func TestHugePagesAdvisedBeforeTheHeavyPackages(t *testing.T) {
	cmd := exec.Command(os.Args[0], "version")
	cmd.Env = append(os.Environ(), childEnv+"=main", "GODEBUG=inittrace=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Run(), stderr.String())
	order := map[string]int{}
	for i, m := range regexp.MustCompile(`(?m)^init (\S+) @`).FindAllStringSubmatch(stderr.String(), -1) {
		order[m[1]] = i
	}
	const atstart = "github.com/sce-dev/sce/internal/hugeheap/atstart"
	require.Contains(t, order, atstart, "inittrace of sce version")
	for _, heavy := range []string{
		"github.com/pulumi/pulumi/sdk/v3/go/common/workspace",
		"github.com/santhosh-tekuri/jsonschema/v5",
		"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2",
		"github.com/open-policy-agent/opa/v1/ast",
		"google.golang.org/protobuf/reflect/protodesc",
	} {
		require.Contains(t, order, heavy, "inittrace of sce version")
		assert.Less(t, order[atstart], order[heavy], "%s is initialized before the heap is advised", heavy)
	}
}
