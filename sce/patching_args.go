package sce

import "github.com/sce-dev/sce/sce/internal/patching"

// PatchingArgs configure how the project's instances are patched through
// AWS Systems Manager (sce:patching). The zero value keeps the defaults.
// Patching cannot be switched off.
type PatchingArgs struct {
	// ApproveAfterDays is how many days after its release a security or
	// bug-fix update is approved for install (sce:patching.approveAfterDays);
	// zero means DefaultPatchApproveAfterDays. 1 to 360.
	ApproveAfterDays int
}

// Patching defaults and limits.
const (
	// DefaultPatchApproveAfterDays is the default approval delay.
	DefaultPatchApproveAfterDays = 7
	// maxPatchApproveAfterDays is the longest delay a patch baseline accepts.
	maxPatchApproveAfterDays = 360
)

// withDefaults fills the zero-valued approval delay.
func (p PatchingArgs) withDefaults() PatchingArgs {
	if p.ApproveAfterDays == 0 {
		p.ApproveAfterDays = DefaultPatchApproveAfterDays
	}
	return p
}

// validatePatching checks the approval delay (after defaults) and that the
// patch window fits the working-hours schedule.
func validatePatching(errs *ValidationErrors, a EnvironmentArgs) {
	if d := a.Patching.ApproveAfterDays; d < 1 || d > maxPatchApproveAfterDays {
		errs.add("patching.approveAfterDays", "is %d: approve updates 1 to %d days after their release, for example %d",
			d, maxPatchApproveAfterDays, DefaultPatchApproveAfterDays)
	}
	if s := a.Schedule; s != nil && scheduleHours(*s) {
		if _, ok := patchWindow(*s); !ok {
			errs.add("schedule.stop", "%q leaves no room for the %d-hour patch window, which opens 30 minutes after "+
				"sce:schedule.start with autoStart (3 hours before the stop without it) and closes by the stop: keep at "+
				"least 2h30 between start and stop, or stop at 03:00 or later", s.Stop, patching.WindowHours)
		}
	}
}

// scheduleHours reports whether s's hours are valid on their own (the
// errors of validateSchedule, reported once there, come first).
func scheduleHours(s ScheduleArgs) bool {
	stop, ok := clock(s.Stop)
	if !ok || !s.AutoStart {
		return ok
	}
	start, ok := clock(s.Start)
	return ok && start < stop
}

// patchWindow is the weekly patch window inside the working hours of a
// schedule: the schedule starts the instances only with AutoStart, so
// only then does the window follow Start.
func patchWindow(s ScheduleArgs) (patching.Window, bool) {
	stop, _ := clock(s.Stop)
	start, hasStart := clock(s.Start)
	return patching.ScheduledWindow(s.TimeZone, s.Days, hasStart && s.AutoStart, start, stop)
}
