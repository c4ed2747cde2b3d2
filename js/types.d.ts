/** Stable codes of {@link AppmixerError}. */
export type AppmixerErrorCode =
  | 'INVALID_ARGUMENT'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'RATE_LIMITED'
  | 'SERVER_ERROR'
  | 'HTTP_ERROR'
  | 'NETWORK'
  | 'INVALID_RESPONSE'
  | 'TIMEOUT'
  | 'ABORTED'
  | 'POPUP_BLOCKED'
  | 'POPUP_CLOSED'
  | 'AUTH_FAILED';

/**
 * The error every Promise of the SDK rejects with, and the constructor and
 * `setAccessToken` throw. Messages never contain the access token.
 */
export declare class AppmixerError extends Error {
  readonly name: 'AppmixerError';
  /** Stable code to branch on. */
  readonly code: AppmixerErrorCode;
  /** HTTP status, when a response arrived. */
  readonly status?: number;
  /** The server's own message: Boom `message`, or a short excerpt of a non-JSON body. */
  readonly serverMessage?: string;
}

/** Options of `new AppmixerAccounts()`. */
export interface AppmixerAccountsOptions {
  /** API root, such as `"https://api.appmixer.com"`; may carry a path prefix, with or without a trailing slash. */
  baseUrl: string;
  /** Appmixer user access token (JWT), sent as `Authorization: Bearer`. Can be set later with `setAccessToken`. */
  accessToken?: string;
  /** Deadline of each call, retries included, in milliseconds. @default 30000 */
  timeoutMs?: number;
  /** Repeats of a retry-safe request after a network error or HTTP 408, 429, 500, 502, 503 or 504; 0 switches retrying off. @default 2 */
  retries?: number;
  /** First backoff delay in milliseconds; doubles per repeat, with jitter. @default 200 */
  retryBaseDelayMs?: number;
  /** Maximum wait before a repeat, in milliseconds. A `Retry-After` beyond it ends the retries. @default 10000 */
  retryMaxDelayMs?: number;
  /**
   * Called once on HTTP 401 (shared by concurrent 401s); resolves with a new
   * access token, or null to give up. The request is then repeated once.
   */
  onUnauthorized?: () => string | null | Promise<string | null>;
  /** Origins allowed to post the sign-in result. @default the origin of `baseUrl` */
  authOrigin?: string | string[];
  /** Logs requests, retries and errors with `console.debug`. @default false */
  debug?: boolean;
}

/** Per-call options accepted by every method. */
export interface CallOptions {
  /** Aborts the call; the Promise rejects with `ABORTED`. */
  signal?: AbortSignal;
  /** Deadline of this call in milliseconds, retries included. @default the client's `timeoutMs` */
  timeoutMs?: number;
}

/** Options of calls about one component. */
export interface ComponentOptions extends CallOptions {
  /** The Designer component (a UUID). */
  componentId?: string;
}

/** Options of `listAccounts`. */
export interface ListAccountsOptions extends CallOptions {
  /** One or more filters, each sent as a `filter` query parameter: `"service:appmixer:slack"`, `"service:!appmixer:aws"`. */
  filter?: string | string[];
}

/** One account of `GET /accounts`. */
export interface Account {
  accountId: string;
  name?: string | null;
  displayName?: string | null;
  /** Service id, such as `"appmixer:slack"`. */
  service: string;
  userId?: string | null;
  /** Free-form profile data from the third-party service. */
  profileInfo?: Record<string, unknown> | null;
  /** Data URL of the service icon. */
  icon?: string | null;
  label?: string | null;
  [field: string]: unknown;
}

/** One account of `GET /auth/:componentType`. */
export interface ComponentAccount {
  accountId: string;
  tokenId?: string | null;
  accessTokenValid?: boolean | null;
  componentAssigned?: boolean | null;
  componentId?: string | null;
  scopeValid?: boolean | null;
  authorizedScope?: string[] | null;
  name?: string | null;
  displayName?: string | null;
  [field: string]: unknown;
}

/** `GET /auth/:componentType`, unchanged: accounts are keyed by account id. */
export interface ComponentAccounts {
  componentType: string;
  auth: { accounts: Record<string, ComponentAccount> };
  [field: string]: unknown;
}

/** One flow of `GET /accounts/:accountId/flows`. */
export interface AccountFlow {
  flowId: string;
  name?: string | null;
  [field: string]: unknown;
}

/** Map from token id to `"valid"` or the reason the token failed. */
export type TestResult = Record<string, string>;

/** `DELETE /accounts/:accountId`. */
export interface RemovedAccount {
  accountId: string;
}

/** `POST /auth/ticket`. */
export interface AuthTicket {
  /** `<userId>:<uuid>`. */
  ticket: string;
}

/** `GET /auth/:componentType/auth-url/:ticket`. */
export interface AuthUrl {
  authUrl: string;
}

/** `PUT /auth/:componentType/ticket/:ticket`. */
export interface AuthSession {
  /** Service id, such as `"appmixer:slack"`. */
  service: string;
}

/** `GET /auth/status/:ticket`: the server's record of a sign-in session. */
export interface AuthStatus {
  accountId?: string | null;
  tokenId?: string | null;
  finished: boolean;
  /** ISO 8601 time of the last change. */
  updatedAt?: string | null;
  /** The reason the flow failed, once finished. */
  error?: string | null;
}

/** `DELETE /auth/component/:componentId`. */
export interface ClearedComponent {
  componentId: string;
}

/** `PUT /auth/component/:componentId/:accountId`. */
export interface Assignment {
  accountId: string;
  componentId: string;
}

/** Options of `connectAccount`. */
export interface ConnectOptions {
  /** Component to assign the new account to. */
  componentId?: string;
  /** A window the caller opened itself (in its click handler); the SDK then never calls `window.open`. */
  popup?: Window;
  /** Aborts the flow: rejects with `ABORTED` and closes the popup. */
  signal?: AbortSignal;
  /** Deadline of the whole flow in milliseconds; rejects with `TIMEOUT` and closes the popup. @default 300000 */
  timeoutMs?: number;
  /** Third argument of `window.open`. @default "popup,width=600,height=700", centred on the current window */
  windowFeatures?: string;
}

/** The result of `connectAccount`. */
export interface ConnectedAccount {
  accountId: string;
  tokenId: string;
  componentType: string;
  /** Present when `componentId` was given; the account is then assigned to it. */
  componentId?: string;
}
