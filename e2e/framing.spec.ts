import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import sharp from "sharp";
import { connectSandboxChannels, newOwnerWithBrand, runId } from "./support/accounts";
import { mediaCard } from "./support/media-library";
import { keepScreenshot } from "./support/screenshots";

// Framing on the processed picture (issue 11, item 14): a landscape shop sign uploaded with the
// default centred crop loses its left end; the marketer opens "Adjust framing", sees the 9:16
// window over the original, moves the focal point (click, then keys), checks the live preview,
// saves, and the real workers render the picture again. The new rendition's pixels show the
// left of the picture, and the library's thumbnail follows.

const RUN = runId();
const owner = {
  name: "Fran Framing",
  email: `framing-${RUN}@e2e.storyrelay.test`,
  password: "a long enough passphrase",
  workspace: `Framing Agency ${RUN}`,
};
const fileName = `sign-${RUN}.jpg`;

/** 1600×900 in red, green and blue thirds: a 9:16 crop (506 px wide) lies within one band. */
async function bandsJpeg(): Promise<Buffer> {
  const band = (left: number, colour: string) => ({
    input: { create: { width: 534, height: 900, channels: 3 as const, background: colour } },
    left,
    top: 0,
  });
  return sharp({ create: { width: 1600, height: 900, channels: 3, background: "#000000" } })
    .composite([band(0, "#ff0000"), band(533, "#00ff00"), band(1066, "#0000ff")])
    .jpeg({ quality: 95 })
    .toBuffer();
}

/** The band the middle of the story rendition (as the browser fetched it) shows. */
async function middleColour(page: Page, url: string): Promise<string> {
  const response = await page.request.get(url);
  expect(response.ok()).toBe(true);
  const raw = await sharp(await response.body())
    .extract({ left: 540, top: 960, width: 1, height: 1 })
    .raw()
    .toBuffer();
  const [r = 0, g = 0, b = 0] = raw;
  if (r > 180 && g < 80 && b < 80) return "red";
  if (g > 180 && r < 80 && b < 80) return "green";
  if (b > 180 && r < 80 && g < 80) return "blue";
  return `other(${r},${g},${b})`;
}

