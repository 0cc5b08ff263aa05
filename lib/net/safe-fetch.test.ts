import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { startTrickleServer } from "@/test/net/trickle-server";
import { FetchDeadlineError, safeFetch } from "./safe-fetch";

describe("safeFetch", () => {
  let base = "";
  const server = createServer((req, res) => {
    if (req.url === "/big") return void res.end(Buffer.alloc(10_000));
    if (req.url?.startsWith("/hop")) {
      const n = Number(req.url.slice(4));
      return void res.writeHead(302, { location: n > 0 ? `/hop${n - 1}` : "/ok" }).end();
    }
    if (req.url === "/to-metadata") {
      return void res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data" }).end();
    }
    if (req.url === "/to-localhost") {
      const port = (server.address() as AddressInfo).port;
      return void res.writeHead(302, { location: `http://[::1]:${port}/ok` }).end();
    }
    res.end("ok");
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const options = { allowPrivate: true, maxBytes: 1_000, timeoutMs: 2_000, deadlineMs: 5_000 };
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => "allowed",
      (error: unknown) => (isAppError(error, "INVALID_INPUT") ? error.message : String(error)),
    );

  it("refuses loopback, private and link-local hosts, by literal or by name, without connecting", async () => {
    const strict = { ...options, allowPrivate: false };
    expect(await refusal(safeFetch(`${base}/ok`, strict))).toMatch(/private or reserved/);
    expect(await refusal(safeFetch("http://localhost:1/x", strict))).toMatch(/private or reserved/);
    expect(await refusal(safeFetch("http://[::ffff:10.0.0.1]/x", strict))).toMatch(/private or reserved/);
    expect(await refusal(safeFetch("file:///etc/passwd", strict))).toMatch(/Only http and https/);
  });

  it("follows at most three redirects and stops reading at the size limit", async () => {
    expect((await safeFetch(`${base}/hop2`, options)).body.toString()).toBe("ok");
    expect(await refusal(safeFetch(`${base}/hop5`, options))).toMatch(/redirects more than 3 times/);
    expect(await refusal(safeFetch(`${base}/big`, options))).toMatch(/more than 1000 bytes/);
  });

  it("checks every redirect hop again: a public first hop cannot lead into private addresses", async () => {
    // Stand-in for a public origin: only this server's address passes the policy.
    const onlyThisServer = {
      ...options,
      allowPrivate: false,
      addressAllowed: (a: string) => a === "127.0.0.1",
    };
    expect((await safeFetch(`${base}/ok`, onlyThisServer)).body.toString()).toBe("ok");
    expect(await refusal(safeFetch(`${base}/to-metadata`, onlyThisServer))).toMatch(/private or reserved/);
    expect(await refusal(safeFetch(`${base}/to-localhost`, onlyThisServer))).toMatch(/private or reserved/);
  });

  it("gives up at the deadline on a source that trickles, though it is never idle long enough to time out", async () => {
    const slow = await startTrickleServer({ body: Buffer.alloc(40, 1), slices: 40, everyMs: 150 });
    try {
      const started = Date.now();
      const outcome = await safeFetch(slow.url, { ...options, deadlineMs: 1_500 }).catch((e: unknown) => e);
      const elapsed = Date.now() - started;
      expect(outcome).toBeInstanceOf(FetchDeadlineError);
      expect((outcome as Error).message).toBe(
        `${new URL(slow.url).host} did not send its whole answer within 1.5 s.`,
      );
      // Answered at the deadline, well before the 6 s the trickle takes, and the download was cut.
      expect(elapsed).toBeGreaterThanOrEqual(1_400);
      expect(elapsed).toBeLessThan(slow.totalMs - 2_000);
      expect(slow.state.finished).toBe(0);
    } finally {
      await slow.close();
    }
  });
});
