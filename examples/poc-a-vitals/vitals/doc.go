// Package vitals generates the synthetic data set of the vital-signs proof of
// concept: a small town where 100 men, all named John and all born on
// 26 August 1920, arrive together on 30 October 1938. Every day or two one of
// them, at random, visits the town's only doctor, who records his blood
// pressure, respiration rate, heart rate, oxygen saturation, temperature and
// weight, and asks how many albums he has bought since his last visit from
// three artists. 10,000 visits later, about 41 years have passed.
//
// The data set is three CSV tables (see csv.go): the patients, the
// per-patient parameters the generator drew each patient's vital-sign ranges
// from (with the survey totals), and the time series of visits. A fixed share
// of the visits is recorded with a deliberate, realistic mistake (a Defect:
// Celsius in the Fahrenheit column, kilograms in the pounds column ...), so
// that the analysis a researcher runs has something to detect and correct.
//
// Everything is drawn from one seeded PCG generator in a fixed order, so a
// seed always yields the same data set, byte for byte.
package vitals
