// Types for worker-kinds.mjs (the scripts are plain JavaScript; their tests are TypeScript).
import type { BuildOptions } from "esbuild";

export declare const root: string;
export declare const WORKER_ENTRIES: { all: string; publish: string; media: string };
export declare const START_WORKER_KINDS: readonly ["publish", "media"];
export declare function kindFromArgs(args: string[]): keyof typeof WORKER_ENTRIES;
export declare function workerBuildOptions(kind: keyof typeof WORKER_ENTRIES): BuildOptions;
export declare const PUBLISH_HEAP: { baseMb: number; jobsPerMb: number; semiSpaceMb: number };
export declare function publishHeapOptions(env: Record<string, string | undefined>): string[];
export declare function workerNodeOptions(
  kind: keyof typeof WORKER_ENTRIES,
  env: Record<string, string | undefined>,
): string[];
