package vitals

import "math/rand/v2"

// MinPulsePressure is the smallest gap, in mmHg, between a visit's systolic
// and diastolic pressure: a drawn diastolic pressure closer to the systolic
// one is lowered to systolic - MinPulsePressure.
const MinPulsePressure = 4

// newVisits draws the time series: Visits visits from StudyStart on, each by
// a patient drawn uniformly, each 1 or 2 days after the one before. It adds
// every visit's survey answers to the patient's totals in pp.
func newVisits(r *rand.Rand, ps []Patient, pp []Parameters) []Visit {
	vs := make([]Visit, 0, Visits)
	day := StudyStart()
	for id := 1; id <= Visits; id++ {
		pid := 1 + r.IntN(Patients)
		heightIn := ps[pid-1].HeightIn()
		v := drawVitals(r, pp[pid-1])
		v.ID, v.PatientID, v.Date = id, pid, day
		v.BMITenths = BMITenths(float64(v.WeightLb), heightIn)
		v.Basie, v.TPain, v.DK = basieAnswer(v), tpainAnswer(v, heightIn), dkAnswer(v)
		pp[pid-1].BasieTotal += v.Basie
		pp[pid-1].TPainTotal += v.TPain
		pp[pid-1].DKTotal += v.DK
		vs = append(vs, v)
		day = day.AddDate(0, 0, 1+r.IntN(2))
	}
	return vs
}

// drawVitals draws one visit's vital signs uniformly from the patient's
// ranges, keeping the pulse pressure at least MinPulsePressure and the oxygen
// saturation at most 100 %.
func drawVitals(r *rand.Rand, p Parameters) Visit {
	sys := between(r, p.Systolic.Min, p.Systolic.Max)
	dia := min(between(r, p.Diastolic.Min, p.Diastolic.Max), sys-MinPulsePressure)
	return Visit{
		Systolic:   sys,
		Diastolic:  dia,
		RespRate:   between(r, p.RespRate.Min, p.RespRate.Max),
		HeartRate:  between(r, p.HeartRate.Min, p.HeartRate.Max),
		SpO2Tenths: min(between(r, p.SpO2Tenths.Min, p.SpO2Tenths.Max), 1000),
		TempTenths: between(r, p.TempTenths.Min, p.TempTenths.Max),
		WeightLb:   between(r, p.WeightLb.Min, p.WeightLb.Max),
	}
}
