import { describe, expect, it } from "vitest";
import { statementBatcher } from "./statement-batcher";

/** A `run` whose batches are recorded and answered when the test says so. */
function controlledRun() {
  const batches: string[][] = [];
  const open: { requests: string[]; answer: (fail?: (r: string) => boolean) => void }[] = [];
  const run = (requests: string[]) =>
    new Promise<string[]>((resolve, reject) => {
      batches.push(requests);
      open.push({
        requests,
        answer: (fail) => {
          const bad = fail ? requests.filter(fail) : [];
          if (bad.length > 0) reject(new Error(`refused ${bad.join(",")}`));
          else resolve(requests.map((r) => `done:${r}`));
        },
      });
    });
  /** Answers the oldest batch still open, once it has been sent. */
  const answerNext = async (fail?: (r: string) => boolean) => {
    await until(() => open.length > 0);
    open.shift()?.answer(fail);
  };
  return { run, batches, answerNext };
}

async function until(condition: () => boolean) {
  for (let i = 0; i < 1_000 && !condition(); i++) await new Promise((resolve) => setImmediate(resolve));
  if (!condition()) throw new Error("condition not met");
}

const byName = (r: string) => r.split("#")[0] ?? r;

describe("statementBatcher", () => {
  it("sends the first request at once and those that arrive meanwhile as one batch, answering each its own", async () => {
    const { run, batches, answerNext } = controlledRun();
    const send = statementBatcher(run, { key: byName, maxBatch: 10 });
    const first = send("a");
    expect(batches).toEqual([["a"]]);
    const rest = ["b", "c", "d"].map(send);
    await answerNext();
    await answerNext();
    expect(await first).toBe("done:a");
    expect(await Promise.all(rest)).toEqual(["done:b", "done:c", "done:d"]);
    expect(batches).toEqual([["a"], ["b", "c", "d"]]);
  });

  it("splits at maxBatch and keeps a second request for the same key to the batch after", async () => {
    const { run, batches, answerNext } = controlledRun();
    const send = statementBatcher(run, { key: byName, maxBatch: 2 });
    const all = [send("a"), send("b"), send("b#again"), send("c"), send("d")];
    for (let i = 0; i < 3; i++) await answerNext();
    expect(await Promise.all(all)).toEqual(["done:a", "done:b", "done:b#again", "done:c", "done:d"]);
    expect(batches).toEqual([["a"], ["b", "c"], ["b#again", "d"]]);
  });

  it("runs a failed batch's requests again alone: only the bad one fails, none runs twice", async () => {
    const { run, batches, answerNext } = controlledRun();
    const send = statementBatcher(run, { key: byName, maxBatch: 10 });
    const first = send("a");
    const rest = ["b", "bad", "c"].map((r) => send(r).catch((error: Error) => error.message));
    await answerNext();
    await answerNext((r) => r === "bad");
    for (let i = 0; i < 3; i++) await answerNext((r) => r === "bad");
    expect(await first).toBe("done:a");
    expect(await Promise.all(rest)).toEqual(["done:b", "refused bad", "done:c"]);
    expect(batches).toEqual([["a"], ["b", "bad", "c"], ["b"], ["bad"], ["c"]]);
  });

  it("treats an answer of the wrong length as a failed batch", async () => {
    const batches: string[][] = [];
    const send = statementBatcher(
      async (requests: string[]) => {
        batches.push(requests);
        return requests.length > 1 ? ["only one"] : [`done:${requests[0]}`];
      },
      { key: byName, maxBatch: 10 },
    );
    const first = send("a");
    const rest = [send("b"), send("c")];
    expect(await Promise.all([first, ...rest])).toEqual(["done:a", "done:b", "done:c"]);
    expect(batches).toEqual([["a"], ["b", "c"], ["b"], ["c"]]);
  });
});
