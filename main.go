// Command sce-program is the Pulumi program of every sce stack: `pulumi up -s <pit>`
// runs it with the stack's config from stacks/Pulumi.<pit>.yaml.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/sce-dev/sce/stacks"
)

func main() {
	pulumi.Run(stacks.Program)
}
