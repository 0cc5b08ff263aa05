import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { type BrowserContext, expect } from "@playwright/test";
import { sql } from "./database";
import { stack } from "./stack";

// Calling the built app's server actions directly, as a forged request would: every action the
// build contains is listed in its server reference manifest with its file and export name.

// React's own encoder of server action arguments, the one the browser uses: bound arguments, a
// FormData (files included) and plain objects are sent exactly as a page would send them. Next
// ships it untyped.
const { encodeReply } = createRequire(import.meta.url)(
  "next/dist/compiled/react-server-dom-turbopack/client.node",
) as {
  encodeReply(value: unknown): Promise<string | FormData>;
};

const MANIFEST = path.join(
  import.meta.dirname,
  "..",
  "..",
  ".next",
  "server",
  "server-reference-manifest.json",
);

export type BuiltAction = {
  id: string;
  /** "app/w/[slug]/actions.ts#revokeInviteAction" */
  name: string;
  /** A page route that serves it, e.g. "/w/[slug]/members". */
  route: string;
};

/** Every server action of the production build (`next build` must have run). */
export function builtActions(): BuiltAction[] {
  const manifest = JSON.parse(fs.readFileSync(MANIFEST, "utf8")) as {
    node: Record<string, { workers: Record<string, unknown>; filename: string; exportedName: string }>;
  };
  return Object.entries(manifest.node).map(([id, entry]) => {
    const page = Object.keys(entry.workers)[0] ?? "app/page";
    const route = `/${page.replace(/^app\//, "").replace(/\/?page$/, "")}`
      .split("/")
      .filter((segment) => !/^\(.*\)$/.test(segment))
      .join("/");
    return { id, name: `${entry.filename}#${entry.exportedName}`, route: route || "/" };
  });
}

/** A cookie header with the context's session, for requests made outside the browser. */
export async function cookieHeader(context: BrowserContext): Promise<string> {
  return (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
}

/** Calls action `id` with `args` (as the page would), on `route`; answers the status and body. */
export async function callAction(
  action: BuiltAction,
  route: string,
  args: unknown[],
  cookie: string,
): Promise<{ status: number; body: string }> {
  const body = await encodeReply(args);
  const response = await fetch(new URL(route, stack.baseURL), {
    method: "POST",
    redirect: "manual",
    headers: {
      "Next-Action": action.id,
      Accept: "text/x-component",
      Origin: stack.baseURL,
      cookie,
      ...(typeof body === "string" ? { "Content-Type": "text/plain;charset=UTF-8" } : {}),
    },
    body,
  }).catch((error: Error) => error);
  // A dropped connection is an answer too, and a wrong one: reported with the call, not thrown.
  if (response instanceof Error)
    return { status: 0, body: `no answer: ${String(response.cause ?? response)}` };
  return { status: response.status, body: await response.text() };
}

/**
 * Every row of the workspace (its own row, its members' users and every tenant table), as one
 * digest per table: any insert, update or delete changes it.
 */
export async function workspaceRows(workspaceId: string): Promise<Record<string, string>> {
  const digest = (from: string) =>
    `(SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) || ':' || count(*) FROM ${from})`;
  // Every table with a workspaceId column, read from the database itself so a new table is
  // watched the day it lands (a hand-kept list went stale twice).
  const tenantTables = (
    await sql<{ table_name: string }>(
      `SELECT table_name FROM information_schema.columns
       WHERE table_schema = current_schema() AND column_name = 'workspaceId' ORDER BY table_name`,
    )
  ).map((row) => row.table_name);
  expect(tenantTables).toContain("Story");
  const parts = [
    `${digest(`"Workspace" t WHERE t.id = $1`)} AS "Workspace"`,
    `${digest(`"User" t WHERE t.id IN (SELECT "userId" FROM "Membership" WHERE "workspaceId" = $1)`)} AS "User"`,
    ...tenantTables.map((table) => `${digest(`"${table}" t WHERE t."workspaceId" = $1`)} AS "${table}"`),
  ];
  const [row] = await sql<Record<string, string>>(`SELECT ${parts.join(", ")}`, [workspaceId]);
  expect(row).toBeDefined();
  return row as Record<string, string>;
}
