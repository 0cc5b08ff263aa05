import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { performance } from "node:perf_hooks";
import { FACTORY_PASSWORD } from "@/prisma/factories";
import { repoRoot } from "./processes";
import { type Distribution, distribution } from "./stats";

// What the page benches share (bench:calendar, bench:reviews): the production build started on a
// free port, a signed-in session, and timed requests and function calls, warm-up excluded.

/** The benches measure `next start`: refuse to run without a build rather than time a dev server. */
export function assertProductionBuild(): void {
  if (!existsSync(`${repoRoot}/.next/BUILD_ID`)) {
    throw new Error("No production build: run `npm run build` first (the benchmark measures `next start`).");
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

/** `next start` on a free port against process.env (the bench's database); stop() ends it. */
export async function startWeb(): Promise<{ baseUrl: string; web: ChildProcess; stop: () => void }> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const web = spawn("node_modules/.bin/next", ["start", "-p", String(port)], {
    cwd: repoRoot,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      PUBLIC_BASE_URL: baseUrl,
      AUTH_TRUST_HOST: "true",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const stop = () => {
    if (web.exitCode === null) web.kill("SIGTERM");
  };
  process.once("SIGINT", () => {
    stop();
    process.exit(130);
  });
  return { baseUrl, web, stop };
}

export async function waitUntilHealthy(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** Cookies from Set-Cookie headers, merged into a jar. */
function absorbCookies(jar: Map<string, string>, response: Response): void {
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(";");
    const at = pair?.indexOf("=") ?? -1;
    if (pair && at > 0) jar.set(pair.slice(0, at), pair.slice(at + 1));
  }
}
const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

/** Signs in through Auth.js' credentials endpoint (what the sign-in form's action does) and returns the cookies. */
export async function signIn(baseUrl: string, email: string): Promise<string> {
  const jar = new Map<string, string>();
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  absorbCookies(jar, csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar) },
    body: new URLSearchParams({ csrfToken, email, password: FACTORY_PASSWORD, callbackUrl: baseUrl }),
  });
  absorbCookies(jar, response);
  if (![...jar.keys()].some((name) => name.includes("session-token"))) {
    throw new Error(`sign-in failed (${response.status} ${response.headers.get("location")})`);
  }
  return cookieHeader(jar);
}

/** How many timed runs, after how many untimed ones. */
export type Runs = { warmUp: number; requests: number };

/** Sequential GETs of a page as the signed-in user; each must answer 200 with `expectText` in it. */
export async function timeRequests(
  url: string,
  cookie: string,
  expectText: string,
  runs: Runs,
): Promise<Distribution> {
  const samples: number[] = [];
  for (let i = 0; i < runs.warmUp + runs.requests; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers: { cookie }, redirect: "manual" });
    const body = await response.text();
    const elapsed = performance.now() - started;
    if (response.status !== 200 || !body.includes(expectText)) {
      throw new Error(
        `GET ${url} → ${response.status} without "${expectText}": not the expected page (signed out?)`,
      );
    }
    if (i >= runs.warmUp) samples.push(elapsed);
  }
  return distribution(samples);
}

/** The same work in this process, without HTTP and rendering. */
export async function timeFunction(runs: Runs, run: () => Promise<unknown>): Promise<Distribution> {
  const samples: number[] = [];
  for (let i = 0; i < runs.warmUp + runs.requests; i++) {
    const started = performance.now();
    await run();
    if (i >= runs.warmUp) samples.push(performance.now() - started);
  }
  return distribution(samples);
}
