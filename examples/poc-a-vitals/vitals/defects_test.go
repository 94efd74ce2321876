package vitals

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDefectsAtTheDocumentedRate(t *testing.T) {
	for _, seed := range []uint64{DefaultSeed, 1, 2} {
		counts := map[Defect]int{}
		for _, v := range Generate(seed).Visits {
			counts[v.Defect]++
		}
		want := map[Defect]int{DefectNone: 9400}
		for _, d := range DefectKinds() {
			want[d] = 100
		}
		assert.Equal(t, want, counts, "seed %d", seed)
	}
}

func TestRecordWritesEachDefectInItsColumns(t *testing.T) {
	v := Visit{
		ID: 42, PatientID: 7, Date: time.Date(1950, 3, 4, 0, 0, 0, 0, time.UTC),
		Systolic: 121, Diastolic: 79, RespRate: 15, HeartRate: 72,
		SpO2Tenths: 975, TempTenths: 986, WeightLb: 180, BMITenths: BMITenths(180, 70),
		Basie: 0, TPain: 6, DK: 1,
	}
	clean := []string{"42", "7", "1950-03-04", "121", "79", "15", "72", "97.5", "98.6", "180", "25.8", "0", "6", "1"}
	require.Equal(t, clean, v.Record(70))
	for _, tc := range []struct {
		defect Defect
		col    []int
		want   []string
	}{
		{DefectDateUS, []int{2}, []string{"03/04/1950"}},
		{DefectBPSwapped, []int{3, 4}, []string{"79", "121"}},
		{DefectHeartRateX10, []int{6}, []string{"720"}},
		{DefectSpO2Fraction, []int{7}, []string{"0.975"}},
		{DefectTempCelsius, []int{8}, []string{"37.00"}},
		// 180 lb = 81.65 kg -> 81.6 (0.45359237 × 180 = 81.6466); BMI 703 × 81.6 / 4900 = 11.7
		{DefectWeightKg, []int{9, 10}, []string{"81.6", "11.7"}},
	} {
		v.Defect = tc.defect
		want := append([]string(nil), clean...)
		for i, c := range tc.col {
			want[c] = tc.want[i]
		}
		assert.Equal(t, want, v.Record(70), tc.defect)
	}
	v.SpO2Tenths, v.Defect = 1000, DefectSpO2Fraction
	assert.Equal(t, "1.000", v.Record(70)[7])
}

func TestUnitConversionsAreReversible(t *testing.T) {
	// Every temperature a living patient can have survives Celsius with two
	// decimals, and every weight survives kilograms with one.
	for f := 900; f <= 1100; f++ {
		c := float64(CelsiusHundredths(f)) / 100
		assert.Equal(t, float64(f), float64(int(c*18+320+0.5)), "%d tenths F", f)
	}
	for lb := 50; lb <= 700; lb++ {
		kg := float64(KilogramTenths(lb)) / 10
		assert.Equal(t, lb, int(kg*PoundsPerKilogram+0.5), "%d lb", lb)
	}
	assert.Equal(t, 3700, CelsiusHundredths(986))
	assert.Equal(t, 680, KilogramTenths(150))
}
