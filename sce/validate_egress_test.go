package sce

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestValidateEgress(t *testing.T) {
	cases := []struct {
		name   string
		egress EgressArgs
		want   []string
	}{
		{"unknown mode", EgressArgs{Mode: "closed"},
			[]string{`sce:egress: "closed" is not an egress mode: use allowlist (the default), open or none`}},
		{"domains without allowlist", EgressArgs{Mode: EgressNone, Domains: []string{"pypi.org"}},
			[]string{"sce:egressDomains: lists 1 domain, but only egress allowlist resolves by a list: remove it or set egress to allowlist"}},
		{"everything", EgressArgs{Domains: []string{"*"}},
			[]string{`sce:egressDomains[0]: "*" allows a whole top-level domain or everything: name the hosts instead, e.g. cran.r-project.org`}},
		{"top-level wildcard", EgressArgs{Domains: []string{"pypi.org", "*.com"}},
			[]string{`sce:egressDomains[1]: "*.com" allows a whole top-level domain or everything: name the hosts instead, e.g. cran.r-project.org`}},
		{"wildcard over an ICANN public suffix", EgressArgs{Domains: []string{"pypi.org", "*.co.uk"}},
			[]string{`sce:egressDomains[1]: "*.co.uk" allows every name under co.uk, a public suffix, whose names belong to unrelated owners: ` +
				`name the hosts instead, e.g. cran.r-project.org, or a wildcard under one owner's domain, e.g. *.pythonhosted.org`}},
		{"wildcard over a private public suffix", EgressArgs{Domains: []string{"*.github.io"}},
			[]string{`sce:egressDomains[0]: "*.github.io" allows every name under github.io, a public suffix, whose names belong to unrelated owners: ` +
				`name the hosts instead, e.g. cran.r-project.org, or a wildcard under one owner's domain, e.g. *.pythonhosted.org`}},
		{"wildcard over every AWS service", EgressArgs{Domains: []string{"*.amazonaws.com"}},
			[]string{`sce:egressDomains[0]: "*.amazonaws.com" is under amazonaws.com, AWS's service endpoints, which serve every AWS account's buckets and services ` +
				`(an S3 endpoint of another region takes any bucket by path), a way out for the project's data: sce reaches ` +
				`the AWS services a project uses through the VPC endpoints it creates and allows their names itself; remove it`}},
		{"wildcard over every S3 bucket", EgressArgs{Domains: []string{"*.s3.amazonaws.com"}},
			[]string{`sce:egressDomains[0]: "*.s3.amazonaws.com" is under amazonaws.com, AWS's service endpoints, which serve every AWS account's buckets and services ` +
				`(an S3 endpoint of another region takes any bucket by path), a way out for the project's data: sce reaches ` +
				`the AWS services a project uses through the VPC endpoints it creates and allows their names itself; remove it`}},
		{"wildcard over a region's S3 buckets", EgressArgs{Domains: []string{"*.s3.us-east-1.amazonaws.com"}},
			[]string{`sce:egressDomains[0]: "*.s3.us-east-1.amazonaws.com" is under amazonaws.com, AWS's service endpoints, which serve every AWS account's buckets and services ` +
				`(an S3 endpoint of another region takes any bucket by path), a way out for the project's data: sce reaches ` +
				`the AWS services a project uses through the VPC endpoints it creates and allows their names itself; remove it`}},
		{"wildcard over China's AWS services", EgressArgs{Domains: []string{"*.amazonaws.com.cn"}},
			[]string{`sce:egressDomains[0]: "*.amazonaws.com.cn" is under amazonaws.com.cn, AWS's service endpoints, which serve every AWS account's buckets and services ` +
				`(an S3 endpoint of another region takes any bucket by path), a way out for the project's data: sce reaches ` +
				`the AWS services a project uses through the VPC endpoints it creates and allows their names itself; remove it`}},
		{"one S3 endpoint of another region", EgressArgs{Domains: []string{"s3.eu-west-1.amazonaws.com"}},
			[]string{`sce:egressDomains[0]: "s3.eu-west-1.amazonaws.com" is under amazonaws.com, AWS's service endpoints, which serve every AWS account's buckets and services ` +
				`(an S3 endpoint of another region takes any bucket by path), a way out for the project's data: sce reaches ` +
				`the AWS services a project uses through the VPC endpoints it creates and allows their names itself; remove it`}},
		{"uppercase", EgressArgs{Domains: []string{"PyPI.org"}},
			[]string{`sce:egressDomains[0]: "PyPI.org" is not a lowercase domain name (a wildcard only as a leading "*."): e.g. pypi.org or *.pythonhosted.org`}},
		{"inner wildcard", EgressArgs{Domains: []string{"files.*.org"}},
			[]string{`sce:egressDomains[0]: "files.*.org" is not a lowercase domain name (a wildcard only as a leading "*."): e.g. pypi.org or *.pythonhosted.org`}},
		{"single label", EgressArgs{Domains: []string{"localhost"}},
			[]string{`sce:egressDomains[0]: "localhost" is not a lowercase domain name (a wildcard only as a leading "*."): e.g. pypi.org or *.pythonhosted.org`}},
		{"repeat", EgressArgs{Domains: []string{"pypi.org", "pypi.org"}},
			[]string{`sce:egressDomains[1]: "pypi.org" is listed twice: remove the repeat`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := validArgs()
			a.Egress = c.egress
			assert.Equal(t, c.want, fieldErrors(t, "hipaa", a))
		})
	}
}

func TestValidateEgressAccepts(t *testing.T) {
	for _, e := range []EgressArgs{{}, {Mode: EgressOpen}, {Mode: EgressNone}, {Domains: []string{"cran.r-project.org", "*.pythonhosted.org", "pypi.org"}},
		{Domains: []string{"*.r-project.org", "*.ac.uk.example.org", "*.example.co.uk"}}} {
		a := validArgs()
		a.Egress = e
		assert.Empty(t, fieldErrors(t, "hipaa", a), "%+v", e)
	}
}

func TestValidateEgressTooMany(t *testing.T) {
	a := validArgs()
	for i := range MaxEgressDomains + 1 {
		a.Egress.Domains = append(a.Egress.Domains, "h"+string(rune('a'+i%26))+string(rune('a'+i/26))+".example.org")
	}
	assert.Equal(t, []string{"sce:egressDomains: lists 101 domains, at most 100 are allowed: use a wildcard such as *.example.org"}, fieldErrors(t, "hipaa", a))
}
