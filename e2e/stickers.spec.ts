import { expect, test } from "@playwright/test";
import sharp from "sharp";
import { db, disconnectDb } from "@/lib/db/client";
import { saveDraft } from "@/lib/stories/save-draft";
import { resolveWorkspaceContext } from "@/lib/workspaces/resolve-workspace-context";
import { connectSandboxChannels, newOwnerWithBrand, runId } from "./support/accounts";
import { confirmDialog } from "./support/feedback";
import { readyMediaAsset } from "./support/ready-media";
import { keepScreenshot } from "./support/screenshots";
import { stack } from "./support/stack";

// Planned stickers end to end: a story whose frame carries a mention (placed through the API's
// content) is opened in the composer, which lists it and keeps it; Publish now sends the mention to
// Instagram as user_tags, and the simulators' phone page shows it where it was placed. (A link
// sticker would hand the story to a person instead: e2e/handoff.spec.ts.)

test.afterAll(async () => {
  await disconnectDb();
});

test("a mention sticker goes out on Instagram where it was placed; the composer keeps it", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const RUN = runId();
  const owner = {
    name: "Sam Sticker",
    email: `stickers-${RUN}@e2e.storyrelay.test`,
    password: "a long enough passphrase",
    workspace: `Sticker Agency ${RUN}`,
  };
  const brandName = `Sticker Shop ${RUN}`;
  const username = `partner_${RUN}`.slice(0, 30);
  const { slug, brandId } = await newOwnerWithBrand(page, owner, { name: brandName, timeZone: "UTC" });
  const channels = await connectSandboxChannels(brandId);
  const user = await db().user.findUniqueOrThrow({ where: { email: owner.email } });
  const ctx = await resolveWorkspaceContext(db(), user.id, slug);
  const bytes = await sharp({ create: { width: 1080, height: 1920, channels: 3, background: "#c2185b" } })
    .jpeg()
    .toBuffer();
  const asset = await readyMediaAsset(ctx, { bytes, originalName: `tagged-${RUN}.jpg`, brandId });
  const instagram = channels.find((c) => c.platform === "INSTAGRAM");
  if (!instagram) throw new Error("no Instagram sandbox channel");
  const draft = await saveDraft({ db: db() }, ctx, {
    brandId,
    title: `Tagged ${RUN}`,
    channelIds: [instagram.id],
    frames: [asset.id],
    stickers: [{ frame: 0, kind: "mention", username: `@${username}`, x: 0.3, y: 0.6 }],
  });

  await page.goto(`/w/${slug}/stories/${draft.id}/edit`);
  const listed = page.getByRole("list", { name: "Stickers on this story" });
  await expect(listed.getByTestId("sticker-summary")).toHaveText([`Frame 1: Mention @${username}`]);
  await keepScreenshot(page, "stickers-composer.png");
  await page.getByRole("button", { name: "Publish now" }).click();
  await confirmDialog(page, "Publish now");
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/stories/${draft.id}$`));
  await expect(page.getByTestId("story-status")).toHaveText("Published", { timeout: 90_000 });

  // Saving through the composer kept the sticker on its frame.
  const frame = await db().storyFrame.findFirstOrThrow({ where: { storyId: draft.id } });
  expect(frame.stickers).toEqual([{ kind: "mention", username, x: 0.3, y: 0.6 }]);

  const simulator = await page.context().newPage();
  // That account's phone only, as a sandbox story's "View on the platform" link opens it.
  await simulator.goto(`${stack.simulatorUrl}/?platform=instagram&account=${instagram.externalAccountId}`);
  const mention = simulator
    .locator("section.phone.instagram")
    .locator(`figure.story .mention[data-username="${username}"]`);
  await expect(mention).toHaveText(`@${username}`);
  await expect(mention).toHaveAttribute("style", "left:30%;top:60%");
  await keepScreenshot(simulator, "stickers-simulator-phone.png");
  await simulator.close();
});
