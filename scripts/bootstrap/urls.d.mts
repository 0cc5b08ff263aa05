// Types for urls.mjs (the bootstrap is plain JavaScript; its tests are TypeScript).
export declare function redactUrl(url: string): string;
export declare function withDatabase(url: string, database: string | number): string;
export declare function databaseName(url: string): string | undefined;
export declare function postgresUrl(parts: {
  host?: string;
  port: number;
  user?: string;
  database: string;
}): string;
export declare function redisUrl(parts: { host?: string; port: number; db?: number }): string;
export declare function hostAndPort(url: string, defaultPort: number): { host: string; port: number };
