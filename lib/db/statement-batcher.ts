/**
 * Runs many callers' requests as few statements (group commit): the first request goes out at
 * once, and those that arrive while it is on its way go out together in the next statement. An
 * idle process waits for nothing; a busy one sends one statement, one commit and one round trip
 * for a whole batch, where each request's own statement cost Postgres its planning, executor
 * start and commit, and the worker its round trip.
 *
 * `run` answers each request of a batch, in order. If a batch of more than one fails (for
 * instance a deadlock with another writer that took the same rows in another order), each of its
 * requests is run again alone, so one bad request fails only itself and none is lost or run twice
 * (the failed statement changed nothing). A request with the same `key` as one already in the
 * next batch waits for the batch after it, so a batch never names a row twice.
 */
export type StatementBatcher<Req, Res> = (request: Req) => Promise<Res>;

type Pending<Req, Res> = { request: Req; resolve: (value: Res) => void; reject: (error: unknown) => void };

export function statementBatcher<Req, Res>(
  run: (requests: Req[]) => Promise<Res[]>,
  options: { key: (request: Req) => string; maxBatch: number },
): StatementBatcher<Req, Res> {
  let waiting: Pending<Req, Res>[] = [];
  let inFlight = false;

  const settle = async (batch: Pending<Req, Res>[]) => {
    try {
      const results = await run(batch.map((p) => p.request));
      if (results.length !== batch.length)
        throw new Error(`a batch of ${batch.length} requests got ${results.length} answers`);
      for (const [i, p] of batch.entries()) p.resolve(results[i] as Res);
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      for (const p of batch) await settle([p]);
    }
  };

  const flush = async () => {
    inFlight = true;
    while (waiting.length > 0) {
      const batch: Pending<Req, Res>[] = [];
      const keys = new Set<string>();
      const later: Pending<Req, Res>[] = [];
      for (const pending of waiting) {
        const key = options.key(pending.request);
        if (batch.length < options.maxBatch && !keys.has(key)) {
          keys.add(key);
          batch.push(pending);
        } else later.push(pending);
      }
      waiting = later;
      await settle(batch);
    }
    inFlight = false;
  };

  return (request) =>
    new Promise<Res>((resolve, reject) => {
      waiting.push({ request, resolve, reject });
      if (!inFlight) void flush();
    });
}

/**
 * One statementBatcher per owner (a process's statement runner): requests made through the same
 * runner share statements, and a test that gives a run a runner of its own gets batches of its own,
 * as a separate process would.
 */
export function statementBatcherPer<Owner extends object, Req, Res>(
  run: (owner: Owner, requests: Req[]) => Promise<Res[]>,
  options: { key: (request: Req) => string; maxBatch: number },
): (owner: Owner, request: Req) => Promise<Res> {
  const batchers = new WeakMap<Owner, StatementBatcher<Req, Res>>();
  return (owner, request) => {
    let batcher = batchers.get(owner);
    if (!batcher) {
      batcher = statementBatcher((requests: Req[]) => run(owner, requests), options);
      batchers.set(owner, batcher);
    }
    return batcher(request);
  };
}
