package stacks

import "github.com/sce-dev/sce/sce"

// bastionConfig is sce:bastion.
type bastionConfig struct {
	InstanceType string `json:"instanceType"`
}

// workersConfig is sce:workers.
type workersConfig struct {
	Count                int    `json:"count"`
	InstanceType         string `json:"instanceType"`
	DataVolumeSizeGiB    int    `json:"dataVolumeSizeGiB"`
	DataVolumeIops       int    `json:"dataVolumeIops"`
	DataVolumeThroughput int    `json:"dataVolumeThroughput"`
}

// researcherConfig is one item of sce:researchers.
type researcherConfig struct {
	Username  string `json:"username"`
	PublicKey string `json:"publicKey"`
	Email     string `json:"email"`
	Admin     bool   `json:"admin"`
}

// computeKeys are the compute config keys, without namespace.
var computeKeys = []string{"bastion", "workers", "amiId", "researchers"}

// readCompute fills the compute part of args from sce:bastion, sce:workers,
// sce:amiId and sce:researchers.
func readCompute(r *reader, args *sce.EnvironmentArgs) {
	var bastion bastionConfig
	if r.object("bastion", &bastion, "instanceType") {
		args.Bastion = sce.BastionArgs{InstanceType: bastion.InstanceType}
	}
	var workers workersConfig
	if r.object("workers", &workers, "count, instanceType, dataVolumeSizeGiB, dataVolumeIops, dataVolumeThroughput") {
		args.Workers = sce.WorkerArgs{Count: workers.Count, InstanceType: workers.InstanceType,
			DataVolumeSizeGiB: workers.DataVolumeSizeGiB, DataVolumeIOPS: workers.DataVolumeIops,
			DataVolumeThroughput: workers.DataVolumeThroughput}
	}
	args.AmiID = r.str("amiId")
	var researchers []researcherConfig
	if r.object("researchers", &researchers, "a list of {username, publicKey, email, admin}") {
		for _, rc := range researchers {
			args.Researchers = append(args.Researchers, sce.Researcher(rc))
		}
	}
}
