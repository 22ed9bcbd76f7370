// The API token lives in this tab's sessionStorage only: closing the tab forgets it.

const KEY = 'fleet-telemetry.api-token';

export function getToken() {
  return sessionStorage.getItem(KEY);
}

export function setToken(token) {
  sessionStorage.setItem(KEY, token);
}

export function clearToken() {
  sessionStorage.removeItem(KEY);
}
