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
			[]string{`sce:egressDomains: item 1 "*" allows a whole top-level domain or everything: name the hosts instead, e.g. cran.r-project.org`}},
		{"top-level wildcard", EgressArgs{Domains: []string{"pypi.org", "*.com"}},
			[]string{`sce:egressDomains: item 2 "*.com" allows a whole top-level domain or everything: name the hosts instead, e.g. cran.r-project.org`}},
		{"uppercase", EgressArgs{Domains: []string{"PyPI.org"}},
			[]string{`sce:egressDomains: item 1 "PyPI.org" is not a lowercase domain name (a wildcard only as a leading "*."): e.g. pypi.org or *.pythonhosted.org`}},
		{"inner wildcard", EgressArgs{Domains: []string{"files.*.org"}},
			[]string{`sce:egressDomains: item 1 "files.*.org" is not a lowercase domain name (a wildcard only as a leading "*."): e.g. pypi.org or *.pythonhosted.org`}},
		{"single label", EgressArgs{Domains: []string{"localhost"}},
			[]string{`sce:egressDomains: item 1 "localhost" is not a lowercase domain name (a wildcard only as a leading "*."): e.g. pypi.org or *.pythonhosted.org`}},
		{"repeat", EgressArgs{Domains: []string{"pypi.org", "pypi.org"}},
			[]string{`sce:egressDomains: item 2 "pypi.org" is listed twice: remove the repeat`}},
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
	for _, e := range []EgressArgs{{}, {Mode: EgressOpen}, {Mode: EgressNone}, {Domains: []string{"cran.r-project.org", "*.pythonhosted.org", "pypi.org"}}} {
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
