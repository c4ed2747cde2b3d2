// End-to-end test of the demo app in www/. It builds the app with Vite
// against a running emulator, serves it with `vite preview` on loopback and
// opens it in headless Chromium. It checks that the page lists the
// emulator's seeded accounts and that its connect, test, flows, rename and
// remove buttons work.
// A second build with a wrong token checks that the page shows the error.
// Last, a plain page without a bundler loads the package's web entry
// (appmixer-accounts/web) and lists the accounts through it.
//
// Usage (the emulator must be running; make test starts it):
//   scripts/with-emulator.sh node tests/e2e/demo.mjs
//   node tests/e2e/demo.mjs --url http://127.0.0.1:5173/ [--screenshot FILE]
//
// With --url, the script only checks an app that is already served (such as
// the one `make demo` serves) and builds nothing. It prints one line per
// check and a closing "N passed, N failed" line, and exits 1 if a check failed.

import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const wwwDir = join(repoRoot, 'www');
const pkgWebDir = join(repoRoot, 'pkg', 'web');
const viteBin = join(wwwDir, 'node_modules', '.bin', 'vite');

// The emulator's two seeded accounts, as listAccounts returns them.
const seededAccounts = [
  { accountId: '5a6e21f3b266224186ac7d03', name: 'client IO', service: 'Slack' },
  { accountId: '5a7313abb3a60729efe76f1e', name: 't.o.mas@client.io', service: 'Pipedrive' },
];

// CI runs as root, which Chromium's sandbox does not allow. The other
// switches stop Chromium's background connections to Google services.
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const waitTimeoutMs = 15_000;

const { values: options } = parseArgs({
  options: {
    url: { type: 'string' },
    screenshot: { type: 'string' },
  },
});

let passed = 0;
let failed = 0;
const cleanups = [];

function log(message) {
  console.log(`e2e: ${message}`);
}

async function check(name, body) {
  try {
    await body();
    passed += 1;
    console.log(`ok   ${name}`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL ${name}: ${error.message.split('\n')[0]}`);
  }
}

function expectEqual(actual, expected, label) {
  if (actual !== expected) {
    throw new Error(`${label} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  }
}

async function runCleanups() {
  while (cleanups.length > 0) {
    const cleanup = cleanups.pop();
    try {
      await cleanup();
    } catch (error) {
      console.error(`e2e: cleanup failed: ${error.message}`);
    }
  }
}

// Returns a free TCP port on 127.0.0.1. Another process can take it before
// vite binds it, and then vite fails because of --strictPort.
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// Runs a command to completion and rejects if it exits with a non-zero status.
function run(command, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: wwwDir, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) {
        resolve();
      } else {
        reject(new Error(`${command} ${args.join(' ')} exited with ${signal ?? `status ${code}`}`));
      }
    });
  });
}

async function buildApp(outDir, apiUrl, token) {
  log(`building www/ into ${outDir} for ${apiUrl}`);
  const env = { ...process.env, VITE_APPMIXER_URL: apiUrl, VITE_APPMIXER_TOKEN: token };
  // --bypass-lock: Vite 8.4 rejects a second build or preview of one project
  // while another runs (such as `make demo`), but this one has its own
  // output folder and port.
  await run(viteBin, ['build', '--bypass-lock', '--logLevel', 'warn', '--emptyOutDir', '--outDir', outDir], env);
}

