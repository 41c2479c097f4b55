package scan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// sarifObjects lists, for each SARIF 2.1.0 object ghpat-ls writes, the
// properties the schema allows (additionalProperties is false for them) and
// those it requires, copied from sarif-schema-2.1.0.json.
var sarifObjects = map[string]struct{ allowed, required []string }{
	"sarifLog": {[]string{"$schema", "version", "runs", "inlineExternalProperties", "properties"}, []string{"version", "runs"}},
	"run": {[]string{"tool", "invocations", "conversion", "language", "versionControlProvenance", "originalUriBaseIds",
		"artifacts", "logicalLocations", "graphs", "results", "automationDetails", "runAggregates", "baselineGuid",
		"redactionTokens", "defaultEncoding", "defaultSourceLanguage", "newlineSequences", "columnKind",
		"externalPropertyFileReferences", "threadFlowLocations", "taxonomies", "addresses", "translations", "policies",
		"webRequests", "webResponses", "specialLocations", "properties"}, []string{"tool"}},
	"tool": {[]string{"driver", "extensions", "properties"}, []string{"driver"}},
	"toolComponent": {[]string{"guid", "name", "organization", "product", "productSuite", "shortDescription", "fullDescription",
		"fullName", "version", "semanticVersion", "dottedQuadFileVersion", "releaseDateUtc", "downloadUri", "informationUri",
		"globalMessageStrings", "notifications", "rules", "taxa", "locations", "language", "contents", "isComprehensive",
		"localizedDataSemanticVersion", "minimumRequiredLocalizedDataSemanticVersion", "associatedComponent",
		"translationMetadata", "supportedTaxonomies", "properties"}, []string{"name"}},
	"reportingDescriptor": {[]string{"id", "deprecatedIds", "guid", "deprecatedGuids", "name", "deprecatedNames",
		"shortDescription", "fullDescription", "messageStrings", "defaultConfiguration", "helpUri", "help",
		"relationships", "properties"}, []string{"id"}},
	"multiformatMessageString": {[]string{"text", "markdown", "properties"}, []string{"text"}},
	"reportingConfiguration":   {[]string{"enabled", "level", "rank", "parameters", "properties"}, nil},
	"result": {[]string{"ruleId", "ruleIndex", "rule", "kind", "level", "message", "analysisTarget", "locations", "guid",
		"correlationGuid", "occurrenceCount", "partialFingerprints", "fingerprints", "stacks", "codeFlows", "graphs",
		"graphTraversals", "relatedLocations", "suppressions", "baselineState", "rank", "attachments", "hostedViewerUri",
		"workItemUris", "provenance", "fixes", "taxa", "webRequest", "webResponse", "properties"}, []string{"message"}},
	"message":          {[]string{"text", "markdown", "id", "arguments", "properties"}, nil},
	"location":         {[]string{"id", "physicalLocation", "logicalLocations", "message", "annotations", "relationships", "properties"}, nil},
	"physicalLocation": {[]string{"address", "artifactLocation", "region", "contextRegion", "properties"}, nil},
	"artifactLocation": {[]string{"uri", "uriBaseId", "index", "description", "properties"}, nil},
	"invocation": {[]string{"commandLine", "arguments", "responseFiles", "startTimeUtc", "endTimeUtc", "exitCode",
		"ruleConfigurationOverrides", "notificationConfigurationOverrides", "toolExecutionNotifications",
		"toolConfigurationNotifications", "exitCodeDescription", "exitSignalName", "exitSignalNumber",
		"processStartFailureMessage", "executionSuccessful", "machine", "account", "processId", "executableLocation",
		"workingDirectory", "environmentVariables", "stdin", "stdout", "stderr", "stdoutStderr", "properties"},
		[]string{"executionSuccessful"}},
	"notification": {[]string{"locations", "message", "level", "threadId", "timeUtc", "exception", "descriptor",
		"associatedRule", "properties"}, []string{"message"}},
	"region": {[]string{"startLine", "startColumn", "endLine", "endColumn", "charOffset", "charLength", "byteOffset",
		"byteLength", "snippet", "message", "sourceLanguage", "properties"}, nil},
}

