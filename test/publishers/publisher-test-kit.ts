import { createHash } from "node:crypto";
import { afterEach, beforeEach, expect } from "vitest";
import type {
  CheckResult,
  FrameInput,
  PublisherAccount,
  PublisherEndpoints,
  StoryPublisher,
} from "@/lib/publishers/contract";
import {
  isPublisherError,
  type PublisherError,
  type PublisherErrorClass,
} from "@/lib/publishers/publisher-error";
import type { SimulatorOptionsInput } from "@/simulators/core/simulator-options";
import { startMediaServer } from "@/test/simulators/media-server";
import { startTestSimulator } from "@/test/simulators/sim-client";

/**
 * Test support for the publisher integration tests: a simulator and a media origin per test, the
 * endpoints that point the adapters at them, and a poll loop driven by the simulated clock.
 */
export async function startSandbox(options: SimulatorOptionsInput = {}) {
  const sim = await startTestSimulator(options);
  const media = await startMediaServer();
  const endpoints: PublisherEndpoints = {
    facebookGraph: `${sim.base}/facebook`,
    instagramGraph: `${sim.base}/instagram`,
    waha: `${sim.base}/waha`,
    apiVersion: "v25.0",
    timeoutMs: 5_000,
  };
  return {
    sim,
    media,
    endpoints,
    async close() {
      await Promise.all([sim.close(), media.close()]);
    },
  };
}

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

/**
 * A fresh sandbox for every test of the file (it registers the vitest hooks), reached through one
 * object whose `sim`, `media` and `endpoints` are the running test's; `restart` swaps in a sandbox
 * started with other options for the rest of the test.
 */
export function sandboxPerTest(options: SimulatorOptionsInput = {}) {
  let current: Sandbox | undefined;
  const running = () => {
    if (!current) throw new Error("the sandbox runs only while a test runs");
    return current;
  };
  beforeEach(async () => {
    current = await startSandbox(options);
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    get sim() {
      return running().sim;
    },
    get media() {
      return running().media;
    },
    get endpoints() {
      return running().endpoints;
    },
    async restart(other: SimulatorOptionsInput) {
      await running().close();
      current = await startSandbox(other);
    },
  };
}

export const sha256 = (bytes: Buffer | string) => createHash("sha256").update(bytes).digest("hex");

/**
 * Calls check() until it stops answering pending. Instead of sleeping for the poll hint, it moves
 * the simulated clock forward by it; real time only passes while the simulator downloads media.
 */
export async function checkUntilSettled(
  sandbox: Pick<Sandbox, "sim" | "endpoints">,
  publisher: StoryPublisher,
  account: PublisherAccount,
  containerId: string,
  frame: FrameInput,
  timeoutMs = 5_000,
): Promise<CheckResult> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await publisher.check(account, containerId, frame, sandbox.endpoints);
    if (result.status !== "pending") return result;
    if (Date.now() > deadline)
      throw new Error(`container ${containerId} still pending after ${timeoutMs} ms`);
    await sandbox.sim.advance(result.pollAfterMs);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Awaits a rejection and checks it is a PublisherError of the given class. */
export async function expectPublisherError(
  promise: Promise<unknown>,
  errorClass: PublisherErrorClass,
): Promise<PublisherError> {
  const error = await promise.then(
    (value) => {
      throw new Error(`expected a ${errorClass} PublisherError, got ${JSON.stringify(value)}`);
    },
    (caught: unknown) => caught,
  );
  if (!isPublisherError(error)) throw error;
  expect({ errorClass: error.errorClass, advice: error.advice }).toMatchObject({ errorClass });
  return error;
}
