import { describe, expect, it } from "vitest";
import { namesAny } from "./id-tokens";

describe("namesAny", () => {
  const ids = new Set(["cmabc123", "ops@example.com"]);

  it("finds an id as a whole token in keys, job ids and payloads", () => {
    expect(namesAny("storyrelay:channel-calls:cmabc123", ids)).toBe(true);
    expect(namesAny("publish-cmabc123", ids)).toBe(true);
    expect(namesAny(JSON.stringify({ targetId: "cmabc123", workspaceId: "w1" }), ids)).toBe(true);
    expect(namesAny("storyrelay:login-fail:email:ops@example.com", ids)).toBe(true);
  });

  it("does not match an id inside another one", () => {
    expect(namesAny("storyrelay:channel-calls:cmabc1234", ids)).toBe(false);
    expect(namesAny("publish-xcmabc123", ids)).toBe(false);
    expect(namesAny("mail to ops@example.com.au", ids)).toBe(false);
  });
});
