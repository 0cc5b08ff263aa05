// Types for build.mjs (the bootstrap is plain JavaScript; its tests are TypeScript).
export declare function buildInputs(root: string): string[];
export declare function ensureBuild(env: NodeJS.ProcessEnv, options?: { quiet?: boolean }): Promise<void>;
