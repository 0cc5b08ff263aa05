// Types for services.mjs (the bootstrap is plain JavaScript; its tests are TypeScript).
type EnvMap = Record<string, string | undefined>;
type Purpose = "start" | "test";
type Flags = { postgres: boolean; redis: boolean };
export declare const APP_DATABASE_NAME: string;
export declare function wantsLocalServices(env: EnvMap): boolean;
export declare function postgresTarget(
  purpose: Purpose,
  env: EnvMap,
): { configuredUrl?: string; configuredBy: string; database: string };
export declare function redisTarget(
  purpose: Purpose,
  env: EnvMap,
): { configuredUrl?: string; configuredBy: string; db?: number };
export declare function prepareServices(
  purpose: Purpose,
): Promise<{ databaseUrl: string; redisUrl: string; local: Flags; startedHere: Flags }>;
export declare function stopLocalServices(): Promise<string[]>;
