// Package floors holds no code: its tests check, over the whole
// repository, that GitHub's facts have their one home on the ground floor
// (ghtoken: token kinds; ghhost: hosts, URLs, the version header, API
// versions, the media type), that the floors import only what is below
// them, that only ghclient makes an HTTP client, that each endpoint and
// setting name is spelled in its one package, that severities come from
// the rule registry, and that the editors agree with the table. See
// docs/design.md, "Where each fact lives".
package floors
