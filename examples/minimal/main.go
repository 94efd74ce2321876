// Command sce-minimal is the smallest Pulumi program built on the sce
// library: one research project's Secure Computing Environment with one
// researcher and one worker. Run it with `pulumi up -s dev` in this
// directory; its test plans it offline.
package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

func main() {
	pulumi.Run(program)
}
