// Leases: background work of the office that must run once at a time however many office
// replicas share the database (the dispatch retry pass, one unit's dispatch, a round of the
// visit index). On PostgreSQL a lease is a session-level advisory lock held on a connection of
// its own for the duration of the work: no table to keep, no expiry to tune, and a holder that
// dies (SIGKILL, a lost node) loses its connection and with it the lease, so another replica
// takes over at once. Chosen over a job library: the work is a pass over state already in this
// database (not queued jobs), so a job queue would add a second copy of that state (BullMQ's in
// Redis) or a Node 22 dependency (pg-boss 11). On the embedded database (one process owns its
// folder) a lease is an in-process mutex.
import pg from 'pg';

export type LeaseOutcome<T> = { ran: true; value: T } | { ran: false };

export interface Leases {
  /** Runs `work` holding the lease `name`, waiting for it while another holder has it. */
  hold<T>(name: string, work: () => Promise<T>): Promise<T>;
  /** Runs `work` holding `name` if nobody holds it now; `{ ran: false }` otherwise (the other holder does the work). */
  tryHold<T>(name: string, work: () => Promise<T>): Promise<LeaseOutcome<T>>;
  close(): Promise<void>;
}

/** One process: a mutex per lease name. */
export class LocalLeases implements Leases {
  private readonly held = new Map<string, Promise<unknown>>();

  async hold<T>(name: string, work: () => Promise<T>): Promise<T> {
    for (let current = this.held.get(name); current; current = this.held.get(name)) await current.catch(() => undefined);
    return this.run(name, work);
  }

  async tryHold<T>(name: string, work: () => Promise<T>): Promise<LeaseOutcome<T>> {
    if (this.held.has(name)) return { ran: false };
    return { ran: true, value: await this.run(name, work) };
  }

  private run<T>(name: string, work: () => Promise<T>): Promise<T> {
    const running = work().finally(() => this.held.delete(name));
    this.held.set(name, running);
    return running;
  }

  async close(): Promise<void> {}
}

/**
 * PostgreSQL advisory locks, keyed by a 64-bit hash of `<schema>/<name>` (stores in other
 * schemas of the same server, e.g. parallel test runs, never contend). Within one process the
 * same name is also serialised locally: advisory locks are re-entrant per session, not per call.
 */
export class PgLeases implements Leases {
  private readonly pool: pg.Pool;
  private readonly local = new LocalLeases();

  constructor(databaseUrl: string, private readonly schema: string, maxHeld = 4) {
    // keepAlive: a holder on a machine that vanished is noticed by the server's TCP keepalive.
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: maxHeld, keepAlive: true });
    this.pool.on('error', () => undefined);
  }

  hold<T>(name: string, work: () => Promise<T>): Promise<T> {
    return this.local.hold(name, () => this.withLock(name, true, work).then((outcome) => (outcome as { value: T }).value));
  }

  async tryHold<T>(name: string, work: () => Promise<T>): Promise<LeaseOutcome<T>> {
    const outcome = await this.local.tryHold(name, () => this.withLock(name, false, work));
    return outcome.ran ? outcome.value : outcome;
  }

  private async withLock<T>(name: string, wait: boolean, work: () => Promise<T>): Promise<LeaseOutcome<T>> {
    const client = await this.pool.connect();
    const key = `${this.schema}/${name}`;
    let broken: Error | undefined;
    try {
      if (wait) {
        await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [key]);
      } else {
        const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [key]);
        if (!rows[0].locked) return { ran: false };
      }
      try {
        return { ran: true, value: await work() };
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]).catch((error: Error) => {
          // The session is gone or unusable: destroying it releases whatever it held.
          broken = error;
        });
      }
    } finally {
      client.release(broken);
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
