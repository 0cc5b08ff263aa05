import { randomUUID } from "node:crypto";
import { readdir } from "node:fs/promises";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createApiRateLimit } from "@/lib/api-keys/api-rate-limit";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { redis } from "@/lib/redis/client";
import { parseInput } from "@/lib/validation";
import {
  makeApiKey,
  makeBrand,
  makeMediaAsset,
  makeSandboxChannels,
  makeWorkspace,
} from "@/prisma/factories";
import { type ApiTestDeps, callApi, setUpApiDeps } from "@/test/api/api-test-kit";
import { makeConversation } from "@/test/inbox/inbox-factory";
import { jpeg } from "@/test/media/media-fixtures";
import { type RouteDef, type RouteName, routes } from "./_lib/routes";

/**
 * The hostile-input sweep: every string a client can put in a request to every /api/v1 route —
 * path parameters, query values, body fields at any depth, field names, a file's name — is sent
 * a NUL byte, a lone surrogate and a megabyte, and each request must be refused with a 4xx and
 * change nothing: no row of the workspace written or changed, no job queued, no file stored.
 *
 * The fields come from the route table's own schemas, so a new route or field is swept without
 * touching this file; only a new route needs a valid request below to start from (the type
 * makes that a compile error).
 */

const MEGABYTE = "x".repeat(1024 * 1024);
const HOSTILE = {
  nul: "before\u0000after",
  "lone surrogate": "before\ud800after",
  "1 MB": MEGABYTE,
} as const;

type Where = "path" | "query" | "body" | "file name" | "field name";
type Form = { at: (string | number)[]; schema: JsonSchema };
type SweepSlot = { where: Where; path: (string | number)[]; route: RouteName; form?: Form };

type Request = {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: Record<string, unknown>;
};

type JsonSchema = {
  type?: string;
  format?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
};

const jsonSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: "input", unrepresentable: "any", reused: "inline" }) as JsonSchema;

/** Values for required siblings when a field sits in one form of a union (`when.local`, `frames.0.text`). */
const SAMPLES: Record<string, unknown> = {
  now: true,
  local: "2099-03-01T09:00",
  at: "2099-03-01T09:00:00Z",
  text: "Hello",
};

/** Every string field of a body schema, with the object it must sit in when it is one form of a union. */
function stringFields(
  schema: JsonSchema,
  path: (string | number)[] = [],
  form?: JsonSchema,
): { path: (string | number)[]; form?: Form; binary?: boolean }[] {
  if (schema.anyOf) {
    return schema.anyOf.flatMap((option) =>
      option.type === "object" ? stringFields(option, path, option) : stringFields(option, path),
    );
  }
  if (schema.type === "string") {
    const binary = schema.format === "binary";
    return [{ path, binary, ...(form && { form: { at: path.slice(0, -1), schema: form } }) }];
  }
  if (schema.type === "array" && schema.items) return stringFields(schema.items, [...path, 0]);
  if (schema.type === "object" && schema.properties) {
    return Object.entries(schema.properties).flatMap(([key, property]) =>
      stringFields(property, [...path, key]).map((field) =>
        field.form || !form ? field : { ...field, form: { at: path, schema: form } },
      ),
    );
  }
  return [];
}

function slotsOf(name: RouteName, route: RouteDef): SweepSlot[] {
  const slots: SweepSlot[] = [];
  for (const key of Object.keys(route.params?.shape ?? {}))
    slots.push({ where: "path", path: [key], route: name });
  // A query value is text whatever it parses to (limit=25).
  for (const key of Object.keys(route.query?.shape ?? {}))
    slots.push({ where: "query", path: [key], route: name });
  slots.push({ where: "field name", path: [], route: name });
  if (route.body) {
    // A file part's text is its name.
    for (const { binary, ...field } of stringFields(jsonSchema(route.body.schema))) {
      slots.push({ ...field, where: binary ? "file name" : "body", route: name });
    }
  }
  return slots;
}

function getAt(value: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>(
    (at, key) => (at as Record<string | number, unknown> | undefined)?.[key],
    value,
  );
}

