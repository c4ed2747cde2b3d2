// Deliberate misuses. Each line marked `expect-error` must fail to compile;
// scripts/check-types.sh checks that tsc reports an error on each of them.
import { AppmixerAccounts, AppmixerError } from 'appmixer-accounts';

const client = new AppmixerAccounts({ baseUrl: 'https://api.example.com', accessToken: 't' });

client.testAccount(42); // expect-error: an account id is a string
client.listAccounts({ filter: 7 }); // expect-error: a filter is a string or string[]
client.renameAccount('id'); // expect-error: displayName is required
new AppmixerAccounts({ accessToken: 't' }); // expect-error: baseUrl is required
client.connectAccount('type', { timeoutMs: '60s' }); // expect-error: timeoutMs is a number
export function wrongCode(error: AppmixerError): boolean {
  return error.code === 'NOT_A_CODE'; // expect-error: not an AppmixerErrorCode
}
export async function wrongResult(): Promise<number> {
  const accounts = await client.listAccounts();
  return accounts[0].accountId; // expect-error: accountId is a string
}
