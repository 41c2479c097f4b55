// Package floors holds no code: its tests check, over the whole
// repository, that GitHub's facts have their one home on the ground floor
// (ghtoken: token kinds; ghhost: hosts, URLs, API versions) and that the
// editors agree with it. See docs/design.md, "Where each fact lives".
package floors