// validateSARIF checks a log against the SARIF 2.1.0 schema for the objects
// above, plus what GitHub code scanning needs for an upload.
func validateSARIF(t *testing.T, data []byte) map[string]any {
	t.Helper()
	var log map[string]any
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatalf("SARIF is not JSON: %v", err)
	}
	obj := func(kind, at string, v any) map[string]any {
		t.Helper()
		m, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("%s: %s is %T, not an object", at, kind, v)
		}
		spec := sarifObjects[kind]
		for k := range m {
			if !slices.Contains(spec.allowed, k) {
				t.Errorf("%s: %s has property %q, not in the schema", at, kind, k)
			}
		}
		for _, k := range spec.required {
			if _, ok := m[k]; !ok {
				t.Errorf("%s: %s lacks required %q", at, kind, k)
			}
		}
		return m
	}
	arr := func(at string, v any) []any {
		t.Helper()
		a, ok := v.([]any)
		if !ok {
			t.Fatalf("%s is %T, not an array", at, v)
		}
		return a
	}
	posInt := func(at string, v any) int {
		t.Helper()
		f, ok := v.(float64)
		if !ok || f < 1 || f != float64(int(f)) {
			t.Errorf("%s = %v, want an integer >= 1", at, v)
		}
		return int(f)
	}
	obj("sarifLog", "$", log)
	if log["version"] != "2.1.0" {
		t.Errorf("version %v", log["version"])
	}
	runs := arr("runs", log["runs"])
	if len(runs) != 1 {
		t.Fatalf("%d runs", len(runs))
	}
	run := obj("run", "runs[0]", runs[0])
	if run["columnKind"] != "utf16CodeUnits" {
		t.Errorf("columnKind %v", run["columnKind"])
	}
	bases := map[string]bool{}
	if ob, ok := run["originalUriBaseIds"]; ok {
		for k, v := range ob.(map[string]any) {
			al := obj("artifactLocation", "originalUriBaseIds."+k, v)
			u, err := url.Parse(al["uri"].(string))
			if err != nil || !u.IsAbs() || !strings.HasSuffix(u.Path, "/") {
				t.Errorf("originalUriBaseIds.%s.uri %v: want an absolute URI ending in /", k, al["uri"])
			}
			bases[k] = true
		}
	}
	driver := obj("toolComponent", "driver", obj("tool", "tool", run["tool"])["driver"])
	var ruleIDs []string
	for i, r := range arr("rules", driver["rules"]) {
		at := fmt.Sprintf("rules[%d]", i)
		rule := obj("reportingDescriptor", at, r)
		obj("multiformatMessageString", at+".shortDescription", rule["shortDescription"])
		conf := obj("reportingConfiguration", at+".defaultConfiguration", rule["defaultConfiguration"])
		if !slices.Contains([]string{"none", "note", "warning", "error"}, conf["level"].(string)) {
			t.Errorf("%s level %v", at, conf["level"])
		}
		ruleIDs = append(ruleIDs, rule["id"].(string))
	}
	for i, r := range arr("results", run["results"]) {
		at := fmt.Sprintf("results[%d]", i)
		res := obj("result", at, r)
		id, _ := res["ruleId"].(string)
		idx, _ := res["ruleIndex"].(float64)
		if id == "" || int(idx) >= len(ruleIDs) || ruleIDs[int(idx)] != id {
			t.Errorf("%s: ruleId %q does not match rules[ruleIndex=%v]", at, id, idx)
		}
		if !slices.Contains([]string{"none", "note", "warning", "error"}, res["level"].(string)) {
			t.Errorf("%s level %v", at, res["level"])
		}
		if msg := obj("message", at+".message", res["message"]); msg["text"] == "" {
			t.Errorf("%s: empty message", at)
		}
		pf, ok := res["partialFingerprints"].(map[string]any)
		if !ok || len(pf) == 0 {
			t.Errorf("%s: no partialFingerprints", at)
		}
		locs := arr(at+".locations", res["locations"])
		if len(locs) != 1 {
			t.Fatalf("%s: %d locations", at, len(locs))
		}
		pl := obj("physicalLocation", at+".physicalLocation", obj("location", at+".location", locs[0])["physicalLocation"])
		al := obj("artifactLocation", at+".artifactLocation", pl["artifactLocation"])
		uri, _ := al["uri"].(string)
		if u, err := url.Parse(uri); err != nil || u.IsAbs() || strings.HasPrefix(uri, "/") {
			t.Errorf("%s: uri %q is not relative to the scan root", at, uri)
		}
		if b, _ := al["uriBaseId"].(string); !bases[b] {
			t.Errorf("%s: uriBaseId %q not in originalUriBaseIds", at, b)
		}
		if pl["region"] == nil { // a finding about the path itself, or inside an archive
			props, _ := res["properties"].(map[string]any)
			if _, inside := props["containerMember"]; res["ruleId"] != "github-token-in-path" && !inside {
				t.Errorf("%s: no region", at)
			}
			continue
		}
		reg := obj("region", at+".region", pl["region"])
		sl, sc := posInt(at+".startLine", reg["startLine"]), posInt(at+".startColumn", reg["startColumn"])
		el, ec := posInt(at+".endLine", reg["endLine"]), posInt(at+".endColumn", reg["endColumn"])
		if el < sl || el == sl && ec <= sc {
			t.Errorf("%s: region %d:%d-%d:%d is empty or reversed", at, sl, sc, el, ec)
		}
	}
	if inv, ok := run["invocations"]; ok {
		for i, v := range arr("invocations", inv) {
			at := fmt.Sprintf("invocations[%d]", i)
			in := obj("invocation", at, v)
			for j, n := range arr(at+".toolExecutionNotifications", in["toolExecutionNotifications"]) {
				nat := fmt.Sprintf("%s.toolExecutionNotifications[%d]", at, j)
				note := obj("notification", nat, n)
				obj("message", nat+".message", note["message"])
				for _, l := range arr(nat+".locations", note["locations"]) {
					pl := obj("physicalLocation", nat+".physicalLocation", obj("location", nat+".location", l)["physicalLocation"])
					obj("artifactLocation", nat+".artifactLocation", pl["artifactLocation"])
				}
			}
		}
	}
	return log
}

