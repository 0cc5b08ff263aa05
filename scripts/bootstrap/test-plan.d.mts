// Types for test-plan.mjs (the bootstrap is plain JavaScript; its tests are TypeScript).
export type Counts = { passed: number; failed: number; skipped: number };
export declare const SUITES: string[];
export declare function parseSuites(args: string[]): Set<string>;
export declare function countsOf(report: unknown): Counts | undefined;
export declare function countResults(files: string[]): Counts | undefined;
export declare function formatCounts(counts: Counts): string;
