import { describe, expect, it } from "vitest";
import { postgresTarget, redisTarget, wantsLocalServices } from "./services.mjs";

describe("postgresTarget", () => {
  it("uses the demo database for npm start when nothing is configured", () => {
    expect(postgresTarget("start", {})).toEqual({
      configuredUrl: undefined,
      configuredBy: "DATABASE_URL",
      database: "storyrelay",
    });
  });

  it("uses the database DATABASE_URL names for npm start", () => {
    expect(postgresTarget("start", { DATABASE_URL: "postgresql://u:p@db:5432/acme" }).database).toBe("acme");
  });

  it("runs tests on the same server as the app but in their own database", () => {
    expect(postgresTarget("test", { DATABASE_URL: "postgresql://u:p@db:5432/acme" })).toEqual({
      configuredUrl: "postgresql://u:p@db:5432/acme",
      configuredBy: "DATABASE_URL",
      database: "storyrelay_test",
    });
  });

  it("prefers TEST_DATABASE_URL for tests", () => {
    expect(postgresTarget("test", { TEST_DATABASE_URL: "postgresql://u@ci:5432/ci_tests" })).toMatchObject({
      configuredBy: "TEST_DATABASE_URL",
      database: "ci_tests",
    });
  });

  it("refuses to run tests against the app's own database", () => {
    expect(() => postgresTarget("test", { TEST_DATABASE_URL: "postgresql://u@h:5432/storyrelay" })).toThrow(
      /database npm start uses/,
    );
    expect(() =>
      postgresTarget("test", {
        DATABASE_URL: "postgresql://u@h:5432/storyrelay_test",
        TEST_DATABASE_URL: "",
      }),
    ).toThrow(/database npm start uses/);
  });
});

describe("redisTarget", () => {
  it("keeps REDIS_URL as it is for npm start", () => {
    expect(redisTarget("start", { REDIS_URL: "redis://cache:6379/0" })).toEqual({
      configuredUrl: "redis://cache:6379/0",
      configuredBy: "REDIS_URL",
    });
  });

  it("moves tests to logical database 1 of the same server", () => {
    expect(redisTarget("test", { REDIS_URL: "redis://cache:6379" })).toEqual({
      configuredUrl: "redis://cache:6379",
      configuredBy: "REDIS_URL",
      db: 1,
    });
    expect(redisTarget("test", {}).db).toBe(1);
  });

  it("takes TEST_REDIS_URL as it is", () => {
    expect(redisTarget("test", { TEST_REDIS_URL: "redis://ci:6379/5" })).toEqual({
      configuredUrl: "redis://ci:6379/5",
      configuredBy: "TEST_REDIS_URL",
    });
  });

  it("refuses to share database 1 with the app", () => {
    expect(() => redisTarget("test", { REDIS_URL: "redis://cache:6379/1" })).toThrow(/TEST_REDIS_URL/);
  });
});

describe("wantsLocalServices", () => {
  it("is on for 1 or true only", () => {
    expect(wantsLocalServices({ STORYRELAY_LOCAL_SERVICES: "1" })).toBe(true);
    expect(wantsLocalServices({ STORYRELAY_LOCAL_SERVICES: "true" })).toBe(true);
    expect(wantsLocalServices({ STORYRELAY_LOCAL_SERVICES: "0" })).toBe(false);
    expect(wantsLocalServices({})).toBe(false);
  });
});
