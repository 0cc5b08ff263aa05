// Types for prisma.mjs (the bootstrap is plain JavaScript; its tests are TypeScript).
export declare function generatorOutput(schemaText: string): string | undefined;
export declare function ensurePrismaClient(env: NodeJS.ProcessEnv): Promise<void>;
export declare function migrate(env: NodeJS.ProcessEnv, label: string): Promise<void>;
export declare function describeMigrateOutput(output: string): string;
