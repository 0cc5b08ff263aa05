import { Writable } from "node:stream";
import { createLogger } from "@/lib/logger";

/** A real pino logger whose lines are kept, parsed, for a test to read back. */
export function capturingLogger(name: string, level = "info") {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: createLogger(name, level, stream), lines };
}
