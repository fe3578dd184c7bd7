// "Today" for rules about calendar days (a plan whose period has ended, a merge into the past):
// the day in China (Asia/Shanghai, UTC+8 all year), whatever the server's time zone. A process
// has one clock: the real one, or one pinned to a day (OFFICE_TODAY, tests), so such rules can be
// exercised on any date. Instants (a seal's deadlines, timestamps of records) stay on real time.
import { chinaDay, isIsoDay } from './workdays';

export interface Clock {
  /** Today in China, YYYY-MM-DD. */
  today(): string;
}

export const realClock: Clock = { today: () => chinaDay(new Date()) };

/** A clock that says the same day until it is set to another. */
export class PinnedClock implements Clock {
  private day: string;

  constructor(day: string) {
    this.day = PinnedClock.checked(day);
  }

  today(): string {
    return this.day;
  }

  set(day: string): void {
    this.day = PinnedClock.checked(day);
  }

  private static checked(day: string): string {
    if (!isIsoDay(day)) throw new Error(`A pinned day must be YYYY-MM-DD, got "${day}"`);
    return day;
  }
}

/** The real clock, or one pinned to `day` when given. */
export function clockFor(day?: string): Clock {
  return day ? new PinnedClock(day) : realClock;
}
