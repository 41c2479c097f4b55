// LSP fixture: tokens after emoji (2 UTF-16 units each) and CJK (1 unit,
// 3 bytes each) on the same line. Markers become generated tokens.
const 名前 = "😀🔑"; const token = "{{ghp}}";
const note = "密钥 🚀"; // placeholder, checksum fails: ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
