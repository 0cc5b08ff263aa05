import net from "node:net";
import { expect, type Page, test } from "@playwright/test";
import { formatNamedInstant } from "@/lib/core/instant-format";
import { formatWallClock, wallClockAt } from "@/lib/core/wall-clock";
import { db, disconnectDb } from "@/lib/db/client";
import { resolveWorkspaceContext } from "@/lib/workspaces/resolve-workspace-context";
import { jpeg } from "@/test/media/media-fixtures";
import { connectSandboxChannels, newOwnerWithBrand, runId } from "./support/accounts";
import { count } from "./support/database";
import { readyMediaAsset } from "./support/ready-media";
import { keepScreenshot } from "./support/screenshots";

// Issue 11, items 8–11: the connect form and the composer say what is true. A gateway that cannot
// be reached is refused with "nothing was saved" (not the pipeline's "will try again"), and the
// banner goes when the platform changes; a 5,940-character caption is kept whole, counted and
// refused (never cut to 700); a time in the past is refused live with the server's words, next to
// the Schedule button; a text status goes only to the channels that can show it.

const RUN = runId();
const owner = {
  name: "Tru Composer",
  email: `truth-${RUN}@e2e.storyrelay.test`,
  password: "a long enough passphrase",
  workspace: `Truth Agency ${RUN}`,
};
const ZONE = "Europe/Lisbon";
const brandName = `Harbour Deli ${RUN}`;
const photoName = `deli-${RUN}.jpg`;
const WIDTHS = [1280, 390] as const;

test.use({ locale: "en-US", viewport: { width: 1280, height: 900 } });

test.afterAll(async () => {
  await disconnectDb();
});

