import { describe, expect, it } from "vitest";
import { databaseName, hostAndPort, postgresUrl, redactUrl, redisUrl, withDatabase } from "./urls.mjs";

describe("redactUrl", () => {
  it("masks the password and keeps everything a user needs to recognise the server", () => {
    expect(redactUrl("postgresql://app:s3cret@db.example.com:5433/storyrelay?sslmode=require")).toBe(
      "postgresql://app:***@db.example.com:5433/storyrelay?sslmode=require",
    );
  });

  it("leaves URLs without a password alone", () => {
    expect(redactUrl("redis://127.0.0.1:6379/0")).toBe("redis://127.0.0.1:6379/0");
  });

  it("never echoes a value that is not a URL, since it might be a secret", () => {
    expect(redactUrl("hunter2")).toBe("(a value that is not a valid URL)");
  });
});

describe("withDatabase", () => {
  it("swaps the Postgres database and keeps credentials and parameters", () => {
    expect(withDatabase("postgresql://app:pw@db:5432/storyrelay?sslmode=require", "storyrelay_test")).toBe(
      "postgresql://app:pw@db:5432/storyrelay_test?sslmode=require",
    );
  });

  it("adds a database to a URL that names none", () => {
    expect(withDatabase("postgres://db:5432", "storyrelay")).toBe("postgres://db:5432/storyrelay");
  });

  it("picks a logical Redis database", () => {
    expect(withDatabase("redis://:pw@cache:6379/0", 1)).toBe("redis://:pw@cache:6379/1");
    expect(withDatabase("redis://cache:6379", 1)).toBe("redis://cache:6379/1");
  });
});

describe("databaseName", () => {
  it("reads the database from the path", () => {
    expect(databaseName("postgresql://u@h:5432/storyrelay?schema=public")).toBe("storyrelay");
  });

  it("is undefined when the URL names no database", () => {
    expect(databaseName("postgresql://u@h:5432")).toBeUndefined();
    expect(databaseName("postgresql://u@h:5432/")).toBeUndefined();
  });
});

describe("URL builders", () => {
  it("build passwordless local URLs", () => {
    expect(postgresUrl({ port: 54329, database: "storyrelay" })).toBe(
      "postgresql://postgres@127.0.0.1:54329/storyrelay",
    );
    expect(redisUrl({ port: 63799 })).toBe("redis://127.0.0.1:63799/0");
  });

  it("read host and port, with the protocol's default", () => {
    expect(hostAndPort("postgresql://u@db.internal/x", 5432)).toEqual({ host: "db.internal", port: 5432 });
    expect(hostAndPort("redis://[::1]:6380", 6379)).toEqual({ host: "::1", port: 6380 });
  });
});
