// Options are declared once, as strict zod schemas: a misspelt or ill-typed option of the client, of
// a call or of a wait is an InvalidInputError before anything is sent, naming the option it was
// likely meant to be. nock allows no request here, so anything sent would fail differently.
import { describe, expect, it } from 'vitest';
import { FlinkClient, InvalidInputError } from '../../src/index.js';
import { BASE, client, JOB } from '../support/nock.js';
import { caught } from '../support/unit-helpers.js';

describe('client options', () => {
  it.each([
    [{ timeout: 5_000 }, 'FlinkClient: unknown option "timeout" (did you mean "timeoutMs"?)'],
    [{ maxRetry: 3 }, 'FlinkClient: unknown option "maxRetry" (did you mean "maxRetries"?)'],
    [{ validateResponse: false }, 'FlinkClient: unknown option "validateResponse" (did you mean "validateResponses"?)'],
    [{ maxConnection: 4 }, 'FlinkClient: unknown option "maxConnection" (did you mean "maxConnections"?)'],
    [{ header: { a: 'b' } }, 'FlinkClient: unknown option "header" (did you mean "headers"?)'],
  ])('%o is refused with the option it was likely meant to be', async (extra, message) => {
    const err = await caught(() => new FlinkClient({ baseUrl: BASE, ...extra } as never));
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err.message).toContain(message);
    expect(err.message).toContain('known: baseUrl, timeoutMs, headers, signal, fetch, maxRetries, validateResponses, tls, maxConnections');
  });

  it('a misspelt required option is named as misspelt, not as missing', async () => {
    const err = await caught(() => new FlinkClient({ baseurl: BASE } as never));
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err.message).toMatch(/^FlinkClient: unknown option "baseurl" \(did you mean "baseUrl"\?\)/);
  });

  it.each([
    [{ timeoutMs: 0 }, 'FlinkClient: timeoutMs must be a positive whole number of milliseconds; got 0'],
    [{ timeoutMs: '5000' }, 'FlinkClient: timeoutMs must be a positive whole number of milliseconds; got "5000"'],
    [{ maxRetries: 1.5 }, 'FlinkClient: maxRetries must be a whole number ≥ 0; got 1.5'],
    [{ validateResponses: 'no' }, 'FlinkClient: validateResponses must be true or false; got "no"'],
    [{ maxConnections: 0 }, 'FlinkClient: maxConnections must be a positive whole number; got 0'],
    [{ signal: 'stop' }, 'FlinkClient: signal must be an AbortSignal; got "stop"'],
    [{ fetch: 'mine' }, 'FlinkClient: fetch must be a function; got "mine"'],
    [{ tls: { cafile: 'ca.pem' } }, 'FlinkClient: unknown option "cafile"'],
    [{ baseUrl: 8081 }, 'FlinkClient: baseUrl must be a URL or a non-empty list of URLs; got 8081'],
  ])('%o is refused naming the option and the value', async (extra, message) => {
    const err = await caught(() => new FlinkClient({ baseUrl: BASE, ...extra } as never));
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err.message).toContain(message);
  });

  it('a misspelt option far from any known one gets no guess', async () => {
    const err = await caught(() => new FlinkClient({ baseUrl: BASE, kubernetesNamespace: 'x' } as never));
    expect(err.message).toContain('unknown option "kubernetesNamespace"; known:');
    expect(err.message).not.toContain('did you mean');
  });
});

describe('request options', () => {
  it.each([
    [{ timeout: 5_000 }, 'unknown option "timeout" (did you mean "timeoutMs"?)'],
    [{ signl: AbortSignal.timeout(1_000) }, 'unknown option "signl" (did you mean "signal"?)'],
    [{ maxRetry: 0 }, 'unknown option "maxRetry" (did you mean "maxRetries"?)'],
    [{ timeoutMs: -1 }, 'timeoutMs must be a positive whole number of milliseconds; got -1'],
  ])('%o is refused before anything is sent', async (options, message) => {
    const err = await caught(() => client().jobs.get(JOB, options as never));
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err.message).toContain(`GET /jobs/${JOB}: ${message}`);
  });

  it('the typed request takes the request options beside params, query and body, and checks them the same way', async () => {
    const err = await caught(() => client().request('GET', '/jobs/{jobid}', { params: { jobid: JOB }, timeout: 5 } as never));
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err.message).toContain('unknown option "timeout" (did you mean "timeoutMs"?)');
  });
});

describe('wait options', () => {
  it.each([
    [{ timeout: 60_000 }, 'unknown option "timeout" (did you mean "timeoutMs"?)'],
    [{ onProgres: () => {} }, 'unknown option "onProgres" (did you mean "onProgress"?)'],
    [{ maxDelay: 5 }, 'unknown option "maxDelay" (did you mean "maxDelayMs"?)'],
  ])('%o is refused before the first poll', async (options, message) => {
    const err = await caught(() => client().jobs.waitForState(JOB, ['RUNNING'], options as never));
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err.message).toContain(message);
  });
});
