package sce

import (
	"maps"
	"slices"
	"strings"

	"github.com/agnivade/levenshtein"
)

// regionZones returns sce's table of AWS regions and the letters of their
// Availability Zones: a snapshot of AWS's public region list as of June 2025
// (commercial, GovCloud and China partitions; Local and Wavelength Zones
// are not listed, an SCE does not use them). A region AWS opened since is
// refused as unknown until it is added here: `aws ec2 describe-regions
// --all-regions` and `aws ec2 describe-availability-zones --region <region>`
// list what an account sees. Where accounts see different zones of one
// region (us-west-1, ap-northeast-1, ca-central-1), every letter any account
// sees is listed.
func regionZones() map[string]string {
	return map[string]string{
		"us-east-1": "abcdef", "us-east-2": "abc", "us-west-1": "abc", "us-west-2": "abcd",
		"af-south-1": "abc", "ap-east-1": "abc", "ap-east-2": "abc",
		"ap-south-1": "abc", "ap-south-2": "abc",
		"ap-southeast-1": "abc", "ap-southeast-2": "abc", "ap-southeast-3": "abc", "ap-southeast-4": "abc",
		"ap-southeast-5": "abc", "ap-southeast-7": "abc",
		"ap-northeast-1": "abcd", "ap-northeast-2": "abcd", "ap-northeast-3": "abc",
		"ca-central-1": "abd", "ca-west-1": "abc",
		"eu-central-1": "abc", "eu-central-2": "abc", "eu-west-1": "abc", "eu-west-2": "abc", "eu-west-3": "abc",
		"eu-south-1": "abc", "eu-south-2": "abc", "eu-north-1": "abc",
		"il-central-1": "abc", "me-south-1": "abc", "me-central-1": "abc", "mx-central-1": "abc", "sa-east-1": "abc",
		"us-gov-west-1": "abc", "us-gov-east-1": "abc",
		"cn-north-1": "abd", "cn-northwest-1": "abc",
	}
}

// knownRegion reports whether region is in sce's region table.
func knownRegion(region string) bool {
	_, ok := regionZones()[region]
	return ok
}

// regionProblem says why region is not a region sce knows, with the
// nearest names in the table; "" for a known region.
func regionProblem(region string) string {
	if knownRegion(region) {
		return ""
	}
	msg := "is not an AWS region"
	if near := nearest(region, slices.Sorted(maps.Keys(regionZones()))); len(near) > 0 {
		msg += ": did you mean " + strings.Join(near, " or ") + "?"
	} else {
		msg += " such as us-west-2"
	}
	return msg + " (sce's region table in sce/validate_regions.go is a snapshot of June 2025: add a newer region there)"
}

// zonesOf are the Availability Zones of a region in the table, in order.
func zonesOf(region string) []string {
	letters := regionZones()[region]
	out := make([]string, len(letters))
	for i, l := range letters {
		out[i] = region + string(l)
	}
	return out
}

// zoneRegion is the region a zone name belongs to: the name without its
// last letter, when that is a region in the table.
func zoneRegion(zone string) (string, bool) {
	if len(zone) < 2 {
		return "", false
	}
	r := zone[:len(zone)-1]
	return r, knownRegion(r)
}

// zoneProblem says why zone is not an Availability Zone of region (a
// region in the table); "" when it is one.
func zoneProblem(zone, region string) string {
	zones := zonesOf(region)
	if slices.Contains(zones, zone) {
		return ""
	}
	if other, ok := zoneRegion(zone); ok && slices.Contains(zonesOf(other), zone) {
		return "is a zone of region " + other + ", not of aws:region " + region + ": use one of " + strings.Join(zones, ", ") +
			", or move the whole stack to " + other
	}
	return "is not a zone of region " + region + ": use one of " + strings.Join(zones, ", ")
}

// maxSuggestions is how many near names a message offers.
const maxSuggestions = 3

// maxSuggestDistance is the largest edit distance at which a name is
// offered as the one probably meant.
const maxSuggestDistance = 2

// nearest are the names of known (in their order) at the smallest edit
// distance from name, when it is at most maxSuggestDistance; at most
// maxSuggestions of them.
func nearest(name string, known []string) []string {
	best, out := maxSuggestDistance+1, []string(nil)
	for _, k := range known {
		switch d := levenshtein.ComputeDistance(name, k); {
		case d < best:
			best, out = d, []string{k}
		case d == best && len(out) < maxSuggestions:
			out = append(out, k)
		}
	}
	return out
}
