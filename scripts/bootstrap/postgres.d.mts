// Types for the part of postgres.mjs that TypeScript tests use (the bootstrap is plain JavaScript).
export declare function copyDatabase(url: string, name: string): Promise<string>;
