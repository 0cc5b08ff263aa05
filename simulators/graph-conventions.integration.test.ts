import { createHmac } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { jpeg } from "@/test/media/media-fixtures";
import { type MediaServer, startMediaServer } from "@/test/simulators/media-server";
import {
  DAY,
  type Json,
  type ParamStyle,
  startTestSimulator,
  type TestSimulator,
} from "@/test/simulators/sim-client";

let sim: TestSimulator;
let media: MediaServer;
let account: Json;

beforeAll(async () => {
  sim = await startTestSimulator({ instagram: { imageProcessingMs: 0 } });
  media = await startMediaServer();
});

afterAll(async () => {
  await sim.close();
  await media.close();
});

beforeEach(async () => {
  await sim.control("POST", "reset");
  account = await sim.createAccount({ platform: "instagram", name: "acme" });
});

describe("Graph parameter styles and token placement", () => {
  it.each(["query", "form", "json"] as ParamStyle[])(
    "creates and publishes with parameters as %s",
    async (style) => {
      const url = media.serve(`/${style}.jpg`, jpeg({ seed: style.length }));
      for (const tokenIn of ["param", "bearer"] as const) {
        const options = { style, token: account.token, tokenIn };
        const created = await sim.graph(
          "instagram",
          "POST",
          `${account.id}/media`,
          { media_type: "STORIES", image_url: url },
          options,
        );
        expect(created.status, JSON.stringify(created.body)).toBe(200);
        const published = await sim.graph(
          "instagram",
          "POST",
          `${account.id}/media_publish`,
          { creation_id: created.body.id },
          options,
        );
        expect(published.status).toBe(200);
      }
      expect(await sim.ledger()).toHaveLength(2);
    },
  );

  it("accepts multipart form bodies", async () => {
    const form = new FormData();
    form.set("media_type", "STORIES");
    form.set("image_url", media.serve("/multipart.jpg", jpeg()));
    form.set("access_token", account.token);
    const response = await fetch(`${sim.base}/instagram/v25.0/${account.id}/media`, {
      method: "POST",
      body: form,
    });
    expect(response.status).toBe(200);
  });

  it("accepts any vNN.N version and unversioned paths, on both hosts", async () => {
    for (const version of ["v19.0", "v25.0", "v26.0", null]) {
      for (const host of ["facebook", "instagram"] as const) {
        const me = await sim.graph(
          host,
          "GET",
          account.id,
          { fields: "username" },
          { token: account.token, version },
        );
        expect(me.body).toEqual({ id: account.id, username: "acme" });
      }
    }
  });
});

