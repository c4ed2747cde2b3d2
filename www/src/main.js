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
  // connectAccount opens its popup before its first await, so it must be
  // called directly inside the click handler, as runAction does.
  {
    id: 'connect-slack',
    label: 'Connect Slack',
    run: (sdk) => connect(sdk, 'appmixer.slack.list.SendChannelMessage'),
  },
  {
    id: 'connect-gmail',
    label: 'Connect Gmail',
    run: (sdk) => connect(sdk, 'appmixer.google.gmail.SendEmail'),
  },
  {
    id: 'connect-pipedrive',
    label: 'Connect Pipedrive',
    run: (sdk) => connect(sdk, 'appmixer.pipedrive.people.CreatePerson'),
  },
];

async function connect(sdk, componentType) {
  const account = await sdk.connectAccount(componentType);
  return `Connected account ${account.accountId}.`;
}

/**
 * Buttons in each account row. `run(client, account)` returns a Promise, and
 * the account list is reloaded after it resolves.
 */
const accountActions = [
  {
    id: 'test',
    label: 'Test',
    run: async (sdk, account) => {
      const result = await sdk.testAccount(account.accountId);
      const failures = Object.entries(result).filter(([, outcome]) => outcome !== 'valid');
      return failures.length === 0
        ? `${accountName(account)}: all tokens are valid.`
        : `${accountName(account)}: ${failures.map(([token, reason]) => `token ${token} failed (${reason})`).join('; ')}.`;
    },
  },
  {
    id: 'flows',
    label: 'Flows',
    run: async (sdk, account) => {
      const flows = await sdk.listAccountFlows(account.accountId);
      return flows.length === 0
        ? `${accountName(account)} is used in no flow.`
        : `${accountName(account)} is used in ${flows.map((flow) => flow.name ?? flow.flowId).join(', ')}.`;
    },
  },
  {
    id: 'rename',
    label: 'Rename',
    run: async (sdk, account) => {
      const name = window.prompt('New display name', accountName(account));
      if (name === null || name.trim() === '') return 'Rename cancelled.';
      await sdk.renameAccount(account.accountId, name.trim());
      return `Renamed to ${name.trim()}.`;
    },
  },
  {
    id: 'remove',
    label: 'Remove',
    run: async (sdk, account) => {
      if (!window.confirm(`Remove ${accountName(account)} and stop the flows that use it?`)) {
        return 'Removal cancelled.';
      }
      await sdk.removeAccount(account.accountId);
      return `Removed ${accountName(account)}.`;
    },
  },
];

function accountName(account) {
  return account.displayName || account.name || account.accountId;
}

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

/**
 * Runs one action, then reloads the list. `run` is called before the first
 * await, so an action that opens a popup does so inside the click handler.
 * The sentence it resolves with, if any, goes before the status line's
 * account count; errors go to the error box.
 */
async function runAction(label, run) {
  setButtonsDisabled(true);
  clearError();
  setStatus('busy', `${label}…`);
  let note;
  try {
    note = await run();
  } catch (error) {
    showError(label, error);
    setButtonsDisabled(false);
    return;
  }
  await loadAccounts(typeof note === 'string' ? note : '');
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

async function loadAccounts(note = '') {
  setButtonsDisabled(true);
  setStatus('loading', 'Loading accounts…');
  try {
    const accounts = await client.listAccounts();
    renderAccounts(accounts);
    const noun = accounts.length === 1 ? 'account' : 'accounts';
    setStatus('ready', `${note ? `${note} ` : ''}${accounts.length} ${noun} loaded.`);
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
