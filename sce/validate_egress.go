package sce

import (
	"regexp"
	"strings"

	"github.com/sce-dev/sce/internal/english"
)

// egressDomainPattern is a lowercase DNS name, optionally "*." in front
// (DNS Firewall's wildcard for every subdomain), with at least two labels.
var egressDomainPattern = regexp.MustCompile(`^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$`)

// validateEgress checks sce:egress and sce:egressDomains.
func validateEgress(errs *ValidationErrors, e EgressArgs) {
	if !e.Mode.Valid() {
		errs.add("egress", "%q is not an egress mode: use allowlist (the default), open or none", e.Mode)
		return
	}
	if e.Mode != EgressAllowlist && len(e.Domains) > 0 {
		errs.add("egressDomains", "lists %s, but only egress allowlist resolves by a list: remove %s or set egress to allowlist",
			english.Plural(len(e.Domains), "domain"), english.Agree(len(e.Domains), "it", "them"))
		return
	}
	if len(e.Domains) > MaxEgressDomains {
		errs.add("egressDomains", "lists %d domains, at most %d are allowed: use a wildcard such as *.example.org", len(e.Domains), MaxEgressDomains)
	}
	seen := map[string]bool{}
	for i, d := range e.Domains {
		switch {
		case d == "*" || strings.HasPrefix(d, "*.") && strings.Count(d, ".") < 2:
			errs.add("egressDomains", "item %d %q allows a whole top-level domain or everything: name the hosts instead, e.g. cran.r-project.org", i+1, d)
		case len(d) > 253 || !egressDomainPattern.MatchString(d):
			errs.add("egressDomains", "item %d %q is not a lowercase domain name (a wildcard only as a leading \"*.\"): e.g. pypi.org or *.pythonhosted.org", i+1, d)
		case seen[d]:
			errs.add("egressDomains", "item %d %q is listed twice: remove the repeat", i+1, d)
		}
		seen[d] = true
	}
}
