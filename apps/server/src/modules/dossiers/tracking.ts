// Public tracking look-ups, batched. Under load many look-ups arrive in the same turn of the event
// loop; each used to cost its own PostgreSQL round trip — a query written to a socket, a backend
// woken to run it, an answer read back — and on the 2-core machine those round trips, more than
// the query itself, bounded the route (docs/BENCHMARKS.md: 13% of the bare handler with one round
// trip per look-up, 22–24% batched). DataLoader gathers the codes asked for while the turn's I/O is
// handled and reads them after it (setImmediate) in one call of dossier_tracking_many. It does not
// cache: every answer is read from the database after it was asked for, so a change of status
// shows at once.
import DataLoader from 'dataloader';
import type { Database } from '../../platform/db.ts';
import * as repo from './repo.ts';

/** Codes per call at most; a turn with more makes several calls. */
const MAX_BATCH = 100;

// One loader per database handle (the server has one; tests open several).
const loaders = new WeakMap<Database, DataLoader<string, repo.TrackingRow | undefined>>();

function loaderFor(db: Database) {
  let loader = loaders.get(db);
  if (!loader) {
    loader = new DataLoader<string, repo.TrackingRow | undefined>(
      async (codes) => {
        const rows = await repo.trackingViews(db, codes);
        const byCode = new Map(rows.map((r) => [r.code, r]));
        return codes.map((c) => byCode.get(c));
      },
      { cache: false, maxBatchSize: MAX_BATCH, batchScheduleFn: (dispatch) => setImmediate(dispatch) },
    );
    loaders.set(db, loader);
  }
  return loader;
}

/** The dossier as public tracking shows it, or undefined when no dossier has this code. */
export function trackingView(db: Database, code: string): Promise<repo.TrackingRow | undefined> {
  return loaderFor(db).load(code);
}
