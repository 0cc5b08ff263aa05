import { describe, expect, it } from "vitest";
import { META_LOGINS } from "@/lib/core/platforms/meta-logins";
import { checkInstagramApp } from "./check-instagram-app";
import { checkRedirectUris } from "./redirect-uris";

describe("checkRedirectUris", () => {
  it("lists one URI per login under PUBLIC_BASE_URL, to copy", () => {
    const check = checkRedirectUris("https://stories.example.com");
    expect(check.status).toBe("pass");
    expect(check.copy).toEqual([
      {
        label: "Facebook Login for Business",
        value: `https://stories.example.com${META_LOGINS.facebook.callbackPath}`,
        copyLabel: "Copy Facebook Login for Business redirect URI",
      },
      {
        label: "Instagram API with Instagram Login",
        value: `https://stories.example.com${META_LOGINS.instagram.callbackPath}`,
        copyLabel: "Copy Instagram API with Instagram Login redirect URI",
      },
    ]);
    expect(check.copy?.[0]?.value).toBe("https://stories.example.com/api/oauth/facebook/callback");
  });

  it("accepts http on localhost but warns about http elsewhere", () => {
    expect(checkRedirectUris("http://localhost:3000").status).toBe("pass");
    const plain = checkRedirectUris("http://stories.example.com");
    expect(plain.status).toBe("warn");
    expect(plain.detail).toContain("only https");
  });
});

describe("checkInstagramApp", () => {
  it("says honestly that a set app cannot be checked before a sign-in", () => {
    const check = checkInstagramApp({ INSTAGRAM_APP_ID: "123", INSTAGRAM_APP_SECRET: "s" });
    expect(check.status).toBe("pass");
    expect(check.detail).toContain("cannot check them before someone signs in");
  });

  it("warns in the sandbox and fails on half a configuration", () => {
    expect(checkInstagramApp({}).status).toBe("warn");
    const half = checkInstagramApp({ INSTAGRAM_APP_ID: "123" });
    expect(half).toMatchObject({ status: "fail", detail: expect.stringContaining("INSTAGRAM_APP_SECRET") });
  });
});
