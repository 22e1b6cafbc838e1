// The Deckhand API as the console calls it: the bearer token from session storage on every call, the server's
// {"error": "..."} as the message of a failed call, and the token prompt again on a 401.

const TOKEN_KEY = 'deckhand.token';

/** The API's root: the console lives at {root}/console/, so behind an API Gateway stage the stage is kept. */
const API_ROOT = new URL('..', document.baseURI);

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value) {
  sessionStorage.setItem(TOKEN_KEY, value.trim().replace(/^Bearer\s+/i, ''));
}

export function forgetToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

let askForToken = async () => { throw new Error('no token prompt'); };

/** The page registers how to ask for a token (a dialog); it resolves once a token is stored. */
export function onTokenNeeded(prompt) {
  askForToken = prompt;
}

/**
 * Calls the API. Resolves to {status, data, headers}; rejects with an ApiError carrying the server's error message.
 * A 401 forgets the token, asks for a new one, and retries once.
 */
export async function call(method, path, body, retried = false) {
  if (!token()) {
    await askForToken('Deckhand needs a bearer token.');
  }
  const headers = { Authorization: `Bearer ${token()}`, Accept: 'application/json' };
  const init = { method, headers };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(new URL(path.replace(/^\//, ''), API_ROOT), init);
  } catch (e) {
    throw new ApiError(0, `Deckhand is unreachable: ${e.message}`);
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (response.status === 401 && !retried) {
    forgetToken();
    await askForToken(`The token was refused: ${errorText(data, response)}. Paste another one.`);
    return call(method, path, body, true);
  }
  if (!response.ok) {
    throw new ApiError(response.status, errorText(data, response), data);
  }
  return { status: response.status, data, headers: response.headers };
}

function errorText(data, response) {
  let message = data && typeof data === 'object' && data.error ? data.error : `${response.status} ${response.statusText}`;
  // The services routes keep seed 001's terse "Bad Request" body and name the reason in a header.
  const detail = response.headers.get('Deckhand-Error-Detail');
  if (detail) {
    message += `: ${detail}`;
  }
  return message;
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body);
export const put = (path, body) => call('PUT', path, body);
export const del = (path) => call('DELETE', path);
