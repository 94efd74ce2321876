package vitals

import "math/rand/v2"

// spread is how a per-patient range is drawn: its minimum uniformly from
// [MinLo, MinHi], its maximum that plus a width drawn from [WidthLo, WidthHi].
type spread struct{ MinLo, MinHi, WidthLo, WidthHi int }

// draw picks a per-patient range from the spread.
func (s spread) draw(r *rand.Rand) Range {
	lo := between(r, s.MinLo, s.MinHi)
	return Range{Min: lo, Max: lo + between(r, s.WidthLo, s.WidthHi)}
}

// between draws a whole number uniformly from [lo, hi].
func between(r *rand.Rand, lo, hi int) int { return lo + r.IntN(hi-lo+1) }

// newParameters draws every patient's vital-sign ranges; the survey totals
// are filled in when the visits are drawn. The spreads across patients, in
// the units of the Parameters fields, are:
//
//	systolic     min 90-129 mmHg, width 4-20
//	diastolic    min 60-84 mmHg, width 4-10
//	resp. rate   min 10-20 /min, width 2-8
//	heart rate   min 40-100 /min, width 10-20
//	SpO2         min 95.0-99.0 %, width 1.0-2.0 (values above 100 % are capped)
//	temperature  min 97.0-99.1 F, width 0.2-1.0
//	weight       min 98-280 lb, width 3-40
func newParameters(r *rand.Rand) []Parameters {
	pp := make([]Parameters, 0, Patients)
	for id := 1; id <= Patients; id++ {
		pp = append(pp, Parameters{
			PatientID:  id,
			Systolic:   spread{90, 129, 4, 20}.draw(r),
			Diastolic:  spread{60, 84, 4, 10}.draw(r),
			RespRate:   spread{10, 20, 2, 8}.draw(r),
			HeartRate:  spread{40, 100, 10, 20}.draw(r),
			SpO2Tenths: spread{950, 990, 10, 20}.draw(r),
			TempTenths: spread{970, 991, 2, 10}.draw(r),
			WeightLb:   spread{98, 280, 3, 40}.draw(r),
		})
	}
	return pp
}
