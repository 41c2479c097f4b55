// Decoys: arrays joined with a separator, or not joined.
const a = ["{{ghp[:9]}}", "{{ghp[9:]}}"].join(",");
const b = ["{{gho[:9]}}", "{{gho[9:]}}"];
f("{{ghr[:9]}}", "{{ghr[9:]}}");
