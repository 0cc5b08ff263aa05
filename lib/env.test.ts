import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

const valid = {
  DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/storyrelay",
  REDIS_URL: "redis://127.0.0.1:6379",
  AUTH_SECRET: "x".repeat(32),
  ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
};

function issuesOf(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.issues;
    throw error;
  }
  throw new Error("expected the environment to be refused");
}

describe("parseEnv", () => {
  it("reads the previous encryption keys of a rotation, and refuses a malformed one", () => {
    const key = Buffer.alloc(32, 9).toString("base64");
    expect(
      parseEnv({ ...valid, ENCRYPTION_PREVIOUS_KEYS: `k0:${key}, old-1:${key}` }).ENCRYPTION_PREVIOUS_KEYS,
    ).toEqual({
      k0: key,
      "old-1": key,
    });
    expect(parseEnv(valid).ENCRYPTION_PREVIOUS_KEYS).toEqual({});
    expect(issuesOf({ ...valid, ENCRYPTION_PREVIOUS_KEYS: "k0:short" }).join()).toMatch(
      /ENCRYPTION_PREVIOUS_KEYS/,
    );
  });

  it("fills defaults and derives the public URL from the port", () => {
    const env = parseEnv({ ...valid, PORT: "4000" });
    expect(env.PORT).toBe(4000);
    expect(env.PUBLIC_BASE_URL).toBe("http://localhost:4000");
    expect(env.SIMULATOR_URL).toBe("http://127.0.0.1:4100");
    expect(env.ENCRYPTION_KEY_ID).toBe("k1");
    expect(env.STORYRELAY_LOCAL_SERVICES).toBe(false);
  });

  it("strips a trailing slash from PUBLIC_BASE_URL so links never get a double slash", () => {
    expect(parseEnv({ ...valid, PUBLIC_BASE_URL: "https://relay.example.com/" }).PUBLIC_BASE_URL).toBe(
      "https://relay.example.com",
    );
  });

  it("names every missing variable at once", () => {
    expect(issuesOf({})).toEqual(
      expect.arrayContaining([
        "DATABASE_URL is required",
        "REDIS_URL is required",
        "AUTH_SECRET is required",
        "ENCRYPTION_KEY is required",
      ]),
    );
  });

  it("stores media on local disk by default and needs the bucket and keys for S3", () => {
    expect(parseEnv(valid)).toMatchObject({
      MEDIA_STORAGE: "local",
      S3_REGION: "us-east-1",
      S3_FORCE_PATH_STYLE: false,
    });
    expect(issuesOf({ ...valid, MEDIA_STORAGE: "s3", S3_ACCESS_KEY_ID: "key" })).toEqual([
      "S3_BUCKET is required when MEDIA_STORAGE=s3",
      "S3_SECRET_ACCESS_KEY is required when MEDIA_STORAGE=s3",
    ]);
    const s3 = parseEnv({
      ...valid,
      MEDIA_STORAGE: "s3",
      S3_BUCKET: "media",
      S3_ACCESS_KEY_ID: "key",
      S3_SECRET_ACCESS_KEY: "secret",
      S3_ENDPOINT: "http://127.0.0.1:9000",
      S3_FORCE_PATH_STYLE: "true",
    });
    expect(s3).toMatchObject({ MEDIA_STORAGE: "s3", S3_BUCKET: "media", S3_FORCE_PATH_STYLE: true });
  });

  it("takes the Graph version under either name (META_GRAPH_VERSION wins) and Meta's OAuth hosts by default", () => {
    expect(parseEnv(valid).GRAPH_API_VERSION).toBe("v25.0");
    expect(parseEnv({ ...valid, GRAPH_API_VERSION: "v24.0" }).GRAPH_API_VERSION).toBe("v24.0");
    expect(
      parseEnv({ ...valid, GRAPH_API_VERSION: "v24.0", META_GRAPH_VERSION: "v26.0" }).GRAPH_API_VERSION,
    ).toBe("v26.0");
    expect(issuesOf({ ...valid, META_GRAPH_VERSION: "26" })).toEqual(['META_GRAPH_VERSION like "v25.0"']);
    const env = parseEnv(valid);
    expect([env.META_DIALOG_URL, env.INSTAGRAM_OAUTH_URL, env.INSTAGRAM_API_URL]).toEqual([
      "https://www.facebook.com",
      "https://www.instagram.com",
      "https://api.instagram.com",
    ]);
  });

  it("reads a Redis Cluster's seed nodes or Sentinels, and refuses both at once or a half-given Sentinel set", () => {
    expect(
      parseEnv({ ...valid, REDIS_CLUSTER_NODES: "10.0.0.1:7000, [::1]:7001" }).REDIS_CLUSTER_NODES,
    ).toEqual([
      { host: "10.0.0.1", port: 7000 },
      { host: "::1", port: 7001 },
    ]);
    expect(issuesOf({ ...valid, REDIS_CLUSTER_NODES: "10.0.0.1" })).toEqual([
      'REDIS_CLUSTER_NODES "10.0.0.1" is not host:port',
    ]);
    expect(issuesOf({ ...valid, REDIS_SENTINELS: "s1:26379" })).toEqual([
      "REDIS_SENTINEL_NAME is required with REDIS_SENTINELS (the master name the Sentinels monitor)",
    ]);
    expect(
      issuesOf({
        ...valid,
        REDIS_SENTINELS: "s1:26379",
        REDIS_SENTINEL_NAME: "m",
        REDIS_CLUSTER_NODES: "c1:7000",
      }),
    ).toEqual([
      "REDIS_CLUSTER_NODES and REDIS_SENTINELS cannot both be set: a Redis Cluster or a Sentinel set, not both",
    ]);
    expect(parseEnv(valid).PUBLISH_QUEUE_SHARDS).toBe(1);
    expect(parseEnv({ ...valid, REDIS_CLUSTER_NODES: "c1:7000" }).PUBLISH_QUEUE_SHARDS).toBe(4);
    expect(parseEnv({ ...valid, PUBLISH_QUEUE_SHARDS: "3" }).PUBLISH_QUEUE_SHARDS).toBe(3);
  });

  it("treats empty strings as unset", () => {
    expect(issuesOf({ ...valid, DATABASE_URL: "" })).toContain("DATABASE_URL is required");
  });

  it("explains wrong values", () => {
    const issues = issuesOf({
      ...valid,
      DATABASE_URL: "mysql://localhost/x",
      AUTH_SECRET: "short",
      ENCRYPTION_KEY: Buffer.alloc(16).toString("base64"),
      PORT: "70000",
    });
    expect(issues.find((i) => i.startsWith("DATABASE_URL"))).toMatch(/postgres/);
    expect(issues.find((i) => i.startsWith("AUTH_SECRET"))).toMatch(/at least 32/);
    expect(issues.find((i) => i.startsWith("ENCRYPTION_KEY"))).toMatch(/32 random bytes/);
    expect(issues.find((i) => i.startsWith("PORT"))).toBeDefined();
  });

  it("points at .env.example in the error message", () => {
    expect(() => parseEnv({})).toThrow(/\.env\.example/);
  });
});
