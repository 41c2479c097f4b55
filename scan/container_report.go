package scan

import "fmt"

// Report pieces for containers; report.go calls these so that the shared
// writers stay one place.

// expandedSummary is the text summary's part about containers: how many
// were expanded, and how many not in full.
func expandedSummary(s Summary) string {
	out := ""
	if s.Expanded.Containers > 0 {
		out = fmt.Sprintf("; %s expanded (%s)", plural(s.Expanded.Containers, "archive or stream"), humanBytes(s.Expanded.Bytes))
		if s.Expanded.Containers > 1 {
			out = fmt.Sprintf("; %d archives or streams expanded (%s)", s.Expanded.Containers, humanBytes(s.Expanded.Bytes))
		}
	}
	if s.Skipped.Unexpanded > 0 {
		out += fmt.Sprintf("; NOT EXPANDED: %d (listed above)", s.Skipped.Unexpanded)
	}
	return out
}

// sarifContainer locates a finding inside a container for GitHub code
// scanning, which can only show files of the repository: the location is
// the outer file, without a region (the line and column are the member's,
// not the file's: as for a token in a path, GitHub shows the alert on the
// file); the message and the properties state the member and the position
// in it.
func sarifContainer(f Finding, props map[string]any) (sarifPhysical, string, map[string]any) {
	c := f.Container
	phys := sarifPhysical{ArtifactLocation: sarifURI(c.File)}
	where := f.File
	if f.Line > 0 {
		where = fmt.Sprintf("%s:%d:%d", where, f.Line, f.Column)
	}
	if props == nil {
		props = map[string]any{}
	}
	props["containerMember"] = c.Member
	props["containerLayers"] = c.Layers
	if f.Line > 0 {
		props["memberRegion"] = sarifRegion{StartLine: f.Line, StartColumn: f.Column, EndLine: f.EndLine, EndColumn: f.EndColumn}
	}
	return phys, f.Message + " at " + where, props
}

// unexpandedNotifications lists the containers not expanded in full as
// SARIF tool execution notifications, located at the outer file.
func unexpandedNotifications(us []Unexpanded) []sarifNotification {
	var out []sarifNotification
	for _, u := range us {
		out = append(out, sarifNotification{
			Level:     "warning",
			Message:   sarifMessage{Text: fmt.Sprintf("Not expanded: %s: %s", u.Path(), u.Reason)},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifURI(u.File)}}},
		})
	}
	return out
}
