package patching

// patchManagerSuffixes are the unique suffixes of the AWS-owned buckets
// holding the scripts of AWS-RunPatchBaseline in each region,
// aws-patch-manager-<region>-<suffix>, as AWS's Patch Manager reference
// ("Amazon S3 buckets for patching operations") lists them.
func patchManagerSuffixes() map[string]string {
	return map[string]string{
		"us-east-2": "552881074", "us-east-1": "1970c647d", "us-west-1": "8badb4304", "us-west-2": "34d7f99f8",
		"af-south-1": "bdd5f65a9", "ap-east-1": "632356271", "ap-south-2": "32f4b4128", "ap-southeast-3": "aa48fc462",
		"ap-southeast-4": "01e2c40d3", "ap-south-1": "cb7c62ff9", "ap-northeast-3": "67373598a", "ap-northeast-2": "10467995c",
		"ap-southeast-1": "7fdfd9ef7", "ap-southeast-2": "17283a275", "ap-northeast-1": "4849fa78f", "ca-central-1": "3148e69e3",
		"ca-west-1": "9e3a4b2f9", "eu-central-1": "9163fdaaf", "eu-west-1": "5522fb710", "eu-west-2": "902a2bc74",
		"eu-south-1": "c52f3f594", "eu-west-3": "29bf85721", "eu-south-2": "a4cf248b1", "eu-north-1": "795879e9b",
		"eu-central-2": "184ce43c8", "il-central-1": "e221cb57b", "me-south-1": "a53fc9dce", "me-central-1": "2932f2f80",
		"sa-east-1": "ddf4b6a09",
	}
}

// snapshotSuffixes are the regions whose AWS-managed patch baseline
// snapshot bucket carries a suffix, patch-baseline-snapshot-<region>-<suffix>;
// every other region's is patch-baseline-snapshot-<region>.
func snapshotSuffixes() map[string]string {
	return map[string]string{
		"af-south-1": "tbxdb5b9", "ap-south-2": "50209442", "ap-southeast-3": "be0a3174", "ap-southeast-4": "dc6f76ce",
		"eu-south-2": "df2c9d70", "me-south-1": "uduvl7q8",
	}
}

// Buckets are the AWS-owned buckets in region that AWS-RunPatchBaseline
// reads on an instance: the bucket of its patching scripts and the bucket
// of the patch baseline snapshots. In a private subnet every S3 request
// takes the S3 gateway endpoint, whose policy must admit them or patching
// fails. For a region AWS's list does not name (newer regions, GovCloud,
// China) the scripts bucket is aws-patch-manager-<region>-* (exact is
// false): any bucket of that prefix, which is what the endpoint policy
// then admits for reading.
func Buckets(region string) (buckets []string, exact bool) {
	scripts, exact := "aws-patch-manager-"+region+"-*", false
	if s, ok := patchManagerSuffixes()[region]; ok {
		scripts, exact = "aws-patch-manager-"+region+"-"+s, true
	}
	snapshot := "patch-baseline-snapshot-" + region
	if s, ok := snapshotSuffixes()[region]; ok {
		snapshot += "-" + s
	}
	return []string{scripts, snapshot}, exact
}
