package sce

// Sizes shared by several families of one generation.
const (
	sizesGen5   = "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge metal"
	sizesGen5a  = "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge"
	sizesGen6i  = "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge metal"
	sizesGen6a  = sizesGen6i + " 48xlarge"
	sizesGen7i  = "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge metal-24xl metal-48xl"
	sizesGen7a  = "medium " + sizesGen7i + " 32xlarge"
	sizesC5     = "large xlarge 2xlarge 4xlarge 9xlarge 12xlarge 18xlarge 24xlarge metal"
	sizesBurst  = "nano micro small medium large xlarge 2xlarge"
	sizesArm6   = "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge metal"
	sizesArm8   = sizesArm6 + " 24xlarge 48xlarge metal-24xl metal-48xl"
	sizesFlex   = "large xlarge 2xlarge 4xlarge 8xlarge"
	sizesGPUg5  = "xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge"
	sizesXenC   = "large xlarge 2xlarge 4xlarge 8xlarge"
	sizesStoreD = "xlarge 2xlarge 4xlarge 8xlarge"
)

// instanceSizes returns sce's table of EC2 instance types, family by family: a
// snapshot of AWS's instance type list as of June 2025, covering the
// families sce accepts (dedicatedFamilies) and the ones people commonly
// mean, so that a typo gets a suggestion ("t3.mediun": did you mean
// t3.medium?). A family or size AWS added since is refused as unknown until
// it is added here; `aws ec2 describe-instance-types` lists what a region
// offers.
func instanceSizes() map[string]string {
	return map[string]string{
		// general purpose
		"m5": sizesGen5, "m5d": sizesGen5, "m5n": sizesGen5, "m5dn": sizesGen5, "m5a": sizesGen5a, "m5ad": sizesGen5a,
		"m5zn": "large xlarge 2xlarge 3xlarge 6xlarge 12xlarge metal",
		"m6i":  sizesGen6i, "m6id": sizesGen6i, "m6in": sizesGen6i, "m6idn": sizesGen6i, "m6a": sizesGen6a,
		"m7i": sizesGen7i, "m7a": sizesGen7a, "m7i-flex": sizesFlex,
		// compute optimised
		"c5": sizesC5, "c5d": sizesC5, "c5a": sizesGen5a, "c5ad": sizesGen5a,
		"c5n": "large xlarge 2xlarge 4xlarge 9xlarge 18xlarge metal",
		"c6i": sizesGen6i, "c6id": sizesGen6i, "c6in": sizesGen6i, "c6a": sizesGen6a,
		"c7i": sizesGen7i, "c7a": sizesGen7a, "c7i-flex": sizesFlex,
		// memory optimised
		"r5": sizesGen5, "r5d": sizesGen5, "r5n": sizesGen5, "r5dn": sizesGen5, "r5b": sizesGen5,
		"r5a": sizesGen5a, "r5ad": sizesGen5a,
		"r6i": sizesGen6i, "r6id": sizesGen6i, "r6in": sizesGen6i, "r6idn": sizesGen6i, "r6a": sizesGen6a,
		"r7i": sizesGen7i, "r7a": sizesGen7a,
		"r7iz":   "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 32xlarge metal-16xl metal-32xl",
		"x2idn":  "16xlarge 24xlarge 32xlarge metal",
		"x2iedn": "xlarge 2xlarge 4xlarge 8xlarge 16xlarge 24xlarge 32xlarge metal",
		"x2iezn": "2xlarge 4xlarge 6xlarge 8xlarge 12xlarge metal",
		"z1d":    "large xlarge 2xlarge 3xlarge 6xlarge 12xlarge metal",
		// storage optimised
		"i3en": "large xlarge 2xlarge 3xlarge 6xlarge 12xlarge 24xlarge metal", "i4i": sizesGen6i,
		"d3": sizesStoreD, "d3en": "xlarge 2xlarge 4xlarge 6xlarge 8xlarge 12xlarge",
		// accelerated
		"p4d": "24xlarge", "p5": "48xlarge", "g4dn": "xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge metal",
		"g5": sizesGPUg5, "g6": sizesGPUg5, "inf1": "xlarge 2xlarge 6xlarge 24xlarge", "inf2": "xlarge 8xlarge 24xlarge 48xlarge",
		"trn1": "2xlarge 32xlarge",
		// older Xen families
		"m3": "medium large xlarge 2xlarge", "c3": sizesXenC, "r3": sizesXenC,
		"m4": "large xlarge 2xlarge 4xlarge 10xlarge 16xlarge", "c4": sizesXenC, "r4": sizesXenC + " 16xlarge",
		"x1": "16xlarge 32xlarge", "x1e": "xlarge 2xlarge 4xlarge 8xlarge 16xlarge 32xlarge",
		"i3": "large xlarge 2xlarge 4xlarge 8xlarge 16xlarge metal", "d2": sizesStoreD, "h1": "2xlarge 4xlarge 8xlarge 16xlarge",
		"p3": "2xlarge 8xlarge 16xlarge",
		// burstable
		"t2": sizesBurst, "t3": sizesBurst, "t3a": sizesBurst, "t4g": sizesBurst,
		// Graviton (arm64)
		"a1":  "medium large xlarge 2xlarge 4xlarge metal",
		"m6g": sizesArm6, "m6gd": sizesArm6, "c6g": sizesArm6, "c6gd": sizesArm6, "c6gn": sizesArm6, "r6g": sizesArm6, "r6gd": sizesArm6,
		"m7g": sizesArm6, "m7gd": sizesArm6, "c7g": sizesArm6, "c7gd": sizesArm6, "r7g": sizesArm6, "r7gd": sizesArm6,
		"m8g": sizesArm8, "c8g": sizesArm8, "r8g": sizesArm8,
		// Dedicated Hosts only
		"mac1": "metal", "mac2": "metal", "mac2-m2pro": "metal",
		"u-6tb1": "56xlarge 112xlarge metal", "u-9tb1": "112xlarge metal", "u-12tb1": "112xlarge metal",
	}
}
