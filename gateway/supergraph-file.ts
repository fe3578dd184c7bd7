// The committed supergraph, served from a file and reloaded when the file changes (fs.watch,
// debounced) or on SIGHUP, through @apollo/gateway's supergraphSdl hook: requests in flight
// finish on the schema they started with. A file that does not parse or is not a valid
// supergraph is refused (the gateway throws from `update`): the old schema keeps serving.
import { readFileSync, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { SupergraphSdlHook } from '@apollo/gateway';
import { log } from '../lib/log';

export type ReloadOutcome = { status: 'loaded' } | { status: 'refused'; error: string };

/** Editors write a file in bursts (truncate, write, rename): wait for it to settle. */
const DEBOUNCE_MS = 150;

export function supergraphFromFile(path: string, onReload?: (outcome: ReloadOutcome) => void): SupergraphSdlHook {
  return async ({ update }) => {
    // The last content read, served or refused: the same content again is no change.
    let seen = readFileSync(path, 'utf8');
    let timer: NodeJS.Timeout | undefined;

    const reload = async () => {
      let sdl: string;
      try {
        sdl = await readFile(path, 'utf8');
      } catch (error) {
        return refused(`cannot read ${path}: ${(error as Error).message}`);
      }
      if (sdl === seen) return;
      seen = sdl;
      try {
        update(sdl);
      } catch (error) {
        return refused((error as Error).message);
      }
      log.info({ component: 'gateway', path }, 'supergraph reloaded');
      onReload?.({ status: 'loaded' });
    };
    const refused = (error: string) => {
      log.error({ component: 'gateway', path, error }, 'supergraph refused; the previous one keeps serving');
      onReload?.({ status: 'refused', error });
    };
    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void reload(), DEBOUNCE_MS);
    };

    // The folder is watched, not the file: an editor's save replaces the file (a new inode).
    const watcher = watch(dirname(path), (_event, file) => {
      if (file === basename(path)) schedule();
    });
    process.on('SIGHUP', schedule);
    return {
      supergraphSdl: seen,
      cleanup: async () => {
        clearTimeout(timer);
        watcher.close();
        process.off('SIGHUP', schedule);
      },
    };
  };
}
