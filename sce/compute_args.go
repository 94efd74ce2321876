package sce

import "cmp"

// BastionArgs configure the SSH jump host in the public subnet (sce:bastion).
type BastionArgs struct {
	// InstanceType is an x86-64 type AWS offers as a dedicated instance
	// (sce:bastion.instanceType); empty means DefaultBastionType.
	InstanceType string
}

// WorkerArgs configure the workers in the private subnet (sce:workers).
type WorkerArgs struct {
	// Count is how many workers run (sce:workers.count), 0 to MaxWorkers.
	Count int
	// InstanceType is an x86-64 type AWS offers as a dedicated instance
	// (sce:workers.instanceType); empty means DefaultWorkerType.
	InstanceType string
	// DataVolumeSizeGiB is each worker's encrypted gp3 data volume, mounted at
	// /data (sce:workers.dataVolumeSizeGiB); zero means DefaultDataVolumeSizeGiB.
	DataVolumeSizeGiB int
	// DataVolumeIOPS is the volume's provisioned IOPS (sce:workers.dataVolumeIops);
	// zero means the gp3 baseline, 3000.
	DataVolumeIOPS int
	// DataVolumeThroughput is the volume's throughput in MiB/s
	// (sce:workers.dataVolumeThroughput); zero means the gp3 baseline, 125.
	DataVolumeThroughput int
}

// Researcher is one person who works in the environment: their own Linux
// account on the bastion and the workers, reachable only with their key.
type Researcher struct {
	// Username is the Linux account name (sce:researchers[i].username).
	Username string
	// PublicKey is an OpenSSH public key line (sce:researchers[i].publicKey).
	// The private key never leaves the researcher's machine.
	PublicKey string
	// Email is how to reach the researcher (sce:researchers[i].email), optional.
	Email string
	// Admin grants sudo on the workers, to install software
	// (sce:researchers[i].admin). Nobody has sudo on the bastion.
	Admin bool
}

// Compute defaults and limits.
const (
	DefaultBastionType       = "m5.large"
	DefaultWorkerType        = "m5.xlarge"
	DefaultDataVolumeSizeGiB = 100
	DefaultDataVolumeIOPS    = 3000
	DefaultDataVolumeMiBps   = 125
	// MaxWorkers bounds sce:workers.count (EC2 quotas and cost, not AWS limits).
	MaxWorkers = 20
)

// withComputeDefaults fills zero-valued compute settings.
func (a EnvironmentArgs) withComputeDefaults() EnvironmentArgs {
	a.Bastion.InstanceType = cmp.Or(a.Bastion.InstanceType, DefaultBastionType)
	w := &a.Workers
	w.InstanceType = cmp.Or(w.InstanceType, DefaultWorkerType)
	w.DataVolumeSizeGiB = cmp.Or(w.DataVolumeSizeGiB, DefaultDataVolumeSizeGiB)
	w.DataVolumeIOPS = cmp.Or(w.DataVolumeIOPS, DefaultDataVolumeIOPS)
	w.DataVolumeThroughput = cmp.Or(w.DataVolumeThroughput, DefaultDataVolumeMiBps)
	return a
}
