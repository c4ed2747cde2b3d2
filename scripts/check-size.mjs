// Prints the raw and gzipped sizes of the package's runtime files and fails
// when the gzipped total of the bundler entry exceeds size-budget.json.
// Run after scripts/build-pkg.sh.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const pkg = join(root, 'pkg');
const budget = JSON.parse(readFileSync(join(root, 'size-budget.json'), 'utf8')).maxGzipBytes;

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function measure(path) {
  const bytes = readFileSync(path);
  return { path: relative(pkg, path), raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

// The files a bundler ships for `import ... from 'appmixer-accounts'`. The
// .d.ts files and the web/ build are not among them.
const bundler = [
  'appmixer_accounts_bg.wasm',
  'appmixer_accounts_bg.js',
  'appmixer_accounts.js',
  'index.js',
].map((name) => join(pkg, name));
const snippets = filesUnder(join(pkg, 'snippets')).filter((path) => path.endsWith('.js'));
const rows = [...bundler, ...snippets].map(measure);
const web = ['web/appmixer_accounts_bg.wasm', 'web/appmixer_accounts.js'].map((name) => measure(join(pkg, name)));

const pad = (text, width) => String(text).padStart(width);
console.log(`${'file'.padEnd(60)} ${pad('raw', 9)} ${pad('gzip -9', 9)}`);
for (const row of [...rows, ...web]) {
  console.log(`${row.path.padEnd(60)} ${pad(row.raw, 9)} ${pad(row.gzip, 9)}`);
}
const total = rows.reduce((sum, row) => sum + row.gzip, 0);
const rawTotal = rows.reduce((sum, row) => sum + row.raw, 0);
console.log(`${'bundler entry total'.padEnd(60)} ${pad(rawTotal, 9)} ${pad(total, 9)}`);
console.log(`budget (size-budget.json): ${budget} bytes gzipped`);
if (total > budget) {
  console.error(`size check: FAILED, ${total} bytes gzipped is over the budget of ${budget} by ${total - budget}`);
  process.exit(1);
}
console.log(`size check: ok, ${budget - total} bytes under the budget`);