/** Sets `value` at `path`, building a union's form around it from the baseline or SAMPLES. */
function setAt(body: Record<string, unknown>, path: (string | number)[], value: unknown, form?: Form) {
  if (form) {
    const current = getAt(body, form.at);
    const object: Record<string, unknown> = {};
    for (const key of form.schema.required ?? []) {
      const existing = (current as Record<string, unknown> | undefined)?.[key];
      object[key] = typeof current === "object" && existing !== undefined ? existing : SAMPLES[key];
      if (object[key] === undefined) throw new Error(`add a sample value for "${key}" to SAMPLES`);
    }
    setAt(body, form.at, object);
  }
  let at: Record<string | number, unknown> = body;
  for (const [index, key] of path.slice(0, -1).entries()) {
    const next = at[key];
    if (typeof next !== "object" || next === null) at[key] = typeof path[index + 1] === "number" ? [] : {};
    at = at[key] as Record<string | number, unknown>;
  }
  const last = path.at(-1);
  if (last !== undefined) at[last] = value;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Where a lone surrogate cannot be sent at all: UTF-8 has no bytes for it, so a client's encoder
 * puts U+FFFD, an ordinary character, in a multipart body; in a path segment the nearest a client
 * can get is bytes that do not decode (%ED%A0%80), which Next.js's router answers itself before
 * any route runs (see "What a request may contain" in docs/api.md). A field's name is still swept:
 * the schema knows no such field. Query values do carry such bytes to the route, and are swept.
 */
function sendable(slot: SweepSlot, value: string): boolean {
  const route: RouteDef = routes[slot.route];
  const multipart = route.body?.contentType === "multipart/form-data" && slot.where !== "field name";
  return !((multipart || slot.where === "path") && LONE_SURROGATE.test(value));
}

const fieldName = (path: (string | number)[]) => path.join(".");

/**
 * Percent-encodes as a client would, except that a lone surrogate (which encodeURIComponent
 * refuses) is sent as the three bytes it would take if UTF-8 allowed it (%ED%A0%80): what a
 * hostile client can put in a URL.
 */
function percentEncode(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const pair = unit >= 0xd800 && unit <= 0xdbff && /[\udc00-\udfff]/.test(text[i + 1] ?? "");
    if (pair) {
      out += encodeURIComponent(text.slice(i, i + 2));
      i++;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join("");
    } else {
      out += encodeURIComponent(text[i] ?? "");
    }
  }
  return out;
}

