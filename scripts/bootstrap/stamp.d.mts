// Types for stamp.mjs (the bootstrap is plain JavaScript; its tests are TypeScript).
export declare function listFiles(root: string, entries: string[]): string[];
export declare function hashFiles(root: string, relativeFiles: string[], extra?: string[]): string;
export declare function readStamp(stampFile: string): string | undefined;
export declare function writeStamp(stampFile: string, value: string): void;
export declare function isFresh(stampFile: string, currentHash: string): boolean;
