// The one way adapters report a platform answer they cannot decode.
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../lib/errors';
import { PlatformError, PlatformHttp, WireError } from '../lib/platform-http';

const http = new PlatformHttp({ platform: 'fire', baseUrl: 'http://127.0.0.1:9', timeoutMs: 100 });
const caught = (work: () => unknown): unknown => {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('did not throw');
};

describe('PlatformHttp.decode', () => {
  it('returns what decodes', () => expect(http.decode('items', () => 42)).toBe(42));

  it.each([
    ['a WireError', () => { throw new WireError('<Existed> is not Y/N'); }, /items: unexpected answer: <Existed> is not Y\/N/],
    ['a missing field', () => (undefined as unknown as { x: string }).x, /items: unexpected answer/],
  ])('turns %s into PLATFORM_UNAVAILABLE naming the platform', (_case, decode, message) => {
    const error = caught(() => http.decode('items', decode)) as PlatformError;
    expect(error).toBeInstanceOf(PlatformError);
    expect(error.code).toBe(ErrorCode.PLATFORM_UNAVAILABLE);
    expect(error.platform).toBe('fire');
    expect(error.message).toMatch(message);
  });

  it('passes errors that already carry a code through unchanged', () => {
    const refused = new GraphQLError('refused', { extensions: { code: ErrorCode.PLATFORM_REJECTED } });
    expect(caught(() => http.decode('write', () => { throw refused; }))).toBe(refused);
    const timeout = new PlatformError('fire', ErrorCode.PLATFORM_TIMEOUT, 'slow');
    expect(caught(() => http.decode('write', () => { throw timeout; }))).toBe(timeout);
  });
});
