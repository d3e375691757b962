// Small, bounded HTTP helpers for the benchmark's setup steps (seeding, cursor walk, checks).
// Load itself goes through autocannon; these are for the few hundred setup calls around it.
// Calls to Scout's API go through its SDK (`scoutClient`); the raw `request` remains for the
// baseline server and for the few checks that compare the exact bytes of an answer.
import { createScoutClient, type ScoutClient } from '@scout/client';

/** Every setup request gives up after this long, so a stuck server cannot hang the bench. */
const REQUEST_TIMEOUT_MS = 120_000;

/** A response read in full: status, headers and the raw body text. */
export interface TextResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** What a setup request sends: method, JSON body, timeout and the API key (if the route needs one). */
export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH';
  body?: unknown;
  timeoutMs?: number;
  /** Sent as `Authorization: Bearer <key>`; every `/v1` route needs one. */
  apiKey?: string;
}

/** The request headers that carry an API key, or none without one (autocannon and fetch alike). */
export function authHeaders(apiKey: string | undefined): Record<string, string> {
  return apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` };
}

/**
 * Sends one request to a loopback server and reads the whole body, with a hard timeout; throws
 * on non-loopback URLs so a misconfiguration can never send load elsewhere.
 */
export async function request(url: string, init: RequestOptions = {}): Promise<TextResponse> {
  assertLoopback(url);
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...authHeaders(init.apiKey),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.timeout(init.timeoutMs ?? REQUEST_TIMEOUT_MS),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/**
 * A JSON answer of an exact status, for bench set-up steps that send what the SDK's types do not
 * model (hand-built bodies); the measured load never goes through here.
 */
export async function requestJson<T>(
  url: string,
  expected: number,
  init: RequestOptions = {},
): Promise<T> {
  const response = await request(url, init);
  if (response.status !== expected) {
    throw new Error(
      `${init.method ?? 'GET'} ${url} answered ${response.status}, expected ${expected}: ` +
        response.text.slice(0, 500),
    );
  }
  return JSON.parse(response.text) as T;
}

/**
 * Scout's SDK for one api of the bench, as Scout's users call it: the key on every request, a
 * problem answer thrown as `ScoutProblemError`, and the bench's own bounds (loopback only, a
 * hard timeout per request).
 */
export function scoutClient(
  api: { url: string; apiKey?: string },
  timeoutMs = REQUEST_TIMEOUT_MS,
): ScoutClient {
  assertLoopback(api.url);
  return createScoutClient({
    baseUrl: api.url,
    apiKey: api.apiKey,
    fetch: (outgoing) => {
      assertLoopback(outgoing.url);
      return fetch(outgoing, { signal: AbortSignal.timeout(timeoutMs) });
    },
  });
}

/** Throws unless `url` points at 127.0.0.1 (the bench must never send traffic elsewhere). */
export function assertLoopback(url: string): void {
  const { hostname } = new URL(url);
  if (hostname !== '127.0.0.1') throw new Error(`refusing to send traffic to ${hostname}`);
}
