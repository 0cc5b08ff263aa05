// Types for env-file.mjs (the bootstrap is plain JavaScript; its tests are TypeScript).
type EnvMap = Record<string, string | undefined>;
export declare const ENV_FILE: string;
export declare function applyMissing(target: EnvMap, fromFile: Record<string, string>): string[];
export declare function generateMissingSecrets(
  env: EnvMap,
  random?: (size: number) => Buffer,
): Record<string, string>;
export declare function textToAppend(existing: string, values: Record<string, string>, now?: Date): string;
export declare function loadEnvFile(options: { generateSecrets: boolean }): void;
