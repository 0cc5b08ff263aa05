import { mkdir, writeFile } from "node:fs/promises";
import { repoRoot } from "./processes";

/** Saves a bench's result as bench/results/<name> and prints it as the run's last line, one JSON object. */
export async function saveResult(name: string, result: object): Promise<void> {
  await mkdir(`${repoRoot}/bench/results`, { recursive: true });
  await writeFile(`${repoRoot}/bench/results/${name}`, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result));
}
