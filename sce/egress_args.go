package sce

// EgressMode is how far instances in the private subnet reach out of the VPC
// (sce:egress).
type EgressMode string

const (
	// EgressAllowlist (the default, and the zero value) resolves only the
	// names instances need, through a Route 53 Resolver DNS Firewall, and
	// logs every query; HTTPS still leaves through the NAT gateway.
	EgressAllowlist EgressMode = "allowlist"
	// EgressOpen is the behaviour before egress control: any HTTPS host
	// through the NAT gateway. sce plan warns about it.
	EgressOpen EgressMode = "open"
	// EgressNone has no NAT gateway and no route to the internet from the
	// private subnet: the S3 gateway endpoint carries S3 and the OS
	// repositories; nothing else outside the VPC is reachable. The DNS
	// Firewall of the allowlist (without project domains) still filters and
	// logs every query: the VPC resolver answers public names without any
	// route out, and queries for an outside domain carry data to its name
	// servers.
	EgressNone EgressMode = "none"
)

// EgressModes lists the modes in the order the docs present them.
func EgressModes() []EgressMode { return []EgressMode{EgressAllowlist, EgressOpen, EgressNone} }

// Valid reports whether m is one of EgressModes.
func (m EgressMode) Valid() bool {
	for _, v := range EgressModes() {
		if m == v {
			return true
		}
	}
	return false
}

// MaxEgressDomains bounds sce:egressDomains (DNS Firewall domain lists hold
// far more; a project needing more than this is not being selective).
const MaxEgressDomains = 100

// EgressArgs controls the private subnet's way out (sce:egress,
// sce:egressDomains). The zero value is the allowlist with no additions.
type EgressArgs struct {
	// Mode is allowlist (""), open or none.
	Mode EgressMode
	// Domains are the project's additions to the allowlist, e.g.
	// "cran.r-project.org" or "*.pypi.org"; only with the allowlist mode.
	Domains []string
}

// withDefaults fills the zero mode with EgressAllowlist.
func (e EgressArgs) withDefaults() EgressArgs {
	if e.Mode == "" {
		e.Mode = EgressAllowlist
	}
	return e
}

// filtersDNS says whether the VPC's DNS goes through the allowlist DNS
// Firewall, and so whether its query logs and blocked-query alarm exist:
// with EgressAllowlist and EgressNone (only open has no firewall). Every
// part of the stack that depends on the firewall asks this one predicate.
func (e EgressArgs) filtersDNS() bool { return e.Mode != EgressOpen }
