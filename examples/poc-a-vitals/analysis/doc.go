// Package analysis is the small analysis a researcher runs on a worker over
// the vital-signs data set (package vitals): it reads the CSV tables, finds
// the values that were written down wrongly, corrects each one by a
// documented rule, refuses the rows no rule explains, and summarises every
// parameter.
//
// The rules, applied to each visit in this order (Rule names them):
//
//	date-us-format  visit_date is MM/DD/YYYY instead of YYYY-MM-DD: read it as month/day/year.
//	bp-swapped      systolic below diastolic: the two columns were swapped; swap them back.
//	heart-rate-x10  heart_rate above 300 and a multiple of 10: an extra 0 was typed; divide by 10.
//	spo2-fraction   spo2 at most 1: written as a fraction; multiply by 100.
//	temp-celsius    temp_f below 50: written in Celsius; F = C × 9/5 + 32, to a tenth.
//	weight-kg       weight_lb below 0.67 × the patient's median recorded weight: written in
//	                kilograms; lb = kg / 0.45359237, to a whole pound.
//	bmi-recomputed  bmi is always recomputed from the corrected weight and the patient's
//	                height (703 × lb / in², to a tenth); a correction when it differs.
//
// The weight rule's threshold works because a patient's weight varies by at
// most 40 lb around at least 98 lb (so a true weight is above 0.71 × his
// median) while a weight in kilograms is below 0.64 × his median.
//
// After the rules, every value must be a whole number where the unit is
// whole (blood pressure, rates, weight, survey answers) and inside the
// plausible range of Bounds; the visit date may not precede the patients'
// arrival; the patient must be in patients.csv. A visit that fails any of
// these is rejected with the reason, never guessed at.
package analysis
