import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

// No Docker engine and no compose plugin here (and no hadolint): compose.yaml and the Dockerfile
// are checked for what this project relies on, by reading them (docs/decisions/037-containers.md).
const root = path.resolve(import.meta.dirname, "..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

type Service = {
  command?: string[];
  profiles?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  environment?: Record<string, string>;
  restart?: string;
  volumes?: string[];
};

describe("compose.yaml", () => {
  // Merge keys resolved, as compose does: the services share their settings through anchors.
  const compose = parse(read("compose.yaml"), { merge: true }) as { services: Record<string, Service> };
  const { services } = compose;

  const workers = ["publish-workers", "media-workers"];

  it("has Postgres, Redis, a one-shot migrate, web and both kinds of worker, and the simulators only in the sandbox profile", () => {
    expect(Object.keys(services).sort()).toEqual([
      "media-workers",
      "migrate",
      "postgres",
      "publish-workers",
      "redis",
      "simulators",
      "web",
    ]);
    expect(services.migrate?.command).toEqual(["migrate"]);
    expect(services.migrate?.restart).toBe("no");
    expect(services.web?.command).toEqual(["web"]);
    // Each kind by its entrypoint command (docs/decisions/041-worker-kinds.md).
    for (const name of workers) expect(services[name]?.command).toEqual([name]);
    expect(services.simulators?.command).toEqual(["simulators"]);
    expect(services.simulators?.profiles).toEqual(["sandbox"]);
    for (const name of ["postgres", "redis", "migrate", "web", ...workers])
      expect(services[name]?.profiles).toBeUndefined();
  });

  it("gives the media store to web and the media workers, not to the publish workers", () => {
    expect(services.web?.volumes).toEqual(["media:/data/media"]);
    expect(services["media-workers"]?.volumes).toEqual(["media:/data/media"]);
    expect(services["publish-workers"]?.volumes).toEqual([]);
  });

  it("starts web and the workers only after the migrations succeeded and Redis is healthy", () => {
    for (const name of ["web", ...workers]) {
      expect(services[name]?.depends_on).toEqual({
        migrate: { condition: "service_completed_successfully" },
        redis: { condition: "service_healthy" },
      });
    }
    expect(services.migrate?.depends_on).toEqual({ postgres: { condition: "service_healthy" } });
  });

  it("checks web and the workers by their readiness endpoints", () => {
    expect(services.web?.healthcheck?.test.join(" ")).toContain("http://127.0.0.1:3000/api/health/ready");
    for (const name of workers) {
      const port = services[name]?.environment?.WORKER_METRICS_PORT;
      expect(port, name).toMatch(/^\d+$/);
      expect(services[name]?.healthcheck?.test.join(" ")).toContain(`http://127.0.0.1:${port}/health/ready`);
    }
    expect(services.postgres?.healthcheck?.test).toContain("pg_isready");
  });

  it("requires the two secrets instead of defaulting them, and keeps Redis from evicting jobs", () => {
    const text = read("compose.yaml");
    expect(text).toMatch(/AUTH_SECRET: \$\{AUTH_SECRET:\?/);
    expect(text).toMatch(/ENCRYPTION_KEY: \$\{ENCRYPTION_KEY:\?/);
    expect(services.redis?.command).toEqual(expect.arrayContaining(["--maxmemory-policy", "noeviction"]));
  });

  it("passes only variables lib/env.ts knows to the app", () => {
    const envSource = read("lib/env.ts");
    for (const name of ["web", ...workers]) {
      const app = services[name]?.environment ?? {};
      expect(Object.keys(app).length, name).toBeGreaterThan(0);
      for (const variable of Object.keys(app)) expect(envSource, variable).toContain(`${variable}:`);
    }
  });
});

describe("Dockerfile", () => {
  const dockerfile = read("Dockerfile");
  const stages = [...dockerfile.matchAll(/^FROM (\S+) AS (\S+)$/gm)].map(([, image, name]) => ({
    image,
    name,
  }));

  it("builds in one stage and runs from another, both on node:20-bookworm-slim", () => {
    expect(stages).toEqual([
      { image: "node:20-bookworm-slim", name: "build" },
      { image: "node:20-bookworm-slim", name: "runtime" },
    ]);
    const build = dockerfile.slice(dockerfile.indexOf("AS build"), dockerfile.indexOf("AS runtime"));
    for (const step of ["npm ci", "prisma generate", "npm run build", "npm prune --omit=dev"])
      expect(build).toContain(step);
  });

  it("runs as an unprivileged user through the entrypoint, web by default", () => {
    const runtime = dockerfile.slice(dockerfile.indexOf("AS runtime"));
    expect(runtime).toMatch(/^USER storyrelay$/m);
    expect(runtime).toContain('ENTRYPOINT ["/app/docker/entrypoint.sh"]');
    expect(runtime).toContain('CMD ["web"]');
    // Each file the runtime copies from the build exists in the repository (or is built there).
    for (const [, sources] of runtime.matchAll(/^COPY --from=build (.+) \S+$/gm)) {
      for (const source of (sources ?? "").split(" ")) {
        const relative = source.replace(/^\/app\/?/, "");
        if ([".next", "node_modules"].includes(relative)) continue;
        expect(() => readFileSync(path.join(root, relative)), relative).not.toThrow(/ENOENT/);
      }
    }
  });

  it("keeps local state and secrets out of the build context", () => {
    const ignored = read(".dockerignore").split("\n");
    for (const entry of [".env", ".data", "node_modules", ".next", ".git"]) expect(ignored).toContain(entry);
  });
});
