package vitals

import "math"

// BMITenths is the body-mass index, in tenths of kg/m², of weightLb pounds at
// heightIn inches: 703 × lb / in², rounded to a tenth. The clinic computes it
// from the weight as written down, so a weight written in kilograms gives a
// wrong BMI too.
func BMITenths(weightLb float64, heightIn int) int {
	return int(math.Round(7030 * weightLb / float64(heightIn*heightIn)))
}

// The survey answers are meaningless functions of the vital signs, so that a
// researcher has relationships to discover; any likeness of their names to
// musicians is coincidental.

// basieAnswer is 1 album when the heart rate is 59-61, the pulse pressure
// (systolic - diastolic) above 30 mmHg and the BMI under 22, otherwise 0.
func basieAnswer(v Visit) int {
	if v.HeartRate > 58 && v.HeartRate < 62 && v.Systolic-v.Diastolic > 30 && v.BMITenths < 220 {
		return 1
	}
	return 0
}

// tpainAnswer grows with the respiration rate, the oxygen saturation above
// 95 % and the height above 62 in: the whole part of
// (resp + 2 × (SpO2 - 95) + (height - 62) / 2) / 4, never below 0.
func tpainAnswer(v Visit, heightIn int) int {
	score10 := 10*v.RespRate + 2*(v.SpO2Tenths-950) + 5*(heightIn-62)
	return max(0, score10/40)
}

// dkAnswer is 1 album when the patient weighs under 150 lb and his
// temperature is under 97.4 F, otherwise 0.
func dkAnswer(v Visit) int {
	if v.WeightLb < 150 && v.TempTenths < 974 {
		return 1
	}
	return 0
}