// Starts `vite preview` for outDir. Resolves, once the server responds, with
// its URL and a function that stops it.
async function serveApp(outDir) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const server = spawn(
    viteBin,
    ['preview', '--bypass-lock', '--outDir', outDir, '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    { cwd: wwwDir, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  let exited = false;
  server.once('exit', () => {
    exited = true;
  });
  const stop = () => stopServer(server, () => exited);
  cleanups.push(stop);

  const deadline = Date.now() + waitTimeoutMs;
  for (;;) {
    if (exited) {
      throw new Error(`vite preview exited before it served ${url}`);
    }
    try {
      const response = await fetch(url);
      if (response.ok) {
        log(`serving ${outDir} at ${url} (vite preview, pid ${server.pid})`);
        return { url, stop };
      }
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      throw new Error(`vite preview did not serve ${url} within ${waitTimeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stopServer(server, hasExited) {
  if (hasExited()) {
    return;
  }
  const exit = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  const timer = setTimeout(() => server.kill('SIGKILL'), 5_000);
  await exit;
  clearTimeout(timer);
}

async function openPage(browser, url) {
  const page = await browser.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') {
      pageErrors.push(message.text());
    }
  });
  const response = await page.goto(url);
  return { page, response, pageErrors };
}

async function checkAccountsPage(browser, url) {
  log(`checking the account list at ${url}`);
  const { page, response, pageErrors } = await openPage(browser, url);
  const status = page.getByTestId('status');

  await check('page loads', async () => {
    expectEqual(response?.status(), 200, 'HTTP status of the page');
  });
  await check('status line reaches ready', async () => {
    try {
      await page.locator('[data-testid="status"][data-state="ready"]').waitFor({ timeout: waitTimeoutMs });
    } catch (error) {
      const state = await status.getAttribute('data-state');
      const errorText = await page.getByTestId('error').textContent();
      throw new Error(`status is ${state}, error box shows ${JSON.stringify(errorText?.trim())}`);
    }
  });
  await check('status line counts two accounts', async () => {
    expectEqual((await status.textContent()).trim(), '2 accounts loaded.', 'status text');
  });
  await check('accounts table is visible', async () => {
    if (!(await page.getByTestId('accounts-table').isVisible())) {
      throw new Error('the table with data-testid="accounts-table" is hidden');
    }
  });
  await check('table has two rows', async () => {
    expectEqual(await page.getByTestId('account-row').count(), 2, 'number of rows');
  });
  for (const account of seededAccounts) {
    await check(`row of account ${account.accountId}`, async () => {
      const row = page.locator(`#account-${account.accountId}`);
      expectEqual(await row.count(), 1, 'number of matching rows');
      expectEqual(await row.getByTestId('account-id').textContent(), account.accountId, 'account id cell');
      expectEqual(await row.getByTestId('account-name').textContent(), account.name, 'name cell');
      expectEqual(await row.getByTestId('account-service').textContent(), account.service, 'service cell');
    });
  }
  await check('error box is hidden', async () => {
    if (await page.getByTestId('error').isVisible()) {
      throw new Error(`it shows ${JSON.stringify((await page.getByTestId('error').textContent()).trim())}`);
    }
  });
  await check('reload button lists the accounts again', async () => {
    await page.getByTestId('action-reload').click();
    await page.locator('[data-testid="status"][data-state="ready"]').waitFor({ timeout: waitTimeoutMs });
    expectEqual(await page.getByTestId('account-row').count(), 2, 'number of rows after reload');
  });
  await check('page logs no errors', async () => {
    if (pageErrors.length > 0) {
      throw new Error(pageErrors.join(' | '));
    }
  });

  if (options.screenshot) {
    await page.screenshot({ path: options.screenshot, fullPage: true });
    log(`saved a screenshot to ${options.screenshot}`);
  }
  await page.close();
}

// Drives every demo button against the emulator, whose fake provider
// approves sign-ins at once by default. Changes the emulator's data, so the
// caller resets it afterwards.
async function checkActions(browser, url) {
  log(`checking the account actions at ${url}`);
  const { page, pageErrors } = await openPage(browser, url);
  const status = page.getByTestId('status');
  const ready = () => page.locator('[data-testid="status"][data-state="ready"]').waitFor({ timeout: waitTimeoutMs });
  const slackRow = page.locator(`#account-${seededAccounts[0].accountId}`);
  const pipedriveRow = page.locator(`#account-${seededAccounts[1].accountId}`);
  // window.prompt and window.confirm answer with these values.
  let promptAnswer = 'Team Slack';
  page.on('dialog', (dialog) => (dialog.type() === 'prompt' ? dialog.accept(promptAnswer) : dialog.accept()));
  await ready();

  await check('connect button adds an account through the popup', async () => {
    await page.getByTestId('action-connect-gmail').click();
    await page.locator('[data-testid="status"][data-state="ready"]', { hasText: 'Connected account' }).waitFor({ timeout: waitTimeoutMs });
    expectEqual(await page.getByTestId('account-row').count(), 3, 'number of rows after connecting');
    const text = (await status.textContent()).trim();
    if (!/^Connected account [0-9a-f]{24}\. 3 accounts loaded\.$/.test(text)) {
      throw new Error(`status text is ${JSON.stringify(text)}`);
    }
  });
  await check('test button reports valid tokens', async () => {
    await slackRow.getByTestId('action-test').click();
    await page.locator('[data-testid="status"][data-state="ready"]', { hasText: 'tokens are valid' }).waitFor({ timeout: waitTimeoutMs });
  });
  await check('flows button names the flows', async () => {
    await slackRow.getByTestId('action-flows').click();
    await page.locator('[data-testid="status"][data-state="ready"]', { hasText: 'Flow #1' }).waitFor({ timeout: waitTimeoutMs });
  });
  await check('rename button renames the account', async () => {
    promptAnswer = 'Team Slack';
    await slackRow.getByTestId('action-rename').click();
    await page.locator('[data-testid="status"][data-state="ready"]', { hasText: 'Renamed to Team Slack' }).waitFor({ timeout: waitTimeoutMs });
    expectEqual(await slackRow.getByTestId('account-name').textContent(), 'Team Slack', 'name cell');
  });
  await check('remove button removes the account', async () => {
    await pipedriveRow.getByTestId('action-remove').click();
    await page.locator('[data-testid="status"][data-state="ready"]', { hasText: 'Removed' }).waitFor({ timeout: waitTimeoutMs });
    expectEqual(await pipedriveRow.count(), 0, 'rows of the removed account');
    expectEqual(await page.getByTestId('account-row').count(), 2, 'number of rows after removing');
  });
  await check('actions log no page errors', async () => {
    if (pageErrors.length > 0) {
      throw new Error(pageErrors.join(' | '));
    }
  });
  await page.close();
}

async function checkErrorPage(browser, url) {
  log(`checking the error display at ${url} (built with a wrong token)`);
  const { page } = await openPage(browser, url);

  await check('wrong token shows UNAUTHORIZED', async () => {
    await page.locator('[data-testid="status"][data-state="error"]').waitFor({ timeout: waitTimeoutMs });
    expectEqual(await page.getByTestId('error-code').textContent(), 'UNAUTHORIZED', 'error code');
    const message = (await page.getByTestId('error-message').textContent()).trim();
    if (message === '') {
      throw new Error('the error message is empty');
    }
  });
  await check('wrong token shows no table', async () => {
    if (await page.getByTestId('accounts-table').isVisible()) {
      throw new Error('the accounts table is visible');
    }
  });
  await page.close();
}

// Serves pkg/web/ beside an empty page and imports it there as an ES module,
// the way a page without a bundler uses the package.
async function checkWebEntry(browser, siteDir, apiUrl, token) {
  log('checking the web entry appmixer-accounts/web without a bundler');
  mkdirSync(siteDir, { recursive: true });
  cpSync(pkgWebDir, join(siteDir, 'appmixer-accounts', 'web'), { recursive: true });
  writeFileSync(join(siteDir, 'index.html'), '<!doctype html><title>web entry</title><link rel="icon" href="data:," />\n');
  const site = await serveApp(siteDir);
  const { page, pageErrors } = await openPage(browser, site.url);

  // Runs in the page: initializes the module, lists the accounts, and
  // lists them again with a wrong token to get an AppmixerError.
  const result = await page.evaluate(
    async ({ moduleUrl, baseUrl, accessToken }) => {
      const sdk = await import(moduleUrl);
      await sdk.default();
      const client = new sdk.AppmixerAccounts({ baseUrl, accessToken });
      const accounts = await client.listAccounts();
      const wrongClient = new sdk.AppmixerAccounts({ baseUrl, accessToken: `${accessToken}-wrong` });
      const rejection = await wrongClient.listAccounts().then(
        () => null,
        (error) => ({ isAppmixerError: error instanceof sdk.AppmixerError, code: error.code }),
      );
      return { accountIds: accounts.map((account) => account.accountId), rejection };
    },
    { moduleUrl: new URL('appmixer-accounts/web/index.js', site.url).href, baseUrl: apiUrl, accessToken: token },
  ).catch((error) => ({ error: error.message.split('\n')[0] }));

  await check('web entry lists the seeded accounts', async () => {
    if (result.error) {
      throw new Error(result.error);
    }
    const expected = seededAccounts.map((account) => account.accountId).join(',');
    expectEqual(result.accountIds.join(','), expected, 'account ids');
  });
  await check('web entry rejects with AppmixerError', async () => {
    if (result.error) {
      throw new Error(result.error);
    }
    expectEqual(result.rejection?.isAppmixerError, true, 'error instanceof AppmixerError');
    expectEqual(result.rejection?.code, 'UNAUTHORIZED', 'error code');
  });
  await check('web entry page logs no errors', async () => {
    // The wrong token's 401 response is expected and logged by Chromium.
    const unexpected = pageErrors.filter((text) => !text.includes('401'));
    if (unexpected.length > 0) {
      throw new Error(unexpected.join(' | '));
    }
  });
  await page.close();
  await site.stop();
}

// Restores the seeded accounts in case an earlier run changed them.
async function resetEmulator(apiUrl) {
  const response = await fetch(new URL('/__emulator/reset', apiUrl), { method: 'POST' });
  if (!response.ok) {
    throw new Error(`POST ${apiUrl}/__emulator/reset returned ${response.status}`);
  }
}

async function main() {
  const apiUrl = process.env.APPMIXER_EMULATOR_URL;
  const token = process.env.APPMIXER_EMULATOR_TOKEN;
  if (!options.url && (!apiUrl || !token)) {
    throw new Error(
      'APPMIXER_EMULATOR_URL and APPMIXER_EMULATOR_TOKEN are not set; ' +
        'run this through scripts/with-emulator.sh, or pass --url of an app that is already served',
    );
  }

  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  cleanups.push(() => browser.close());

  if (options.url) {
    await checkAccountsPage(browser, options.url);
    return;
  }

  await resetEmulator(apiUrl);
  const buildRoot = mkdtempSync(join(tmpdir(), 'appmixer-e2e-'));
  cleanups.push(() => rmSync(buildRoot, { recursive: true, force: true }));

  const appDir = join(buildRoot, 'app');
  await buildApp(appDir, apiUrl, token);
  const app = await serveApp(appDir);
  await checkAccountsPage(browser, app.url);
  await checkActions(browser, app.url);
  await resetEmulator(apiUrl);
  await app.stop();

  const wrongTokenDir = join(buildRoot, 'wrong-token');
  await buildApp(wrongTokenDir, apiUrl, `${token}-wrong`);
  const wrongTokenApp = await serveApp(wrongTokenDir);
  await checkErrorPage(browser, wrongTokenApp.url);
  await wrongTokenApp.stop();

  await checkWebEntry(browser, join(buildRoot, 'web-entry'), apiUrl, token);
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    console.error(`e2e: received ${signal}, stopping`);
    await runCleanups();
    process.exit(1);
  });
}

let status = 0;
try {
  await main();
} catch (error) {
  console.error(`e2e: error: ${error.message}`);
  status = 1;
}
await runCleanups();
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(status !== 0 || failed > 0 || passed === 0 ? 1 : 0);
