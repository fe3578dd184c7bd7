// How every adapter reports a platform's refusal of a task write: not an outage (retrying will
// not help) but the input, named with the platform and the unit.
import { ErrorCode, graphError } from '../../lib/errors';

export function writeRejected(platform: string, unitCode: string, message: string) {
  return graphError(ErrorCode.PLATFORM_REJECTED, `The ${platform} platform refused the write for unit ${unitCode}: ${message}`, { platform, unitCode });
}

export function taskNotFound(platform: string, unitCode: string, message: string) {
  return graphError(ErrorCode.NOT_FOUND, `The ${platform} platform knows no such task of unit ${unitCode}: ${message}`, { platform, unitCode });
}
