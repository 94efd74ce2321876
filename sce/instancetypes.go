package sce

import (
	"maps"
	"regexp"
	"slices"
	"strings"
)

// dedicatedFamilies returns the x86-64 instance families AWS offers as
// Dedicated Instances, which a dedicated-tenancy VPC requires. Burstable
// T-family types are not offered (docs/deployment-facts.md#4); Mac and
// high-memory (u-*) types run only on Dedicated Hosts;
// Graviton (arm64) families would need an arm64 image; older Xen families
// (m4, c4, r4, x1, i3, d2, h1, p3) attach EBS volumes as /dev/xvd*, not as
// the NVMe devices the /data mount script finds by volume ID.
func dedicatedFamilies() []string {
	return []string{
		"m5", "m5a", "m5ad", "m5d", "m5dn", "m5n", "m5zn", "m6a", "m6i", "m6id", "m6idn", "m6in", "m7a", "m7i",
		"c5", "c5a", "c5ad", "c5d", "c5n", "c6a", "c6i", "c6id", "c6in", "c7a", "c7i",
		"r5", "r5a", "r5ad", "r5b", "r5d", "r5dn", "r5n", "r6a", "r6i", "r6id", "r6idn", "r6in", "r7a", "r7i", "r7iz",
		"x2idn", "x2iedn", "x2iezn", "z1d", "i3en", "i4i", "d3", "d3en",
		"p4d", "p5", "g4dn", "g5", "g6", "inf1", "inf2", "trn1",
	}
}

// xenFamilies returns the families that run as dedicated instances but on the Xen hypervisor.
func xenFamilies() []string {
	return []string{"m4", "c4", "r4", "x1", "x1e", "i3", "d2", "h1", "p3", "m3", "c3", "r3"}
}

var instanceTypePattern = regexp.MustCompile(`^([a-z][a-z0-9-]*)\.([0-9]*[a-z]+[0-9]*)$`)

// instanceTypeProblem says why an instance type cannot run in an SCE, or
// returns "" when it can.
func instanceTypeProblem(instanceType, example string) string {
	m := instanceTypePattern.FindStringSubmatch(instanceType)
	if m == nil {
		return "is not an EC2 instance type such as " + example
	}
	if msg := unknownTypeProblem(instanceType, m[1], example); msg != "" {
		return msg
	}
	return familyProblem(m[1], example)
}

// unknownTypeProblem says that instanceType (of family) is not in the
// table of known types, and which known types are near it; "" for a known type.
func unknownTypeProblem(instanceType, family, example string) string {
	sizes, ok := instanceSizes()[family]
	if ok && slices.Contains(strings.Fields(sizes), instanceType[len(family)+1:]) {
		return ""
	}
	msg := "is not an EC2 instance type"
	if near := nearest(instanceType, knownInstanceTypes()); len(near) > 0 {
		msg += ": did you mean " + strings.Join(near, " or ") + "?"
	} else if ok {
		msg += ": " + family + " comes in " + strings.Join(strings.Fields(sizes), ", ")
	} else {
		msg += " such as " + example
	}
	return msg + " (sce's table of instance types in sce/instancetypes.go is a snapshot of June 2025)"
}

// familyProblem says why a family cannot run in an SCE, or returns "".
func familyProblem(family, example string) string {
	switch {
	case strings.HasPrefix(family, "t") && len(family) <= 3:
		return "is a burstable T-family type, which AWS does not offer as a dedicated instance and so cannot run " +
			"in the SCE's dedicated-tenancy VPC: use an m-family type such as " + example
	case strings.HasPrefix(family, "mac") || strings.HasPrefix(family, "u-"):
		return "runs only on Dedicated Hosts, not as a dedicated instance: use an m-family type such as " + example
	case len(family) > 2 && strings.Contains(family[2:], "g") && !slices.Contains(dedicatedFamilies(), family):
		return "is a Graviton (arm64) type; the SCE image is x86-64: use an m-family type such as " + example
	case slices.Contains(xenFamilies(), family):
		return "is an older Xen-based family whose volumes are not NVMe devices, so /data cannot be found by volume ID: " +
			"use a current (Nitro) type such as " + example
	case !slices.Contains(dedicatedFamilies(), family):
		return "is not a family AWS offers as a dedicated instance: use an m-family type such as " + example +
			" (see sce/instancetypes.go for the families sce accepts)"
	}
	return ""
}

// knownInstanceTypes are every type of instanceSizes, sorted, the types an
// SCE accepts first: among equally near names, those are suggested.
func knownInstanceTypes() []string {
	var accepted, others []string
	table := instanceSizes()
	for _, family := range slices.Sorted(maps.Keys(table)) {
		for _, size := range strings.Fields(table[family]) {
			if familyProblem(family, "") == "" {
				accepted = append(accepted, family+"."+size)
			} else {
				others = append(others, family+"."+size)
			}
		}
	}
	return append(accepted, others...)
}
