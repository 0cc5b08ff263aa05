// Types for test-env.mjs, which TypeScript files (playwright.config.ts, e2e/support) import.
export declare const TEST_AUTH_SECRET: string;
export declare const TEST_ENCRYPTION_KEY: string;
export declare const TEST_DATABASE_NAME: string;
export declare const TEST_REDIS_DB: number;
export declare const DEFAULT_TEST_DATABASE_URL: string;
export declare const DEFAULT_TEST_REDIS_URL: string;
export declare const E2E_WEB_PORT: number;
export declare const E2E_SIMULATOR_PORT: number;
export declare const E2E_MAIL_SMTP_PORT: number;
export declare const E2E_MAIL_HTTP_PORT: number;
