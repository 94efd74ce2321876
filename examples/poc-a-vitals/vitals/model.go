package vitals

import "time"

// Sizes of the data set.
const (
	// Patients is the number of patients, with IDs 1 to Patients.
	Patients = 100
	// Visits is the number of rows of the time series, with visit IDs 1 to
	// Visits.
	Visits = 10000
	// DefaultSeed is the seed the generator uses when none is given.
	DefaultSeed uint64 = 31415
)

// StudyStart is the day every patient arrives in town and the day of the
// first visit: 30 October 1938.
func StudyStart() time.Time { return time.Date(1938, time.October, 30, 0, 0, 0, 0, time.UTC) }

// BirthDate is the date of birth every patient gives: 26 August 1920.
func BirthDate() time.Time { return time.Date(1920, time.August, 26, 0, 0, 0, 0, time.UTC) }

// Patient is one row of patients.csv.
type Patient struct {
	// ID is the patient's number, 1 to Patients.
	ID int
	// Surname is unique among the patients.
	Surname string
	// GivenName is "John" for everyone.
	GivenName string
	// BirthDate is BirthDate() for everyone.
	BirthDate time.Time
	// ArrivedOn is StudyStart() for everyone.
	ArrivedOn time.Time
	// HeightFeet and HeightInches are the height as the doctor wrote it:
	// 5 ft 1 in to 6 ft 5 in.
	HeightFeet, HeightInches int
}

// HeightIn is the patient's height in inches.
func (p Patient) HeightIn() int { return 12*p.HeightFeet + p.HeightInches }

// Range is an inclusive range of whole numbers (of a vital sign's unit, or of
// tenths of it where the field's name says so).
type Range struct{ Min, Max int }

// Parameters is one row of patient_parameters.csv: the ranges a patient's
// vital signs are drawn from, and the totals of his survey answers over all
// his visits.
type Parameters struct {
	// PatientID refers to Patient.ID.
	PatientID int
	// Systolic and Diastolic blood pressure, mmHg.
	Systolic, Diastolic Range
	// RespRate is breaths per minute, HeartRate beats per minute.
	RespRate, HeartRate Range
	// SpO2Tenths is oxygen saturation in tenths of a percent (975 = 97.5 %).
	SpO2Tenths Range
	// TempTenths is body temperature in tenths of a degree Fahrenheit.
	TempTenths Range
	// WeightLb is body weight in pounds.
	WeightLb Range
	// BasieTotal, TPainTotal and DKTotal are the sums of the patient's survey
	// answers (Visit.Basie, Visit.TPain, Visit.DK) over the time series.
	BasieTotal, TPainTotal, DKTotal int
}

// Visit is one row of timeseries.csv, with its true values. How the row is
// written to the file depends on Defect (see Visit.Record).
type Visit struct {
	// ID is the visit's number, 1 to Visits, in date order.
	ID int
	// PatientID refers to Patient.ID.
	PatientID int
	// Date is the day of the visit.
	Date time.Time
	// Systolic and Diastolic blood pressure in mmHg; Diastolic is always at
	// least 4 below Systolic.
	Systolic, Diastolic int
	// RespRate is breaths per minute, HeartRate beats per minute.
	RespRate, HeartRate int
	// SpO2Tenths is oxygen saturation in tenths of a percent, at most 1000.
	SpO2Tenths int
	// TempTenths is body temperature in tenths of a degree Fahrenheit.
	TempTenths int
	// WeightLb is body weight in whole pounds.
	WeightLb int
	// BMITenths is the body-mass index in tenths of kg/m², from WeightLb and
	// the patient's height (BMITenths).
	BMITenths int
	// Basie, TPain and DK are the survey answers: albums bought since the
	// last visit by Count Basie, by T-Pain and by the Dead Kennedys (see
	// survey.go for how they depend on the vital signs).
	Basie, TPain, DK int
	// Defect is the mistake made when this visit was written down, or
	// DefectNone.
	Defect Defect
}

// Dataset is everything the generator produces: the three tables, with the
// true values and the defect of every visit.
type Dataset struct {
	// Seed is the seed the data set was drawn with.
	Seed uint64
	// Patients are ordered by ID.
	Patients []Patient
	// Parameters are ordered by PatientID, one per patient.
	Parameters []Parameters
	// Visits are ordered by ID and date.
	Visits []Visit
}
