import { spawn } from "node:child_process";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { makeCpuIdleGroup } from "./cpu-idle-group.mjs";

const made = makeCpuIdleGroup("storyrelay-test");
const group = "group" in made ? made.group : undefined;
const why = "reason" in made ? made.reason : "";

/** Runs a spinner and resolves with the rounds it printed. */
function spin(command: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(Number(output)) : reject(new Error(`exited ${code}`))));
  });
}

/** On CPU 0, spins until `end` (ms since the epoch) and prints how many rounds it managed. */
const spinner = (end: number) => [
  "-c",
  "0",
  process.execPath,
  "-e",
  `let n = 0; while (Date.now() < ${end}) n++; console.log(n)`,
];

describe.skipIf(!group)(`a CPU idle group${group ? "" : ` (skipped: ${why})`}`, () => {
  it("gets next to no CPU while a process outside it wants the same core, and is removed after", async () => {
    if (!group) return;
    // Both spin on CPU 0 until the same moment; the one in the group gets what the other leaves.
    const end = Date.now() + 2_000;
    const [file, args] = group.wrap("taskset", spinner(end));
    const [inside, outside] = await Promise.all([spin(file, args), spin("taskset", spinner(end))]);
    expect(outside).toBeGreaterThan(0);
    expect(inside * 5).toBeLessThan(outside);
    group.remove();
    expect(fs.existsSync(group.dir)).toBe(false);
  }, 15_000);
});