/** The same view at each width, kept as `<name>-<width>.png`. */
async function screenshots(page: Page, name: string) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await keepScreenshot(page, `${name}-${width}.png`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** A local URL nothing listens on. */
async function closedPortUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

test("the connect form and the composer tell the truth", async ({ page }) => {
  test.setTimeout(180_000);
  let slug = "";
  let brandId = "";

  await test.step("an owner with a brand, its sandbox channels and one ready photo", async () => {
    ({ slug, brandId } = await newOwnerWithBrand(page, owner, { name: brandName, timeZone: ZONE }));
    await connectSandboxChannels(brandId);
    const user = await db().user.findUniqueOrThrow({ where: { email: owner.email } });
    const ctx = await resolveWorkspaceContext(db(), user.id, slug);
    const bytes = Buffer.concat([
      jpeg({ width: 1080, height: 1920 }),
      Buffer.from(`storyrelay-truth-${RUN}`),
    ]);
    await readyMediaAsset(ctx, { bytes, originalName: photoName, brandId });
  });

  await test.step("8: an unreachable gateway: nothing saved, nothing retried; the banner goes with the platform", async () => {
    const gateway = await closedPortUrl();
    await page.goto(`/w/${slug}/brands/${brandId}/channels/new`);
    await page.getByRole("radio", { name: "WhatsApp Status" }).check();
    await page.getByLabel("Gateway URL").fill(gateway);
    await page.getByLabel("Session name").fill(`truth-${RUN}`);
    await page.getByLabel("API key").fill(`waha-key-${RUN}`);
    await page.getByLabel(/I understand that posting WhatsApp Status/).check();
    await page.getByRole("button", { name: "Connect" }).click();

    const said = `The WhatsApp gateway at ${gateway} could not be reached: nothing was saved, and StoryRelay will not try again by itself. Check the gateway URL and that the gateway is running, then press Connect again.`;
    await expect(page.getByLabel("Gateway URL")).toHaveAttribute("aria-invalid", "true");
    // Said once beside the form (and beside the field), and in the notification region.
    await expect(page.getByRole("main").getByRole("alert")).toHaveText(said);
    await expect(page.getByText(/will check and try again/)).toHaveCount(0);
    await expect(page.getByRole("main").getByRole("alert")).toHaveCount(1);
    expect(
      await count(`"Channel" WHERE "brandId" = $1 AND platform = 'WHATSAPP' AND sandbox = false`, [brandId]),
    ).toBe(0);
    await screenshots(page, "connect-unreachable");

    await page.getByRole("radio", { name: "Instagram" }).check();
    await expect(page.getByRole("main").getByRole("alert")).toHaveCount(0);
    await expect(page.getByRole("main").getByText(said)).toHaveCount(0);
    await page.getByRole("radio", { name: "WhatsApp Status" }).check();
    await expect(page.getByRole("main").getByText(said)).toHaveCount(0);
  });

  await test.step("9: a 5,940-character caption is kept whole, counted and refused, never cut", async () => {
    await page.goto(`/w/${slug}/brands/${brandId}/compose`);
    await page.getByRole("button", { name: new RegExp(`^Add ${photoName}`) }).click();
    const caption = page.getByLabel("WhatsApp caption (optional)");
    const long = `${"Fresh bread, olives and cheese from the harbour every morning. ".repeat(95).slice(0, 5_939)}!`;
    // As a paste arrives: an input's maxLength would cut it here without a word.
    await caption.focus();
    await page.keyboard.insertText(long);
    expect((await caption.inputValue()).length).toBe(5_940);
    await expect(caption).toHaveAccessibleDescription(/5,940 \/ 700 characters/);
    await expect(caption).toHaveAccessibleDescription(/WhatsApp captions are at most 700 characters\./);
    await expect(caption).toHaveAttribute("aria-invalid", "true");
    for (const name of ["Schedule", "Publish now", "Save draft"]) {
      await expect(page.getByRole("button", { name, exact: true })).toBeDisabled();
      await expect(page.getByRole("button", { name, exact: true })).toHaveAccessibleDescription(
        /WhatsApp captions are at most 700 characters\. Shorten it to save, schedule or publish\./,
      );
    }
    await expect(page.getByTestId("checks-summary")).toHaveText(
      "1 error, 0 warnings. Fix the errors to save, schedule or publish.",
    );
    await expect(page.getByTestId("checks")).toContainText("WhatsApp captions are at most 700 characters.");
    await screenshots(page, "composer-caption-too-long");

    await caption.fill("x".repeat(650));
    await expect(caption).toHaveAccessibleDescription(/650 \/ 700 characters · 50 characters left\./);
    await expect(page.getByRole("button", { name: "Schedule", exact: true })).toBeEnabled();
    await caption.fill("Fresh bread from 7.");
    await expect(caption).toHaveAccessibleDescription(/19 \/ 700 characters$/);

    const title = page.getByLabel("Title (optional)");
    await title.focus();
    await page.keyboard.insertText("t".repeat(130));
    expect((await title.inputValue()).length).toBe(130);
    await expect(title).toHaveAccessibleDescription(
      /130 \/ 120 characters · Titles are at most 120 characters\./,
    );
    await expect(page.getByRole("button", { name: "Save draft" })).toBeDisabled();
    await title.fill("Morning bread");
    await expect(page.getByRole("button", { name: "Save draft" })).toBeEnabled();
  });

  await test.step("10: a time in the past is refused live, in the server's words, next to Schedule", async () => {
    const pastInstant = new Date(Date.now() - 3 * 3_600_000);
    const past = formatWallClock(wallClockAt(pastInstant, ZONE));
    await page.getByLabel(`Time (${ZONE})`).fill(past);
    const refusal = `That time has passed: ${formatNamedInstant(pastInstant, ZONE)}. Pick a later time or publish now.`;
    await expect(page.getByTestId("when-problem")).toHaveText(refusal);
    const schedule = page.getByRole("button", { name: "Schedule", exact: true });
    await expect(schedule).toBeDisabled();
    await expect(schedule).toHaveAccessibleDescription(`Schedule needs a time it can take: ${refusal}`);
    await expect(page.getByTestId("actions-hint")).toBeVisible();
    // Publishing now needs no time.
    await expect(page.getByRole("button", { name: "Publish now" })).toBeEnabled();
    await screenshots(page, "composer-time-passed");

    const later = formatWallClock(wallClockAt(new Date(Date.now() + 26 * 3_600_000), ZONE));
    await page.getByLabel(`Time (${ZONE})`).fill(later);
    await expect(page.getByTestId("when-problem")).toHaveCount(0);
    await expect(schedule).toBeEnabled();
  });

  await test.step("11: a text status goes only to the channels that can show it, with no Leave out", async () => {
    await page.getByText("Add text status (WhatsApp Status only)").click();
    await page.getByLabel("Status text").fill(`Open till 9 tonight ${RUN}`);
    await page.getByRole("button", { name: "Add text status" }).click();
    await expect(page.getByTestId("frame")).toHaveCount(2);
    await expect(page.getByTestId("checks-summary")).toHaveText("All checks pass.");
    await expect(page.getByTestId("check-2-INSTAGRAM")).toHaveText("Left out");
    await expect(page.getByTestId("check-2-FACEBOOK")).toHaveText("Left out");
    await expect(page.getByTestId("check-2-WHATSAPP")).toContainText("OK");
    await expect(page.getByRole("button", { name: /^Leave out/ })).toHaveCount(0);
    await screenshots(page, "composer-text-status");

    await page.getByRole("button", { name: "Schedule", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/w/${slug}/stories/[a-z0-9]+$`));
    const storyId = new URL(page.url()).pathname.split("/")[4] ?? "";
    const targets = await db().storyTarget.findMany({
      where: { storyId },
      select: {
        channel: { select: { platform: true } },
        frames: { select: { frame: { select: { text: true } } } },
      },
    });
    const textOn = targets
      .filter((t) => t.frames.some((f) => f.frame.text !== null))
      .map((t) => t.channel.platform);
    expect(textOn).toEqual(["WHATSAPP"]);
    expect(targets).toHaveLength(3);
  });
});
