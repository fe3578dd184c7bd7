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
