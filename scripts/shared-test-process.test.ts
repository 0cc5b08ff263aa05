import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";

// The unit and integration projects run many files in one process (vitest.config.ts,
// `isolate: false`): a file that closes the process-wide database or Redis client, or swaps a
// module or the environment for its own tests, breaks whichever file that worker runs next, and
// only on the runs where the two meet. Such a file must not exist; one that needs it belongs in a
// project of its own.

const root = path.resolve(import.meta.dirname, "..");
const FOLDERS = ["lib", "app", "workers", "simulators", "scripts", "prisma"];
const FORBIDDEN = [
  { pattern: /\bdisconnect(Db|Redis)\(/, why: "closes a client the next file in the process uses" },
  {
    pattern: /\bvi\.(mock|doMock|stubEnv|stubGlobal)\(/,
    why: "changes what the next file in the process loads",
  },
];

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === "node_modules" || entry.name === "generated" ? [] : testFiles(full);
    return /\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

test("no test file closes a shared client or swaps a module or the environment", () => {
  const files = FOLDERS.flatMap((folder) => testFiles(path.join(root, folder)));
  expect(files.length).toBeGreaterThan(100);
  const self = path.relative(root, import.meta.filename);
  const offences = files
    .map((file) => path.relative(root, file))
    .filter((file) => file !== self)
    .flatMap((file) => {
      const text = fs.readFileSync(path.join(root, file), "utf8");
      return FORBIDDEN.filter(({ pattern }) => pattern.test(text)).map(({ why }) => `${file}: ${why}`);
    });
  expect(offences).toEqual([]);
});
