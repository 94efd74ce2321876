package vitals

import "math/rand/v2"

// pcgStream is the second half of the PCG generator's state; the seed is the
// first. It is fixed so that the seed alone decides the data set.
const pcgStream = 0x5ce0_1938_1030_0001

// Generate draws the data set for seed. The draws happen in a fixed order
// (patients, their parameters, the visits, then which visits carry a
// defect), so the same seed always yields the same data set.
func Generate(seed uint64) Dataset {
	r := rand.New(rand.NewPCG(seed, pcgStream))
	ps := newPatients(r)
	pp := newParameters(r)
	vs := newVisits(r, ps, pp)
	markDefects(r, vs)
	return Dataset{Seed: seed, Patients: ps, Parameters: pp, Visits: vs}
}