describe("hostile input on every /api/v1 route", () => {
  let api: ApiTestDeps;
  let workspaceId: string;
  let apiKey: string;
  let baselines: Record<RouteName, Request>;

  beforeAll(async () => {
    api = await setUpApiDeps({ rateLimit: createApiRateLimit(redis(), 100_000, `test-api-${randomUUID()}`) });
    const { workspace } = await makeWorkspace(db());
    workspaceId = workspace.id;
    const brand = await makeBrand(db(), workspace.id, { timeZone: "Europe/Berlin" });
    const channels = await makeSandboxChannels(db(), secretBoxFromEnv(env()), brand);
    apiKey = (await makeApiKey(db(), workspace.id, "OWNER")).key;
    const image = await makeMediaAsset(db(), workspace.id, {
      kind: "IMAGE",
      bytes: jpeg({ seed: 1 }),
      mimeType: "image/jpeg",
    });
    const story = await callApi("POST", "/stories", {
      key: apiKey,
      json: {
        brandId: brand.id,
        channelIds: channels.map((c) => c.id),
        frames: [image.id],
        when: { at: "2099-03-01T09:00:00Z" },
      },
    });
    expect(story.status).toBe(201);
    const storyId: string = story.body.id;
    const targetId: string = story.body.targets[0].id;
    const whatsapp = channels.find((c) => c.platform === "WHATSAPP") ?? channels[0];
    const instagram = channels.find((c) => c.platform === "INSTAGRAM") ?? channels[0];
    if (!instagram) throw new Error("channels");
    // Nobody wrote: a well-formed answer is refused (409) before anything is stored or sent.
    const conversation = await makeConversation(db(), instagram, { lastInboundAt: null, withMessage: false });
    const importJob = await db().importJob.create({
      data: { workspaceId: workspace.id, brandId: brand.id, fileName: "plan.csv", file: new Uint8Array([1]) },
    });
    const dataExport = await db().dataExport.create({
      data: { workspaceId: workspace.id, brandId: brand.id },
    });
    baselines = {
      listBrands: {},
      createBrand: {
        body: {
          name: "Hostile",
          timeZone: "UTC",
          approvalPolicy: "NONE",
          quietHoursStart: "22:00",
          quietHoursEnd: "06:00",
        },
      },
      updateBrand: {
        params: { brandId: brand.id },
        body: { name: "Hostile", timeZone: "UTC", quietHoursStart: "22:00", quietHoursEnd: "06:00" },
      },
      listChannels: { params: { brandId: brand.id } },
      listAudienceLists: { params: { brandId: brand.id } },
      importPlan: {
        params: { brandId: brand.id },
        query: { dryRun: "true" },
        body: {
          file: new File(
            [`brand,channels,date,time,frames\n${brand.name},x,2099-03-01,09:00,m\n`],
            "plan.csv",
          ),
        },
      },
      getImport: { params: { importId: importJob.id } },
      startDataExport: { body: { brandId: null } },
      getDataExport: { params: { exportId: dataExport.id } },
      uploadMedia: {
        body: { file: new File([new Uint8Array(jpeg({ seed: 2 }))], "photo.jpg"), brandId: brand.id },
      },
      importMedia: { body: { url: "http://127.0.0.1:9/photo.jpg", brandId: brand.id } },
      listMedia: {
        query: { brandId: brand.id, status: "READY", kind: "IMAGE", limit: "10", cursor: "next" },
      },
      getMedia: { params: { mediaId: image.id } },
      listAuditEntries: {
        query: {
          actor: "user:someone",
          group: "channels",
          brandId: brand.id,
          from: "2026-01-01",
          to: "2026-12-31",
          limit: "10",
          cursor: "next",
        },
      },
      createStory: {
        body: {
          brandId: brand.id,
          title: "Hostile",
          channelIds: channels.map((c) => c.id),
          frames: [image.id, { text: "Hello", backgroundColor: "#38B42F" }],
          whatsappText: "Caption",
          overrides: [{ channelId: whatsapp?.id, frames: [0], caption: "Caption" }],
          when: { local: "2099-03-01T09:00", timeZone: "Europe/Berlin" },
          freshnessMinutes: 60,
        },
      },
      listStories: {
        query: {
          brandId: brand.id,
          status: "SCHEDULED",
          scheduledFrom: "2099-01-01T00:00:00Z",
          scheduledBefore: "2099-12-01T00:00:00Z",
          limit: "10",
          cursor: "next",
        },
      },
      getStory: { params: { storyId } },
      rescheduleStory: { params: { storyId }, body: { when: { at: "2099-04-01T09:00:00Z" } } },
      // The story is not in review (its brand needs none): a well-formed decision is a conflict.
      approveStory: { params: { storyId }, body: { version: 1, comment: "Looks good" } },
      requestStoryChanges: { params: { storyId }, body: { version: 1, comment: "Brighter, please" } },
      listComments: { params: { storyId } },
      createComment: { params: { storyId }, body: { body: "Looks good" } },
      cancelStory: { params: { storyId } },
      retryTarget: { params: { storyId, targetId } },
      getStoryInsights: { params: { storyId } },
      getBrandInsights: { params: { brandId: brand.id }, query: { from: "2099-03-01", to: "2099-03-31" } },
      listConversations: { query: { brandId: brand.id, status: "OPEN", limit: "10", cursor: "next" } },
      listMessages: { params: { conversationId: conversation.id } },
      sendMessage: {
        params: { conversationId: conversation.id },
        body: { text: "Thanks!", clientId: randomUUID(), humanAgent: false },
      },
    };
  });

  afterAll(async () => {
    await api.close();
  });

  /** Every tenant table's rows of the workspace (ApiKey by count: authenticating records its last use), queued jobs and stored files. */
  async function fingerprint() {
    const tables = await db().$queryRaw<{ table_name: string }[]>`
      SELECT table_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND column_name = 'workspaceId' ORDER BY table_name`;
    expect(tables.length).toBeGreaterThan(5);
    const rows: Record<string, string> = {};
    for (const { table_name: table } of tables) {
      const digest =
        table === "ApiKey"
          ? `count(*)::text`
          : `count(*)::text || ':' || coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '')`;
      const [row] = await db().$queryRawUnsafe<{ digest: string }[]>(
        `SELECT ${digest} AS digest FROM "${table}" t WHERE "workspaceId" = $1`,
        workspaceId,
      );
      rows[table] = row?.digest ?? "";
    }
    const jobs = await Promise.all(
      [api.queues.dispatch, ...api.queues.publishShards, api.mediaQueue].map((q) => q.getJobCounts()),
    );
    const files = await readdir(api.mediaDir, { recursive: true });
    return { rows, jobs, files: files.length };
  }

  async function send(slot: SweepSlot, value: string) {
    const route: RouteDef = routes[slot.route];
    const { params = {}, query = {}, body: baseline = {} } = baselines[slot.route];
    const { file, ...fields } = baseline;
    const body: Record<string, unknown> = { ...structuredClone(fields), ...(file ? { file } : {}) };
    const path = { ...params };
    const search = { ...query };
    if (slot.where === "path") path[fieldName(slot.path)] = value;
    if (slot.where === "query") search[fieldName(slot.path)] = value;
    if (slot.where === "body") setAt(body, slot.path, value, slot.form);
    if (slot.where === "file name")
      setAt(body, slot.path, new File([new Uint8Array(jpeg({ seed: 3 }))], value));
    if (slot.where === "field name") {
      if (route.body) body[value] = "x";
      else search[value] = "x";
    }
    let url = route.path.replace(/\{(\w+)\}/g, (_, name: string) => percentEncode(path[name] ?? ""));
    const encoded = Object.entries(search).map(
      ([name, item]) => `${percentEncode(name)}=${percentEncode(item)}`,
    );
    if (encoded.length > 0) url += `?${encoded.join("&")}`;
    const headers = route.method === "POST" ? { "idempotency-key": randomUUID() } : undefined;
    if (route.body?.contentType === "multipart/form-data") {
      const form = new FormData();
      for (const [key, item] of Object.entries(body))
        form.set(key, item instanceof File ? item : String(item));
      return callApi(route.method, url, { key: apiKey, form, headers });
    }
    return callApi(route.method, url, { key: apiKey, json: route.body ? body : undefined, headers });
  }

  const allSlots = () =>
    (Object.entries(routes) as [RouteName, RouteDef][]).flatMap(([name, route]) => slotsOf(name, route));

  it("starts from requests the routes accept, and finds the fields to attack in them", () => {
    for (const [name, route] of Object.entries(routes) as [RouteName, RouteDef][]) {
      const request = baselines[name];
      if (route.params) parseInput(route.params, request.params);
      if (route.query) parseInput(route.query, request.query);
      if (route.body) parseInput(route.body.schema, request.body);
    }
    const fields = allSlots().map((slot) => `${slot.route} ${slot.where} ${fieldName(slot.path)}`);
    // Spot checks that the walk reaches nested fields, each form of a union and a file's name.
    expect(fields).toEqual(
      expect.arrayContaining([
        "createStory body when.local",
        "createStory body when.timeZone",
        "createStory body when.at",
        "createStory body frames.0",
        "createStory body frames.0.text",
        "createStory body overrides.0.caption",
        "uploadMedia file name file",
        "listStories query cursor",
        "retryTarget path targetId",
      ]),
    );
  });

  for (const [kind, value] of Object.entries(HOSTILE)) {
    // The sweep grows with every route (one call per field, a 1 MB body each): 34 s on a loaded
    // two-core machine once the comment routes came, past the default 30 s.
    it(`refuses ${kind} in every string field of every route with a 4xx and writes nothing`, {
      timeout: 120_000,
    }, async () => {
      const before = await fingerprint();
      // Soft: one run lists every field that lets the value through, not only the first.
      for (const slot of allSlots()) {
        const label = `${slot.route} ${slot.where} ${fieldName(slot.path) || "(name)"}`;
        if (!sendable(slot, value)) continue;
        const response = await send(slot, value);
        expect.soft(response.status, label).toBeGreaterThanOrEqual(400);
        expect.soft(response.status, label).toBeLessThan(500);
        // An unknown field's name is refused as unknown, whatever else is wrong with it.
        if (slot.where === "field name") continue;
        // Refused by name, not looked up: the field is in the problem's errors.
        expect.soft(response.status, label).toBe(422);
        const fields = (response.body.errors ?? []).map((e: { field: string }) => e.field);
        expect.soft(fields, label).toContain(fieldName(slot.path));
      }
      expect(await fingerprint()).toEqual(before);
    });
  }

  it("refuses a NUL or lone surrogate anywhere inside random text in any field (property)", async () => {
    const slots = allSlots();
    const before = await fingerprint();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...slots),
        fc.string({ maxLength: 20 }),
        fc.constantFrom("\u0000", "\ud800", "\udfff", "\udbff"),
        fc.string({ maxLength: 20 }),
        async (slot, head, bad, tail) => {
          const value = `${head}${bad}${tail}`;
          fc.pre(sendable(slot, value));
          const response = await send(slot, value);
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: 60 },
    );
    expect(await fingerprint()).toEqual(before);
  });
});
