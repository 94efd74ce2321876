package operations

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestWarehouseSchedules(t *testing.T) {
	hours := &WorkingHours{TimeZone: "America/Los_Angeles", Days: "MON-FRI", Stop: 19 * time.Hour, Start: 8 * time.Hour}
	auto := *hours
	auto.AutoStart = true
	none := 0
	pause := warehouseSchedule{role: "pause-warehouse", verb: "pause", target: pauseClusterTarget, action: pauseClusterAction,
		expression: "cron(0 19 ? * MON-FRI *)", timeZone: "America/Los_Angeles"}
	resume := warehouseSchedule{role: "resume-warehouse", verb: "resume", target: resumeClusterTarget, action: resumeClusterAction,
		expression: "cron(0 8 ? * MON-FRI *)", timeZone: "America/Los_Angeles"}
	keep := warehouseSchedule{role: "keep-warehouse-paused", verb: "keep paused", target: pauseClusterTarget, action: pauseClusterAction,
		expression: "rate(1 hour)", keepsPaused: true, retries: &none}
	tests := []struct {
		name string
		args WarehouseScheduleArgs
		want []warehouseSchedule
	}{
		{"no working hours, running", WarehouseScheduleArgs{}, nil},
		{"working hours without autoStart", WarehouseScheduleArgs{Hours: hours}, []warehouseSchedule{pause}},
		{"working hours with autoStart", WarehouseScheduleArgs{Hours: &auto}, []warehouseSchedule{pause, resume}},
		{"suspended without working hours", WarehouseScheduleArgs{Suspended: true}, []warehouseSchedule{keep}},
		{"suspended with working hours", WarehouseScheduleArgs{Hours: &auto, Suspended: true}, []warehouseSchedule{pause, resume, keep}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, warehouseSchedules(tc.args))
		})
	}
}

func TestWarehouseSchedulerPolicy(t *testing.T) {
	arn := "arn:aws:redshift:us-west-2:123456789012:cluster:omop-warehouse"
	doc, err := warehouseSchedulerPolicy(arn, []string{pauseClusterAction})
	assert.NoError(t, err)
	assert.JSONEq(t, `{"Version":"2012-10-17","Statement":[{"Sid":"PauseResumeProjectWarehouse","Effect":"Allow",
		"Action":"redshift:PauseCluster","Resource":"`+arn+`"}]}`, doc)
	doc, err = warehouseSchedulerPolicy(arn, []string{pauseClusterAction, resumeClusterAction})
	assert.NoError(t, err)
	assert.JSONEq(t, `{"Version":"2012-10-17","Statement":[{"Sid":"PauseResumeProjectWarehouse","Effect":"Allow",
		"Action":["redshift:PauseCluster","redshift:ResumeCluster"],"Resource":"`+arn+`"}]}`, doc)
}
