// Calls every method of the package the way a TypeScript user would. It must
// compile with `tsc --strict`; scripts/check-types.sh checks that it does.
import {
  AppmixerAccounts,
  AppmixerError,
  type Account,
  type AccountFlow,
  type AppmixerErrorCode,
  type Assignment,
  type AuthSession,
  type AuthStatus,
  type AuthTicket,
  type AuthUrl,
  type ClearedComponent,
  type ComponentAccount,
  type ComponentAccounts,
  type ConnectedAccount,
  type RemovedAccount,
  type TestResult,
} from 'appmixer-accounts';

const client = new AppmixerAccounts({
  baseUrl: 'https://api.example.com/api/',
  accessToken: 'token',
  timeoutMs: 10_000,
  retries: 3,
  retryBaseDelayMs: 100,
  retryMaxDelayMs: 5_000,
  onUnauthorized: async () => 'new-token',
  authOrigin: ['https://api.example.com'],
  debug: false,
});
client.setAccessToken('another-token');
client.setAccessToken(null);
client.setDebug(true);

function describe(error: unknown): string {
  if (!(error instanceof AppmixerError)) return 'not an SDK error';
  const code: AppmixerErrorCode = error.code;
  switch (error.code) {
    case 'UNAUTHORIZED':
      return `sign in again (${error.status ?? 'no status'})`;
    case 'POPUP_BLOCKED':
    case 'POPUP_CLOSED':
      return 'popup problem';
    case 'NETWORK':
    case 'TIMEOUT':
    case 'ABORTED':
      return 'no answer';
    default:
      return `${code}: ${error.message} ${error.serverMessage ?? ''} ${error.stack ?? ''}`;
  }
}

export async function everyMethod(button: HTMLButtonElement): Promise<string[]> {
  const controller = new AbortController();
  const call = { signal: controller.signal, timeoutMs: 5_000 };

  const component: ComponentAccounts = await client.getComponentAccounts('appmixer.slack.list.SendChannelMessage', {
    componentId: 'e25dc901-f92a-46a2-8d29-2573d4ad65e5',
    ...call,
  });
  const first: ComponentAccount | undefined = Object.values(component.auth.accounts)[0];
  const accounts: Account[] = await client.listAccounts({ filter: ['service:appmixer:slack'], ...call });
  const single: Account[] = await client.listAccounts({ filter: 'service:!appmixer:aws' });
  const all: Account[] = await client.listAccounts();
  const renamed: void = await client.renameAccount(accounts[0].accountId, 'Team Slack', call);
  const tested: TestResult = await client.testAccount('5a6e21f3b266224186ac7d03');
  const removed: RemovedAccount = await client.removeAccount('5a7313abb3a60729efe76f1e', call);
  const flows: AccountFlow[] = await client.listAccountFlows('5a6e21f3b266224186ac7d03');
  const ticket: AuthTicket = await client.createAuthTicket(call);
  const url: AuthUrl = await client.getAuthUrl('appmixer.slack.list.SendChannelMessage', ticket.ticket, { componentId: 'c' });
  const session: AuthSession = await client.startAuthSession('appmixer.slack.list.SendChannelMessage', ticket.ticket);
  const status: AuthStatus = await client.getAuthStatus(ticket.ticket, call);
  const cleared: ClearedComponent = await client.clearComponentAccount('e25dc901-f92a-46a2-8d29-2573d4ad65e5');
  const assigned: Assignment = await client.assignAccount('e25dc901-f92a-46a2-8d29-2573d4ad65e5', '5a6e21f3b266224186ac7d03', call);

  const popup = window.open('', '_blank', 'popup');
  let connected: ConnectedAccount | undefined;
  try {
    connected = await client.connectAccount('appmixer.slack.list.SendChannelMessage', {
      componentId: 'e25dc901-f92a-46a2-8d29-2573d4ad65e5',
      popup: popup ?? undefined,
      signal: controller.signal,
      timeoutMs: 60_000,
      windowFeatures: 'popup,width=500,height=600',
    });
  } catch (error) {
    button.textContent = describe(error);
  }

  return [
    first?.accountId ?? '',
    String(single.length + all.length),
    String(renamed),
    Object.keys(tested).join(','),
    removed.accountId,
    flows.map((flow) => flow.flowId).join(','),
    url.authUrl,
    session.service,
    String(status.finished),
    status.accountId ?? '',
    cleared.componentId,
    assigned.componentId,
    connected?.tokenId ?? '',
    connected?.componentId ?? '',
  ];
}
