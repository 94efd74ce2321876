package sce

import (
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/publicsuffix"

	"github.com/sce-dev/sce/internal/english"
)

// egressDomainPattern is a lowercase DNS name, optionally "*." in front
// (DNS Firewall's wildcard for every subdomain), with at least two labels.
var egressDomainPattern = regexp.MustCompile(`^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$`)

// awsServiceDomains are the domains of AWS's service endpoints (the
// commercial and the China partitions). A name under one, wildcard or not,
// reaches every account's buckets and services (s3.<region>.amazonaws.com
// takes any bucket by path); sce allows the endpoints a project needs
// itself (network.AllowedDomains) and reaches them through its VPC endpoints.
var awsServiceDomains = []string{"amazonaws.com", "amazonaws.com.cn"}

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
		key := "egressDomains[" + strconv.Itoa(i) + "]"
		base, wildcard := strings.CutPrefix(d, "*.")
		switch {
		case d == "*" || wildcard && !strings.Contains(base, "."):
			errs.add(key, "%q allows a whole top-level domain or everything: name the hosts instead, e.g. cran.r-project.org", d)
		case len(d) > 253 || !egressDomainPattern.MatchString(d):
			errs.add(key, "%q is not a lowercase domain name (a wildcard only as a leading \"*.\"): e.g. pypi.org or *.pythonhosted.org", d)
		case awsDomainOf(base) != "":
			errs.add(key, "%q is under %s, AWS's service endpoints, which serve every AWS account's buckets and services "+
				"(an S3 endpoint of another region takes any bucket by path), a way out for the project's data: sce reaches "+
				"the AWS services a project uses through the VPC endpoints it creates and allows their names itself; remove it",
				d, awsDomainOf(base))
		case wildcard && isPublicSuffix(base):
			errs.add(key, "%q allows every name under %s, a public suffix, whose names belong to unrelated owners: "+
				"name the hosts instead, e.g. cran.r-project.org, or a wildcard under one owner's domain, e.g. *.pythonhosted.org", d, base)
		case seen[d]:
			errs.add(key, "%q is listed twice: remove the repeat", d)
		}
		seen[d] = true
	}
}

// isPublicSuffix reports whether name is a public suffix (the ICANN or the
// private section of the Public Suffix List, or an unlisted top-level
// domain), under which names are registered by unrelated owners.
func isPublicSuffix(name string) bool {
	suffix, _ := publicsuffix.PublicSuffix(name)
	return suffix == name
}

// awsDomainOf returns the AWS service domain name is or is under, or "".
func awsDomainOf(name string) string {
	for _, d := range awsServiceDomains {
		if name == d || strings.HasSuffix(name, "."+d) {
			return d
		}
	}
	return ""
}
