// The error class every rejection of the SDK uses. It lives in JavaScript
// so that it is a real `Error` subclass: `instanceof`, `name` and `stack`
// behave as for any built-in error.
export class AppmixerError extends Error {
  constructor(code, message, status, serverMessage, cause) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'AppmixerError';
    this.code = code;
    this.status = status === undefined || status === null ? undefined : status;
    this.serverMessage =
      serverMessage === undefined || serverMessage === null ? undefined : serverMessage;
  }
}
