import { expect } from 'vitest';
import { PlatformError } from '../../lib/platform-http';

/** The PlatformError a platform call failed with (the test fails if it did not fail with one). */
export async function platformFailure(work: Promise<unknown>): Promise<PlatformError> {
  const error = await work.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(PlatformError);
  return error as PlatformError;
}

/** The call failed with a PlatformError of `platform` with this code, its message matching `text` when given. */
export async function expectPlatformError(work: Promise<unknown>, platform: string, code: string, text?: RegExp): Promise<void> {
  const error = await platformFailure(work);
  expect(error.code).toBe(code);
  expect(error.platform).toBe(platform);
  if (text) expect(error.message).toMatch(text);
}