test("set the focal point on a processed photo with a live preview, save, and get the new rendition", async ({
  page,
}) => {
  test.setTimeout(150_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "storyrelay-e2e-framing-"));
  const photoPath = path.join(dir, fileName);
  fs.writeFileSync(photoPath, await bandsJpeg());
  let slug = "";
  let brandId = "";

  await test.step("a landscape photo uploaded with the default centred crop becomes Ready", async () => {
    ({ slug, brandId } = await newOwnerWithBrand(page, owner, {
      name: `Sign Shop ${RUN}`,
      timeZone: "Europe/Lisbon",
    }));
    await connectSandboxChannels(brandId);
    await page.goto(`/w/${slug}/media`);
    await page.getByLabel("Brand", { exact: true }).selectOption({ label: `Sign Shop ${RUN}` });
    await page.getByLabel("Choose files").setInputFiles(photoPath);
    await expect(mediaCard(page, fileName).getByText("Ready")).toBeVisible({ timeout: 30_000 });
  });

  await test.step("a draft story uses it; its frame in the composer links to the framing editor", async () => {
    await page.goto(`/w/${slug}/brands/${brandId}/compose`);
    await page.getByRole("button", { name: new RegExp(`^Add ${fileName}`) }).click();
    const link = page.getByRole("link", { name: "Adjust framing of frame 1 (opens in a new tab)" });
    await expect(link).toHaveAttribute("href", new RegExp(`^/w/${slug}/media/[a-z0-9]+$`));
    await expect(link).toHaveAttribute("target", "_blank");
    await page.getByLabel("Title (optional)").fill(`Shop sign ${RUN}`);
    await page.getByRole("button", { name: "Save draft" }).click();
    await expect(page).toHaveURL(new RegExp(`/w/${slug}/stories/[a-z0-9]+$`));
    await page.goto(`/w/${slug}/media`);
  });

  const rendition = () => page.getByRole("img", { name: `Current story rendition of ${fileName}` });
  const status = () => page.getByTestId("framing-status");
  let before = "";

  await test.step("the framing editor shows the original, the 9:16 window and the centred crop", async () => {
    await mediaCard(page, fileName)
      .getByRole("link", { name: `Adjust framing of ${fileName}` })
      .click();
    await expect(page.getByRole("heading", { level: 1, name: `Framing of ${fileName}` })).toBeVisible();
    await expect(status()).toHaveText("Ready");
    await expect(
      page.getByText("Used by 1 story not yet published; it will go out with the new framing."),
    ).toBeVisible();
    await expect(page.getByTestId("crop-window")).toBeVisible();
    before = (await rendition().getAttribute("src")) ?? "";
    expect(await middleColour(page, before)).toBe("green");
  });

  const focal = page.getByRole("slider", { name: "Focal point" });
  const preview = page.getByRole("img", { name: /^Preview of the story frame/ });

  await test.step("a click near the left edge moves the focal point; the window and preview follow", async () => {
    const original = page.getByTestId("framing-original");
    const box = await original.boundingBox();
    if (!box) throw new Error("the original is not on the page");
    await original.click({ position: { x: box.width * 0.1, y: box.height * 0.5 } });
    await expect(focal).toHaveAttribute("aria-valuetext", "10% from the left, 50% from the top");
    // The window stops at the picture's left edge: the preview shows the left of the picture.
    await expect(preview).toHaveCSS("object-position", "0% 50%");
    const window = await page.getByTestId("crop-window").boundingBox();
    expect(Math.abs((window?.x ?? -1) - box.x)).toBeLessThan(3);
  });

  await test.step("the arrow keys move it too (Shift for bigger steps), and never past the edge", async () => {
    await focal.focus();
    await focal.press("Shift+ArrowLeft");
    await expect(focal).toHaveAttribute("aria-valuetext", "0% from the left, 50% from the top");
    await focal.press("Shift+ArrowLeft");
    await expect(focal).toHaveAttribute("aria-valuetext", "0% from the left, 50% from the top");
    await focal.press("Shift+ArrowDown");
    await expect(focal).toHaveAttribute("aria-valuetext", "0% from the left, 60% from the top");
    await focal.press("Shift+ArrowUp");
    await focal.press("ArrowRight");
    await expect(focal).toHaveAttribute("aria-valuetext", "2% from the left, 50% from the top");
    await keepScreenshot(page, "framing-editor-laptop.png");
  });

  await test.step("fit instead of fill previews the whole picture on a blurred background, and back", async () => {
    await page.getByLabel("Fit: show all of it on a blurred background").check();
    await expect(page.getByRole("img", { name: /all of .* on a blurred background/ })).toBeVisible();
    await expect(focal).toHaveCount(0);
    await expect(page.getByText("the focal point only applies when filling the frame")).toBeVisible();
    await page.getByLabel("Fill the frame (crop around the focal point)").check();
    await expect(focal).toHaveAttribute("aria-valuetext", "2% from the left, 50% from the top");
  });

  await test.step("saving renders it again in the workers: Ready with a new rendition of the left band", async () => {
    await page.getByRole("button", { name: "Save and re-render" }).click();
    await expect(page.getByText("Saved. Re-rendering with the new framing…")).toBeVisible();
    await expect(status()).toHaveText("Ready", { timeout: 30_000 });
    await expect(rendition()).not.toHaveAttribute("src", before, { timeout: 15_000 });
    const after = (await rendition().getAttribute("src")) ?? "";
    expect(await middleColour(page, after)).toBe("red");
    // The saved framing is what the editor starts from next time.
    await page.reload();
    await expect(focal).toHaveAttribute("aria-valuetext", "2% from the left, 50% from the top");
  });

  await test.step("on a phone the editor stacks, and the library's thumbnail shows the new framing", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await keepScreenshot(page, "framing-editor-phone.png");
    await page.getByRole("link", { name: "Media library" }).click();
    const thumbnail = mediaCard(page, fileName).getByRole("img", { name: `Preview of ${fileName}` });
    const response = await page.request.get((await thumbnail.getAttribute("src")) ?? "");
    const raw = await sharp(await response.body())
      .extract({ left: 180, top: 320, width: 1, height: 1 })
      .raw()
      .toBuffer();
    expect(raw[0]).toBeGreaterThan(180);
    expect(raw[1]).toBeLessThan(80);
  });
});
