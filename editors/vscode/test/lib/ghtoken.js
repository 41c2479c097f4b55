// Test helper: mints fake, checksum-valid classic tokens (ghp_) at test time,
// as ghtoken.Generate does, so no valid token literal is ever committed.
// Format: "ghp_" + 30 random base62 chars + base62(CRC32-IEEE(random)), 6 chars.
'use strict';
const crypto = require('node:crypto');

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(str) {
  let c = 0xffffffff;
  for (const b of Buffer.from(str, 'utf8')) c = TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function base62(n, width) {
  const out = [];
  for (let i = 0; i < width; i++) {
    out.unshift(BASE62[n % 62]);
    n = Math.floor(n / 62);
  }
  return out.join('');
}

function generateClassic(prefix = 'ghp_') {
  let random = '';
  for (let i = 0; i < 30; i++) random += BASE62[crypto.randomInt(62)];
  return prefix + random + base62(crc32(random), 6);
}

module.exports = { generateClassic, crc32, base62 };