// Path findings have no region and skipped files are notifications; both
// must still be valid SARIF, and neither may hold the token.
func TestSARIFPathFindingsAndSkippedFilesAreValid(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	t1 := tok(ghtoken.ClassicPAT, 71)
	write(t, filepath.Join(dir, "keys", t1), "a.txt", "clean\n")
	write(t, dir, "big.txt", strings.Repeat("x", 5000))
	rep := run(t, Options{Dir: dir, MaxFileSize: 1000})
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, rep); err != nil {
		t.Fatal(err)
	}
	log := validateSARIF(t, buf.Bytes())
	run := log["runs"].([]any)[0].(map[string]any)
	if len(run["results"].([]any)) != 1 || run["invocations"] == nil {
		t.Errorf("want one path finding and a notification:\n%s", buf.String())
	}
	noFullToken(t, rep, t1)
}

func TestSARIFIsValidAndPointsAtTheToken(t *testing.T) {
	isolateGit(t)
	dir := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	a, b := tok(ghtoken.ClassicPAT, 20), tok(ghtoken.FineGrainedPAT, 21)
	// "é😀" before the token: 3 UTF-16 code units, 6 bytes.
	write(t, dir, "src dir/a.go", "package a\n\nvar s = \"é😀\" + \""+a+"\"\n")
	write(t, dir, "b.yaml", "token: "+b+"\nplaceholder: ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n")
	rep := run(t, Options{Dir: dir})
	rep.Tool = Tool{Name: "ghpat-ls", Version: "test"}
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, rep); err != nil {
		t.Fatal(err)
	}
	log := validateSARIF(t, buf.Bytes())
	results := log["runs"].([]any)[0].(map[string]any)["results"].([]any)
	type loc struct {
		uri, rule, level string
		line, col, end   int
	}
	var got []loc
	for _, r := range results {
		res := r.(map[string]any)
		pl := res["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)
		reg := pl["region"].(map[string]any)
		got = append(got, loc{pl["artifactLocation"].(map[string]any)["uri"].(string), res["ruleId"].(string), res["level"].(string),
			int(reg["startLine"].(float64)), int(reg["startColumn"].(float64)), int(reg["endColumn"].(float64))})
	}
	want := []loc{
		{"b.yaml", "github-fine-grained-pat", "error", 1, 8, 8 + ghtoken.FineGrainedLen},
		{"b.yaml", "github-pat", "note", 2, 14, 14 + 40},
		{"src%20dir/a.go", "github-pat", "error", 3, 18, 18 + 40},
	}
	if !slices.Equal(got, want) {
		t.Errorf("results\n got %+v\nwant %+v", got, want)
	}
	noFullToken(t, rep, a, b)
}

// TestSARIFRulesComeFromTheRegistry: every rule a scan can report is
// described once, with the registry's summary, help, docs link, tags and
// security-severity, so GitHub code scanning shows the same text as the editor.
func TestSARIFRulesComeFromTheRegistry(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, &Report{Tool: Tool{Name: "ghpat-ls"}}); err != nil {
		t.Fatal(err)
	}
	log := validateSARIF(t, buf.Bytes())
	driver := log["runs"].([]any)[0].(map[string]any)["tool"].(map[string]any)["driver"].(map[string]any)
	got := map[string]map[string]any{}
	for _, r := range driver["rules"].([]any) {
		rule := r.(map[string]any)
		got[rule["id"].(string)] = rule
	}
	for _, want := range analysis.Rules() {
		rule, ok := got[want.ID]
		if want.Kind == analysis.KindLive {
			if ok {
				t.Errorf("%s: an editor-only rule in a scan's SARIF", want.ID)
			}
			continue
		}
		if !ok {
			t.Errorf("%s: not in tool.driver.rules", want.ID)
			continue
		}
		props := rule["properties"].(map[string]any)
		if rule["shortDescription"].(map[string]any)["text"] != want.Summary ||
			rule["fullDescription"].(map[string]any)["text"] != want.Help ||
			rule["helpUri"] != analysis.HelpURL(want.ID) ||
			props["security-severity"] != want.SecuritySeverity ||
			fmt.Sprint(props["tags"]) != fmt.Sprint(want.Tags) {
			t.Errorf("%s: SARIF rule %v does not match the registry %+v", want.ID, rule, want)
		}
	}
	if lvl := got[analysis.RuleMissingAccept]["defaultConfiguration"].(map[string]any)["level"]; lvl != "note" {
		t.Errorf("hint rule's default level %v, want note", lvl)
	}
}
