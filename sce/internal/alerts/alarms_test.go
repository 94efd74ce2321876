package alerts

import (
	"strings"
	"testing"

	"github.com/sce-dev/sce/sce/internal/scope"
)

// TestNewLogAlarmRefusesAPatternCloudWatchRejects checks that a pattern
// longer than CloudWatch Logs accepts fails the plan with the filter's name
// and both lengths, before any resource is registered, instead of failing
// `pulumi up`.
func TestNewLogAlarmRefusesAPatternCloudWatchRejects(t *testing.T) {
	a := Alarm{Slug: "too-long", Pattern: strings.Repeat("x", MaxPatternLength+1), Threshold: 1}
	err := NewLogAlarm(scope.Scope{}, nil, nil, a)
	want := "metric filter too-long: its pattern has 1025 characters, CloudWatch Logs accepts 1024"
	if err == nil || err.Error() != want {
		t.Fatalf("NewLogAlarm error = %v, want %q", err, want)
	}
}
