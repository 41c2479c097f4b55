static const char *t = "{{ghp[:20]}}" "{{ghp[20:]}}";
static const char *u = "{{gho[:20]}}\
{{gho[20:]}}";