describe("Graph errors", () => {
  it("answers a missing token with 104 and an unknown one with 190", async () => {
    const missing = await sim.graph("instagram", "GET", account.id);
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({
      code: 104,
      type: "OAuthException",
      fbtrace_id: expect.any(String),
    });
    const unknown = await sim.graph("instagram", "GET", account.id, {}, { token: "EAAnonsense" });
    expect(unknown.body.error).toMatchObject({ code: 190 });
    expect(unknown.body.error.error_subcode).toBeUndefined();
  });

  it("expires tokens after their lifetime (190/463) and on demand", async () => {
    await sim.advance(60 * DAY);
    const late = await sim.graph("instagram", "GET", "me", {}, { token: account.token });
    expect(late.body.error).toMatchObject({ code: 190, error_subcode: 463 });
    expect(late.body.error.message).toContain("Session has expired");

    const fresh = await sim.createAccount({ platform: "instagram" });
    await sim.fault({ kind: "expire_token", platform: "instagram", accountId: fresh.id });
    const expired = await sim.graph("instagram", "GET", "me", {}, { token: fresh.token });
    expect(expired.body.error).toMatchObject({ code: 190, error_subcode: 463 });
  });

  it("revokes tokens with a chosen subcode (460 by default)", async () => {
    await sim.fault({ kind: "revoke_token", platform: "instagram", accountId: account.id });
    const revoked = await sim.graph("instagram", "GET", "me", {}, { token: account.token });
    expect(revoked.body.error).toMatchObject({ code: 190, error_subcode: 460 });
    const other = await sim.createAccount({ platform: "instagram" });
    await sim.fault({ kind: "revoke_token", platform: "instagram", accountId: other.id, subcode: 458 });
    expect(
      (await sim.graph("instagram", "GET", "me", {}, { token: other.token })).body.error.error_subcode,
    ).toBe(458);
  });

  it("answers unknown ids with 100/33 and unknown paths with 2500", async () => {
    const unknown = await sim.graph("instagram", "GET", "999999", {}, { token: account.token });
    expect(unknown.body.error).toMatchObject({ code: 100, error_subcode: 33, type: "GraphMethodException" });
    const path = await sim.graph("instagram", "GET", `${account.id}/tags`, {}, { token: account.token });
    expect(path.body.error).toMatchObject({ code: 2500 });
    const wrongMethod = await sim.graph(
      "instagram",
      "GET",
      `${account.id}/media_publish`,
      {},
      { token: account.token },
    );
    expect(wrongMethod.body.error).toMatchObject({ code: 100, error_subcode: 33 });
  });

  it("checks appsecret_proof when given, and requires it when configured", async () => {
    const proof = createHmac("sha256", "storyrelay-simulator-secret").update(account.token).digest("hex");
    const good = await sim.graph(
      "instagram",
      "GET",
      "me",
      { appsecret_proof: proof },
      { token: account.token },
    );
    expect(good.status).toBe(200);
    const bad = await sim.graph(
      "instagram",
      "GET",
      "me",
      { appsecret_proof: "00ff" },
      { token: account.token },
    );
    expect(bad.body.error).toMatchObject({ code: 100 });

    const strict = await startTestSimulator({ requireAppSecretProof: true });
    try {
      const owner = await strict.createAccount({ platform: "instagram" });
      const without = await strict.graph("instagram", "GET", "me", {}, { token: owner.token });
      expect(without.body.error.code).toBe(100);
      const ownerProof = createHmac("sha256", "storyrelay-simulator-secret")
        .update(owner.token)
        .digest("hex");
      expect(
        (
          await strict.graph(
            "instagram",
            "GET",
            "me",
            { appsecret_proof: ownerProof },
            { token: owner.token },
          )
        ).status,
      ).toBe(200);
    } finally {
      await strict.close();
    }
  });
});

describe("usage headers and throttling", () => {
  it("sends X-App-Usage and X-Business-Use-Case-Usage in percent of the hourly budget", async () => {
    const metered = await startTestSimulator({ usage: { appCallsPerHour: 100, accountCallsPerHour: 10 } });
    try {
      const owner = await metered.createAccount({ platform: "instagram" });
      const call = () =>
        metered.graph("instagram", "GET", `${owner.id}/content_publishing_limit`, {}, { token: owner.token });
      const first = await call();
      expect(JSON.parse(first.headers.get("x-app-usage") ?? "")).toEqual({
        call_count: 1,
        total_time: 1,
        total_cputime: 1,
      });
      const buc = JSON.parse(first.headers.get("x-business-use-case-usage") ?? "");
      expect(buc[owner.id][0]).toMatchObject({
        type: "instagram",
        call_count: 10,
        estimated_time_to_regain_access: 0,
      });

      for (let i = 0; i < 9; i++) expect((await call()).status).toBe(200);
      const throttled = await call();
      expect(throttled.body.error).toMatchObject({ code: 80002, is_transient: true });
      const over = JSON.parse(throttled.headers.get("x-business-use-case-usage") ?? "");
      expect(over[owner.id][0].call_count).toBeGreaterThanOrEqual(100);
      expect(over[owner.id][0].estimated_time_to_regain_access).toBeGreaterThan(0);

      // The budget is a rolling hour on the simulated clock.
      await metered.advance(61 * 60_000);
      expect((await call()).status).toBe(200);
    } finally {
      await metered.close();
    }
  });

  it("throttles the whole app with code 4 once its budget is spent", async () => {
    const metered = await startTestSimulator({ usage: { appCallsPerHour: 3 } });
    try {
      const owner = await metered.createAccount({ platform: "instagram" });
      for (let i = 0; i < 3; i++) await metered.graph("instagram", "GET", "me", {}, { token: owner.token });
      const throttled = await metered.graph("instagram", "GET", "me", {}, { token: owner.token });
      expect(throttled.body.error).toMatchObject({ code: 4 });
    } finally {
      await metered.close();
    }
  });
});
