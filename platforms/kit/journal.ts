// What a platform stand-in keeps across restarts: its data is generated again from the seed at
// every start, and every write made since (tasks created, cancelled, checked in, results,
// follow-ups, publications) is appended to a journal, one JSON line per record as it stands
// after the write, and applied again at start. Why a journal file: the generated data is
// deterministic, so the writes are the only state there is; an append-only file is the least
// that keeps them (no schema, no server, readable with `cat`), and a platform's writes are
// few (people checking in and recording results), so a synchronous append per write costs nothing.
// The first line names the dataset the writes were made on: a store of another DATA_SCALE or
// DATA_SEED is refused, since its task ids and businesses would not be this dataset's.
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FollowUp, Publication, Result, Task } from '../data/model';

export type JournalEntry =
  | { unit: string; kind: 'task'; task: Task; /** externalKey of a created task. */ key?: string }
  | { unit: string; kind: 'result'; result: Result }
  | { unit: string; kind: 'followUp'; followUp: FollowUp }
  | { unit: string; kind: 'publication'; publication: Publication };

export interface JournalHeader {
  platform: string;
  scale: string;
  seed: number;
}

/** The command that removes the platforms' stores (README: "Data that survives a restart"). */
export const RESET_COMMAND = 'npm run reset-data';

export class JournalMismatch extends Error {
  override name = 'JournalMismatch';
}

export interface Journal {
  /** Entries written by earlier runs, oldest first. */
  readonly entries: readonly JournalEntry[];
  append(entry: JournalEntry): void;
}

/** A journal kept only in memory: nothing survives (the stand-ins without a data folder). */
export function memoryJournal(): Journal {
  return { entries: [], append: () => undefined };
}

/** Opens (or creates) `<dir>/<platform>.jsonl`; refuses one written for another dataset. */
export function openJournal(dir: string, header: JournalHeader): Journal {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${header.platform}.jsonl`);
  const expected = JSON.stringify(header);
  if (!existsSync(file)) writeFileSync(file, `${expected}\n`);
  const text = readFileSync(file, 'utf8');
  // A crash mid-write may leave the last line without its end: start the next write on a line of its own.
  if (!text.endsWith('\n')) appendFileSync(file, '\n');
  const lines = text.split('\n');
  const stored = lines[0];
  if (stored !== expected) {
    const found = (() => {
      try {
        const parsed = JSON.parse(stored) as JournalHeader;
        return `DATA_SCALE=${parsed.scale} DATA_SEED=${parsed.seed}`;
      } catch {
        return 'an unreadable header';
      }
    })();
    throw new JournalMismatch(
      `The ${header.platform} platform's store ${file} holds writes made on ${found}, not DATA_SCALE=${header.scale} DATA_SEED=${header.seed}. ` +
        `Start with those settings again, or remove the stores with \`${RESET_COMMAND}\` (every task, result and publication written since is lost).`,
    );
  }
  const entries: JournalEntry[] = [];
  for (const line of lines.slice(1)) {
    // A line cut short by a crash mid-write held a write that never answered: skipped.
    if (line.trim() === '') continue;
    try {
      entries.push(JSON.parse(line) as JournalEntry);
    } catch {
      continue;
    }
  }
  return {
    entries,
    append: (entry) => appendFileSync(file, `${JSON.stringify(entry)}\n`),
  };
}
