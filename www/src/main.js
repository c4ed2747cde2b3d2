// Demo page: lists the Appmixer accounts of one user with the
// appmixer-accounts package, imported the way an npm user imports it.
//
// To add a button, append an entry to `toolbarActions` (shown above the
// table) or `accountActions` (shown in every account row). The page disables
// the buttons while an action runs, shows its progress and errors in the
// status line, and reloads the account list after the action succeeds.

import { AppmixerAccounts, AppmixerError } from 'appmixer-accounts';

// Vite replaces import.meta.env.VITE_* at build time.
const config = {
  baseUrl: import.meta.env.VITE_APPMIXER_URL || 'http://127.0.0.1:2200',
  accessToken: import.meta.env.VITE_APPMIXER_TOKEN || 'demo-token',
};

/**
 * Buttons above the table. `run(client)` returns a Promise, and the account
 * list is reloaded after it resolves.
 */
const toolbarActions = [
  { id: 'reload', label: 'Reload', run: async () => {} },
];

/**
 * Buttons in each account row. `run(client, account)` returns a Promise, and
 * the account list is reloaded after it resolves.
 */
const accountActions = [];

const ui = {
  apiUrl: document.getElementById('api-url'),
  toolbar: document.getElementById('toolbar'),
  status: document.getElementById('status'),
  error: document.getElementById('error'),
  errorCode: document.getElementById('error-code'),
  errorMessage: document.getElementById('error-message'),
  table: document.getElementById('accounts'),
  tableHead: document.getElementById('accounts-head'),
  tableBody: document.getElementById('accounts-body'),
  noAccounts: document.getElementById('no-accounts'),
};

let client = null;

/** Sets the status line. `state` is one of loading, busy, ready or error. */
function setStatus(state, text) {
  ui.status.dataset.state = state;
  ui.status.textContent = text;
}

function showError(context, error) {
  const code = error instanceof AppmixerError ? error.code : error?.name ?? 'Error';
  const message = error?.message ?? String(error);
  ui.errorCode.textContent = code;
  ui.errorMessage.textContent = message;
  ui.error.hidden = false;
  setStatus('error', `${context} failed.`);
  console.error(`${context} failed:`, error);
}

function clearError() {
  ui.error.hidden = true;
  ui.errorCode.textContent = '';
  ui.errorMessage.textContent = '';
}

function setButtonsDisabled(disabled) {
  for (const button of document.querySelectorAll('button[data-action]')) {
    button.disabled = disabled;
  }
}

function actionButton(action, onClick) {
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = action.label;
  button.dataset.action = action.id;
  button.dataset.testid = `action-${action.id}`;
  button.addEventListener('click', onClick);
  return button;
}

/** Runs one action, then reloads the list. Errors go to the status line. */
async function runAction(label, run) {
  setButtonsDisabled(true);
  clearError();
  setStatus('busy', `${label}…`);
  try {
    await run();
  } catch (error) {
    showError(label, error);
    setButtonsDisabled(false);
    return;
  }
  await loadAccounts();
}

function renderToolbar() {
  ui.toolbar.replaceChildren(
    ...toolbarActions.map((action) =>
      actionButton(action, () => runAction(action.label, () => action.run(client))),
    ),
  );
}

function renderTableHead() {
  const columns = ['Name', 'Service', 'Account ID'];
  if (accountActions.length > 0) {
    columns.push('Actions');
  }
  ui.tableHead.replaceChildren(
    ...columns.map((title) => {
      const cell = document.createElement('th');
      cell.scope = 'col';
      cell.textContent = title;
      return cell;
    }),
  );
}

function textCell(className, text, title) {
  const cell = document.createElement('td');
  cell.className = className;
  cell.dataset.testid = className;
  cell.textContent = text;
  if (title) {
    cell.title = title;
  }
  return cell;
}

function accountRow(account) {
  const row = document.createElement('tr');
  row.id = `account-${account.accountId}`;
  row.dataset.testid = 'account-row';
  row.dataset.accountId = account.accountId;

  row.append(
    textCell('account-name', account.displayName || account.name),
    textCell('account-service', account.label || account.service, account.service),
    textCell('account-id', account.accountId),
  );

  if (accountActions.length > 0) {
    const cell = document.createElement('td');
    cell.className = 'actions';
    cell.append(
      ...accountActions.map((action) =>
        actionButton(action, () =>
          runAction(`${action.label} ${account.accountId}`, () => action.run(client, account)),
        ),
      ),
    );
    row.append(cell);
  }
  return row;
}

function renderAccounts(accounts) {
  ui.tableBody.replaceChildren(...accounts.map(accountRow));
  ui.table.hidden = accounts.length === 0;
  ui.noAccounts.hidden = accounts.length !== 0;
}

async function loadAccounts() {
  setButtonsDisabled(true);
  setStatus('loading', 'Loading accounts…');
  try {
    const accounts = await client.listAccounts();
    renderAccounts(accounts);
    const noun = accounts.length === 1 ? 'account' : 'accounts';
    setStatus('ready', `${accounts.length} ${noun} loaded.`);
  } catch (error) {
    showError('Loading accounts', error);
  } finally {
    setButtonsDisabled(false);
  }
}

function start() {
  ui.apiUrl.textContent = config.baseUrl;
  renderTableHead();
  try {
    // The constructor sends no request, but it throws an AppmixerError
    // (INVALID_ARGUMENT) for an invalid baseUrl.
    client = new AppmixerAccounts(config);
  } catch (error) {
    showError('Creating the client', error);
    return;
  }
  renderToolbar();
  loadAccounts();
}

start();
