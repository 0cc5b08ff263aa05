import type { SetupCheck } from "@/lib/core/setup-check";

/**
 * The app behind "Continue with Instagram" (Instagram API with Instagram Login). Unlike a Meta
 * app, Instagram Login documents no call that proves an app id and secret without a person signing
 * in (its token endpoint documents only the code, ig_exchange_token and ig_refresh_token grants),
 * so this says only whether they are set, and says so.
 */
export function checkInstagramApp(config: {
  INSTAGRAM_APP_ID?: string;
  INSTAGRAM_APP_SECRET?: string;
}): SetupCheck {
  const base = { id: "instagram-app", title: "Instagram app (Instagram API with Instagram Login)" };
  const { INSTAGRAM_APP_ID: id, INSTAGRAM_APP_SECRET: secret } = config;
  if (!id && !secret) {
    return {
      ...base,
      status: "warn",
      detail: `No Instagram app is set: "Continue with Instagram" connects sandbox accounts on the bundled simulators, not real ones.`,
      fix: "To connect real Instagram professional accounts without a Facebook Page, add the Instagram product to the Meta app, then set INSTAGRAM_APP_ID and INSTAGRAM_APP_SECRET (Instagram → API setup with Instagram login) and restart.",
    };
  }
  if (!id || !secret) {
    const missing = id ? "INSTAGRAM_APP_SECRET" : "INSTAGRAM_APP_ID";
    return {
      ...base,
      status: "fail",
      detail: `${missing} is not set, so no Instagram sign-in can finish.`,
      fix: `Set ${missing} (Instagram → API setup with Instagram login in the Meta app) and restart.`,
    };
  }
  return {
    ...base,
    status: "pass",
    detail: `App ${id} and its secret are set. Instagram cannot check them before someone signs in: the first "Continue with Instagram" does.`,
    fix: "",
  };
}
