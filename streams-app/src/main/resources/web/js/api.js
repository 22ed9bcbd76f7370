// GETs on the query API with the bearer token. Every outcome an operator must see is a distinct error type, so the
// page can say what happened: no or wrong token, the app rebalancing, an unknown key, the app out of reach.
import { getToken } from './token.js';

export class AuthError extends Error {}

export class UnavailableError extends Error {
  constructor(message, retryAfterSeconds) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export class NotFoundError extends Error {}

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export class UnreachableError extends Error {}

const TIMEOUT_MS = 20000;

/**
 * @returns {Promise<{body: any, servedBy: string|null, staleLag: number|null}>}
 */
export async function get(path) {
  const token = getToken();
  if (!token) {
    throw new AuthError('No API token has been given yet.');
  }
  let response;
  try {
    response = await fetch(path, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      cache: 'no-store',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (e) {
    throw new UnreachableError(e.name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : e.message);
  }
  const body = await readJson(response);
  const message = body && typeof body.message === 'string' ? body.message : `HTTP ${response.status}`;
  switch (response.status) {
    case 200:
      return {
        body,
        servedBy: response.headers.get('X-Fleet-Served-By'),
        staleLag: numberOrNull(response.headers.get('X-Fleet-Stale-Lag')),
      };
    case 401:
      throw new AuthError(message);
    case 404:
      throw new NotFoundError(message);
    case 503:
      throw new UnavailableError(message, numberOrNull(response.headers.get('Retry-After')) ?? 5);
    default:
      throw new ApiError(response.status, body && body.code, message);
  }
}

async function readJson(response) {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

function numberOrNull(raw) {
  const n = raw === null ? NaN : Number(raw);
  return Number.isFinite(n) ? n : null;
}

export class ForbiddenError extends Error {}

/**
 * A POST or DELETE on the actions API. Resolves with the JSON body (null for 204); a refusal is an error whose message
 * is the server's: 400 (ApiError), 403 (ForbiddenError), 404, 503 (the action was not recorded), 401.
 */
export async function send(method, path, body) {
  const token = getToken();
  if (!token) {
    throw new AuthError('No API token has been given yet.');
  }
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        Authorization: `Bearer ${token}`, Accept: 'application/json', 'Content-Type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (e) {
    throw new UnreachableError(e.name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : e.message);
  }
  const answer = response.status === 204 ? null : await readJson(response);
  const message = answer && typeof answer.message === 'string' ? answer.message : `HTTP ${response.status}`;
  if (response.ok) {
    return answer;
  }
  switch (response.status) {
    case 401:
      throw new AuthError(message);
    case 403:
      throw new ForbiddenError(message);
    case 404:
      throw new NotFoundError(message);
    case 503:
      throw new UnavailableError(message, numberOrNull(response.headers.get('Retry-After')) ?? 5);
    default:
      throw new ApiError(response.status, answer && answer.code, message);
  }
}

/**
 * Who the token is: {name, role, sites}. An instance without GET /api/v1/me (404) predates roles: every token is an
 * admin of every site there.
 */
export async function whoAmI() {
  try {
    return (await get('/api/v1/me')).body;
  } catch (e) {
    if (e instanceof NotFoundError || (e instanceof ApiError && e.status === 405)) {
      return { name: 'api-token', role: 'ADMIN', sites: ['*'] };
    }
    throw e;
  }
}
