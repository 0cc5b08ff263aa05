import { describe, expect, it } from "vitest";
import { META_LOGINS, missingScopes, scopesToRequest } from "./meta-logins";
import { STORY_PLATFORMS } from "./registry";

describe("Meta logins", () => {
  it("asks each login for what publishing needs on every platform it connects, once each", () => {
    const facebook = scopesToRequest("facebook", ["publish"]);
    expect(facebook).toEqual([
      "pages_show_list",
      "pages_read_engagement",
      "pages_manage_posts",
      "instagram_basic",
      "instagram_content_publish",
    ]);
    expect(scopesToRequest("instagram", ["publish", "insights"])).toEqual([
      "instagram_business_basic",
      "instagram_business_content_publish",
      "instagram_business_manage_insights",
    ]);
  });

  it("names the scopes a channel lacks for a purpose, and none when all were granted", () => {
    const granted = ["pages_show_list", "pages_read_engagement", "instagram_basic"];
    expect(missingScopes("facebook", "INSTAGRAM", "publish", granted)).toEqual(["instagram_content_publish"]);
    expect(missingScopes("facebook", "FACEBOOK", "publish", [...granted, "pages_manage_posts"])).toEqual([]);
  });

  it("connects only platforms StoryRelay knows, and uses Instagram Login's current scope names", () => {
    for (const login of Object.values(META_LOGINS)) {
      for (const platform of Object.keys(login.scopes)) expect(STORY_PLATFORMS).toContain(platform);
    }
    // Meta retired the bare business_* names on 27 January 2025.
    expect(
      scopesToRequest("instagram", ["publish", "insights", "messages"]).every((s) =>
        s.startsWith("instagram_business_"),
      ),
    ).toBe(true);
  });
});
