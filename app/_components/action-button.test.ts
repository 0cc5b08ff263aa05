import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { initialActionState } from "@/app/_lib/action-state";
import { ActionButtonForm } from "./action-button";
import { AnnouncerProvider } from "./ui/announcer";

// What the server sends before the page's scripts run: the form's action is a function in the
// browser, which React renders as an action that throws, so the button must not be usable yet.
describe("ActionButtonForm in the server's HTML", () => {
  const html = renderToString(
    createElement(
      AnnouncerProvider,
      null,
      createElement(ActionButtonForm, {
        action: async () => initialActionState,
        label: "Create the feed URL",
        pendingLabel: "Making the URL…",
        className: "",
      }),
    ),
  );

  it("has no action that works without scripts", () => {
    expect(html).toMatch(/<form[^>]*action="javascript:throw/);
  });

  it("renders its button disabled until the page hydrates", () => {
    expect(html).toMatch(/<button type="submit" disabled=""[^>]*>Create the feed URL<\/button>/);
  });

  it("says, where scripts are off, that the button needs them", () => {
    expect(html).toMatch(
      /<noscript><p[^>]*>This button needs JavaScript, which is off in this browser.<\/p><\/noscript>/,
    );
  });
});
