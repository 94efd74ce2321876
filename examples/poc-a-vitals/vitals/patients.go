package vitals

import "math/rand/v2"

// namedPatients are the surnames of the first twelve patients; the other
// patients get random four-letter surnames.
func namedPatients() []string {
	return []string{
		"Bigboote", "Yaya", "Smallberries", "Parker", "Whorfin", "Valuk",
		"Gomez", "OConnor", "Emdall", "Gant", "Manyjars", "Milton",
	}
}

// Height limits in centimetres: 5 ft 2 in to 6 ft 6 in before the doctor
// rounds down to whole inches.
const (
	heightMinCm = 157
	heightMaxCm = 198
)

// newPatients draws the patients: the named ones first, then random unique
// surnames, each with a height.
func newPatients(r *rand.Rand) []Patient {
	named := namedPatients()
	taken := make(map[string]bool, Patients)
	ps := make([]Patient, 0, Patients)
	for id := 1; id <= Patients; id++ {
		name := ""
		if id <= len(named) {
			name = named[id-1]
		} else {
			name = uniqueSurname(r, taken)
		}
		taken[name] = true
		ft, in := drawHeight(r)
		ps = append(ps, Patient{
			ID: id, Surname: name, GivenName: "John",
			BirthDate: BirthDate(), ArrivedOn: StudyStart(),
			HeightFeet: ft, HeightInches: in,
		})
	}
	return ps
}

// uniqueSurname draws capitalised four-letter surnames until one is not
// taken.
func uniqueSurname(r *rand.Rand, taken map[string]bool) string {
	for {
		b := []byte{byte('A' + r.IntN(26)), byte('a' + r.IntN(26)), byte('a' + r.IntN(26)), byte('a' + r.IntN(26))}
		if s := string(b); !taken[s] {
			return s
		}
	}
}

// drawHeight draws a height in centimetres and converts it to feet and whole
// inches.
func drawHeight(r *rand.Rand) (feet, inches int) {
	return feetInches(heightMinCm + r.IntN(heightMaxCm-heightMinCm+1))
}

// feetInches converts centimetres to feet and whole inches, rounding down.
func feetInches(cm int) (feet, inches int) {
	total := int(float64(cm) / 2.54)
	return total / 12, total % 12
}
