// Types for dependencies.mjs (the bootstrap is plain JavaScript; its tests are TypeScript).
type Lockfile = { packages?: Record<string, Record<string, unknown>> };
export declare function checkNodeVersion(version?: string): void;
export declare function installedTreeMatchesLock(lock: Lockfile, installed: Lockfile): boolean;
export declare function ensureDependencies(): Promise<void>;
