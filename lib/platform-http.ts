// HTTP calls from a subgraph to the agency platform it wraps. Every call is bounded in time
// and every failure becomes a PlatformError with a stable code, so one slow or broken
// platform turns into an error on its own fields instead of a hung query. Every call is timed
// and its failures counted per platform (lib/metrics.ts), and carries the request id.
import { GraphQLError } from 'graphql';
import { ErrorCode, graphError } from './errors';
import { currentRequestId, REQUEST_ID_HEADER } from './log';
import { platformCallDuration, platformCallErrors } from './metrics';

export class PlatformError extends Error {
  constructor(
    readonly platform: string,
    readonly code: typeof ErrorCode.PLATFORM_UNAVAILABLE | typeof ErrorCode.PLATFORM_TIMEOUT | typeof ErrorCode.CURSOR_EXPIRED,
    message: string,
    /** The member unit whose data could not be had, when known. */
    readonly unitCode?: string,
  ) {
    super(message);
  }

  /** The same failure, naming the unit it cost. */
  forUnit(unitCode: string): PlatformError {
    return new PlatformError(this.platform, this.code, this.message, unitCode);
  }

  /** Extensions of the GraphQL error this failure becomes. */
  extensions(): Record<string, unknown> {
    return { code: this.code, platform: this.platform, ...(this.unitCode ? { unitCode: this.unitCode } : {}) };
  }

  toGraphQLError() {
    return graphError(this.code, this.message, this.extensions());
  }
}

/** A platform answer without the shape its interface promises; thrown by the adapters' wire mappings. */
export class WireError extends Error {}

export interface PlatformHttpOptions {
  /** Name used in errors, e.g. `provincial`. */
  platform: string;
  baseUrl: string;
  /** Upper bound for one call, in milliseconds. */
  timeoutMs: number;
  /** Headers sent on every call (API keys and the like). */
  headers?: Record<string, string>;
}

export interface PlatformHttpResponse {
  status: number;
  body: string;
}

/** A minimal HTTP client for one platform: returns status and body, throws PlatformError. */
export class PlatformHttp {
  constructor(readonly options: PlatformHttpOptions) {}

  async request(method: string, path: string, body?: string, contentType = 'application/json'): Promise<PlatformHttpResponse> {
    const { platform, baseUrl, timeoutMs, headers } = this.options;
    const requestId = currentRequestId();
    const stopTimer = platformCallDuration.startTimer({ platform });
    try {
      const response = await fetch(new URL(path, baseUrl), {
        method,
        headers: { ...headers, ...(body === undefined ? {} : { 'content-type': contentType }), ...(requestId ? { [REQUEST_ID_HEADER]: requestId } : {}) },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (response.status >= 500) platformCallErrors.inc({ platform, reason: 'http_5xx' });
      return { status: response.status, body: await response.text() };
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        platformCallErrors.inc({ platform, reason: 'timeout' });
        throw new PlatformError(platform, ErrorCode.PLATFORM_TIMEOUT, `The ${platform} platform did not answer within ${timeoutMs} ms`);
      }
      platformCallErrors.inc({ platform, reason: 'unreachable' });
      throw new PlatformError(platform, ErrorCode.PLATFORM_UNAVAILABLE, `The ${platform} platform is unreachable: ${(error as Error).message}`);
    } finally {
      stopTimer();
    }
  }

  /**
   * Decodes a platform answer. Whatever goes wrong while decoding it (a WireError from the
   * mapping, or a field missing altogether) is the answer's fault: PLATFORM_UNAVAILABLE naming
   * what was decoded. An error that already carries a stable code (a PlatformError, or a
   * GraphQL error such as a refused write) passes through as it is.
   */
  decode<T>(what: string, decode: () => T): T {
    try {
      return decode();
    } catch (error) {
      if (error instanceof PlatformError || error instanceof GraphQLError) throw error;
      return this.fail(`${what}: unexpected answer: ${(error as Error).message}`);
    }
  }

  /** Fails with CURSOR_EXPIRED: the platform refused a change-feed cursor; the reader starts over. */
  cursorExpired(message: string): never {
    const { platform } = this.options;
    platformCallErrors.inc({ platform, reason: 'cursor_expired' });
    throw new PlatformError(platform, ErrorCode.CURSOR_EXPIRED, `The ${platform} platform no longer knows this cursor (${message}); read the changes again from the beginning`);
  }

  /** Fails with PLATFORM_UNAVAILABLE, naming the platform and what it said. */
  fail(message: string): never {
    platformCallErrors.inc({ platform: this.options.platform, reason: 'bad_answer' });
    throw new PlatformError(this.options.platform, ErrorCode.PLATFORM_UNAVAILABLE, `The ${this.options.platform} platform failed: ${message}`);
  }
}
