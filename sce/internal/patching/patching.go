// Package patching keeps a project's instances patched and inventoried
// through AWS Systems Manager: a patch baseline for the image's operating
// system registered for the project's patch group, a maintenance window
// with an AWS-RunPatchBaseline install task, a daily scan association, a
// software inventory association, and an alert to the project's topic when
// an instance's patch compliance turns non-compliant.
package patching
