import { randomUUID } from "node:crypto";
import { copyFile, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import {
  makeApiKey,
  makeBrand,
  makeMediaAsset,
  makeSandboxChannels,
  makeWorkspace,
} from "@/prisma/factories";
import { type ApiTestDeps, callApi, fetchApi, setUpApiDeps } from "@/test/api/api-test-kit";
import { jpeg } from "@/test/media/media-fixtures";

/** What the test uses of test/api-client/story-client.ts, which it loads from its typechecked copy. */
type StoryClientModule = {
  storyClient(options: { baseUrl: string; apiKey: string; fetch: (request: Request) => Promise<Response> }): {
    createStory(story: Record<string, unknown>, idempotencyKey: string): Promise<ReadStory>;
    getStory(storyId: string): Promise<ReadStory>;
    listStories(brandId: string, status: string[]): Promise<unknown[]>;
  };
};
type ReadStory = { id: string; targets: { channel: { id: string } }[] } & Record<string, unknown>;

/**
 * The promise to integrators: a standard generator turns /api/v1/openapi.json into types, and a
 * client written against them compiles and works. The types are generated from the document the
 * app serves at test time (not a committed copy), so the test follows every schema change and
 * cannot pass on a stale snapshot; the client module is committed (test/api-client).
 */
describe("a client generated from the OpenAPI document", () => {
  let api: ApiTestDeps;
  let dir: string;

  beforeAll(async () => {
    api = await setUpApiDeps();
    dir = await mkdtemp(join(tmpdir(), "storyrelay-api-client-"));
  });
  afterAll(async () => {
    await api.close();
    await rm(dir, { recursive: true, force: true });
  });

  // tsc over the generated types takes seconds, more on a busy machine.
  it("typechecks with openapi-typescript's types and creates and reads back a story with openapi-fetch", {
    timeout: 120_000,
  }, async () => {
    const served = await callApi("GET", "/openapi.json");
    expect(served.status).toBe(200);
    const types = astToString(await openapiTS(served.body));
    await writeFile(join(dir, "api-types.ts"), types);
    await copyFile(join(process.cwd(), "test/api-client/story-client.ts"), join(dir, "story-client.ts"));
    // Resolves openapi-fetch from the temporary folder as from the project.
    await symlink(join(process.cwd(), "node_modules"), join(dir, "node_modules"), "dir");

    const program = ts.createProgram([join(dir, "story-client.ts")], {
      strict: true,
      noUncheckedIndexedAccess: true,
      target: ts.ScriptTarget.ES2023,
      lib: ["lib.es2023.d.ts", "lib.dom.d.ts"],
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      skipLibCheck: true,
      noEmit: true,
      types: [],
    });
    const errors = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(errors).toEqual([]);

    const { workspace } = await makeWorkspace(db());
    const brand = await makeBrand(db(), workspace.id, { timeZone: "Europe/Lisbon" });
    const channels = await makeSandboxChannels(db(), secretBoxFromEnv(env()), brand);
    const image = await makeMediaAsset(db(), workspace.id, {
      kind: "IMAGE",
      bytes: jpeg({ seed: 7 }),
      mimeType: "image/jpeg",
    });
    const { key } = await makeApiKey(db(), workspace.id, "OWNER");
    // The module tsc just checked (the project's tsconfig leaves it out: its types exist only here).
    const { storyClient }: StoryClientModule = await import(/* @vite-ignore */ join(dir, "story-client.ts"));
    const client = storyClient({ baseUrl: "http://localhost/api/v1", apiKey: key, fetch: fetchApi });

    const created = await client.createStory(
      {
        brandId: brand.id,
        title: "Harbour opening",
        channelIds: channels.map((c) => c.id),
        frames: [image.id],
        when: { at: "2099-06-01T10:00:00+01:00" },
      },
      randomUUID(),
    );
    expect(created).toMatchObject({ brandId: brand.id, title: "Harbour opening", status: "SCHEDULED" });
    const read = await client.getStory(created.id);
    expect(read).toMatchObject({
      id: created.id,
      scheduledAt: "2099-06-01T09:00:00.000Z",
      frames: [{ position: 0, mediaAsset: { id: image.id } }],
    });
    expect(read.targets.map((t) => t.channel.id).sort()).toEqual(channels.map((c) => c.id).sort());
    expect(await client.listStories(brand.id, ["SCHEDULED"])).toEqual([
      { id: created.id, title: "Harbour opening", status: "SCHEDULED" },
    ]);
    // A refusal reaches the client as the API's problem details.
    await expect(client.getStory("no-such-story")).rejects.toThrow(/^404 NOT_FOUND/);
  });
});
