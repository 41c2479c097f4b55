// Ünïcode before the token: columns count UTF-16 units 🎉
const t = "🎉" + '{{ghr[:3]}}' + "{{ghr[3:]}}";
const u = `{{ghs-jwt[:33]}}` + `{{ghs-jwt[33:]}}`;
