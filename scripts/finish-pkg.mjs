// Turns the two wasm-pack outputs, pkg/ (bundler target) and pkg/web/
// (web target), into one npm package. It writes the index.js and index.d.ts
// entry points and removes wasm-pack's files that do not belong in the
// package. Then it rewrites pkg/package.json from the crate's metadata.
//
// Run by scripts/build-pkg.sh after both `wasm-pack build` runs.

import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = join(repoRoot, 'pkg');
const webDir = join(pkgDir, 'web');
const glueModule = './appmixer_accounts.js';
const crateName = 'appmixer-accounts';

function fail(message) {
  console.error(`finish-pkg: error: ${message}`);
  process.exit(1);
}

// Returns the path, relative to `dir`, of the AppmixerError module that
// wasm-bindgen copied from js/ into snippets/<crate>-<hash>/. The hash
// changes between builds, so the directory is looked up.
function findErrorSnippet(dir) {
  const snippetsDir = join(dir, 'snippets');
  if (!existsSync(snippetsDir)) {
    fail(`${relative(repoRoot, snippetsDir)} is missing; wasm-bindgen did not copy js/appmixer-error.js`);
  }
  const matches = readdirSync(snippetsDir)
    .map((name) => join(snippetsDir, name, 'js', 'appmixer-error.js'))
    .filter((path) => existsSync(path));
  if (matches.length !== 1) {
    fail(
      `expected exactly one snippets/*/js/appmixer-error.js in ${relative(repoRoot, dir)}, ` +
        `found ${matches.length}; rebuild from scratch with make pkg`,
    );
  }
  return './' + relative(dir, matches[0]).split('\\').join('/');
}

function writeEntryPoints(dir, extraExports) {
  const errorSnippet = findErrorSnippet(dir);
  const js = [
    `export * from '${glueModule}';`,
    `export { AppmixerError } from '${errorSnippet}';`,
    ...extraExports,
  ];
  // The generated .d.ts already declares AppmixerError (through a
  // typescript_custom_section), so the types need only the re-export.
  const dts = [`export * from '${glueModule}';`, ...extraExports];
  writeFileSync(join(dir, 'index.js'), js.join('\n') + '\n');
  writeFileSync(join(dir, 'index.d.ts'), dts.join('\n') + '\n');
}

function removeIfPresent(path) {
  rmSync(path, { force: true });
}

// Reads version, description, license, repository and keywords of the
// crate from `cargo metadata`, so that package.json follows Cargo.toml.
function crateMetadata() {
  const output = execFileSync('cargo', ['metadata', '--no-deps', '--format-version', '1'], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const crate = JSON.parse(output).packages.find((p) => p.name === crateName);
  if (!crate) {
    fail(`cargo metadata lists no package named ${crateName}`);
  }
  return crate;
}

// Lists every top-level entry of pkg/, so "files" cannot miss one.
function packageFiles() {
  return readdirSync(pkgDir)
    .filter((name) => name !== 'package.json')
    .map((name) => (statSync(join(pkgDir, name)).isDirectory() ? `${name}/` : name))
    .sort();
}

for (const dir of [pkgDir, webDir]) {
  if (!existsSync(join(dir, 'appmixer_accounts.js'))) {
    fail(`${relative(repoRoot, dir)}/appmixer_accounts.js is missing; run scripts/build-pkg.sh`);
  }
}

writeEntryPoints(pkgDir, []);
// The web target's glue has a default export: the async init function that
// fetches and instantiates the .wasm file. `export *` skips default exports.
writeEntryPoints(webDir, [`export { default, initSync } from '${glueModule}';`]);

removeIfPresent(join(webDir, 'package.json'));
removeIfPresent(join(webDir, 'README.md'));
removeIfPresent(join(pkgDir, '.gitignore'));
removeIfPresent(join(webDir, '.gitignore'));

const readme = join(repoRoot, 'README.md');
if (existsSync(readme)) {
  copyFileSync(readme, join(pkgDir, 'README.md'));
}

const crate = crateMetadata();
const manifest = {
  name: crateName,
  version: crate.version,
  description: crate.description ?? undefined,
  license: crate.license ?? undefined,
  repository: crate.repository ? { type: 'git', url: crate.repository } : undefined,
  keywords: crate.keywords.length > 0 ? crate.keywords : undefined,
  type: 'module',
  module: './index.js',
  main: './index.js',
  types: './index.d.ts',
  exports: {
    '.': { types: './index.d.ts', default: './index.js' },
    './web': { types: './web/index.d.ts', default: './web/index.js' },
    './package.json': './package.json',
  },
  files: packageFiles(),
  // The glue modules run code at import time: the bundler entry
  // instantiates the wasm module, so bundlers must not drop them.
  sideEffects: ['./appmixer_accounts.js', './index.js', './snippets/*', './web/*'],
};
writeFileSync(join(pkgDir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');

console.log(`finish-pkg: wrote pkg/package.json (${crateName}@${crate.version}) and the index.js entry points`);
