import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { jpeg, png } from "@/test/media/media-fixtures";
import { testVideo } from "@/test/media/test-media";
import { newOwnerWithBrand, runId } from "./support/accounts";
import { count } from "./support/database";
import { confirmDialog } from "./support/feedback";
import { dropFiles, mediaCard } from "./support/media-library";
import { keepScreenshot } from "./support/screenshots";

// The media library end to end: a fresh owner uploads a photo (chosen with the file input) and a
// landscape video (dropped on the drop zone); both show progress, then process to Ready in the
// real workers. Then the bad uploads: each is refused with its reason and leaves no row behind.
// Screenshots at laptop and phone widths go to test-results/screenshots.

const RUN = runId();
const owner = {
  name: "Mia Media",
  email: `media-${RUN}@e2e.storyrelay.test`,
  password: "a long enough passphrase",
  workspace: `Media Agency ${RUN}`,
};
const brandName = `Lighthouse Bakery ${RUN}`;

test("upload a photo and a video with progress, process them, refuse bad files", async ({ page }) => {
  test.setTimeout(150_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "storyrelay-e2e-media-"));
  const photoPath = path.join(dir, `shopfront-${RUN}.jpg`);
  fs.writeFileSync(photoPath, jpeg({ width: 1600, height: 1200 }));
  const videoPath = await testVideo(dir, {
    width: 320,
    height: 240,
    seconds: 3,
    codec: "mpeg4",
    name: `tour-${RUN}.mp4`,
  });
  let slug = "";
  let brandId = "";

  await test.step("a fresh owner signs up, creates a brand and opens the media library", async () => {
    ({ slug, brandId } = await newOwnerWithBrand(page, owner, {
      name: brandName,
      timeZone: "Europe/Lisbon",
    }));

    await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Media" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Media library" })).toBeVisible();
    await expect(page.getByText("No files yet.")).toBeVisible();
  });

  await test.step("a photo chosen with the keyboard-reachable file input uploads with a progress bar and becomes Ready", async () => {
    await page.getByLabel("Brand", { exact: true }).selectOption({ label: brandName });
    await page.getByLabel("Show all of it on a blurred background").check();
    await page.getByLabel("Choose files").setInputFiles(photoPath);
    const progress = page.getByRole("progressbar", { name: `Upload of shopfront-${RUN}.jpg` });
    await expect(progress).toBeVisible();
    await expect(progress).toHaveAttribute("value", String(fs.statSync(photoPath).size));
    const photo = mediaCard(page, `shopfront-${RUN}.jpg`);
    await expect(photo.getByText("Ready")).toBeVisible({ timeout: 30_000 });
    // The upload's row follows its asset: it no longer says "processing" once the card is Ready.
    const row = page
      .getByRole("list", { name: "Uploads" })
      .getByRole("listitem")
      .filter({ hasText: `shopfront-${RUN}.jpg` });
    await expect(row.getByRole("status")).toHaveText("Uploaded and processed: ready for stories.");
    await expect(photo.getByText("Image · 1080×1920")).toBeVisible();
    await expect(photo.getByText(brandName)).toBeVisible();
    await expect(photo.getByRole("img", { name: `Preview of shopfront-${RUN}.jpg` })).toBeVisible();
  });

  await test.step("a landscape video dropped on the drop zone is transcoded to a 9:16 MP4", async () => {
    await dropFiles(page, [
      { name: `tour-${RUN}.mp4`, type: "video/mp4", base64: fs.readFileSync(videoPath).toString("base64") },
    ]);
    await expect(page.getByRole("progressbar", { name: `Upload of tour-${RUN}.mp4` })).toBeVisible();
    const video = mediaCard(page, `tour-${RUN}.mp4`);
    await expect(video.getByText("Ready")).toBeVisible({ timeout: 60_000 });
    await expect(video.getByText(/^Video · 320×568 · 0:03/)).toBeVisible();
    await keepScreenshot(page, "media-library-laptop.png");
  });

  await test.step("an upload whose connection drops mid-way resumes from the server's offset", async () => {
    const requests: string[] = [];
    let dropped = false;
    await page.route("**/api/uploads/**", async (route) => {
      const request = route.request();
      const offset = request.headers()["upload-offset"] ?? "";
      requests.push(`${request.method()} ${offset}`);
      // The second chunk's request dies as a dropped connection would.
      if (request.method() === "PATCH" && offset !== "0" && !dropped) {
        dropped = true;
        return route.abort("connectionreset");
      }
      return route.continue();
    });
    // A JPEG with 20 MB after its end marker (allowed, like camera trailers): three 8 MiB chunks.
    await dropFiles(page, [
      {
        name: `poster-${RUN}.jpg`,
        type: "image/jpeg",
        base64: jpeg({ width: 800, height: 600 }).toString("base64"),
        padBytes: 20_000_000,
      },
    ]);
    const poster = mediaCard(page, `poster-${RUN}.jpg`);
    await expect(poster.getByText("Ready")).toBeVisible({ timeout: 60_000 });
    await page.unroute("**/api/uploads/**");
    const chunk = String(8 * 1024 * 1024);
    expect(requests).toEqual([
      "PATCH 0",
      `PATCH ${chunk}`,
      "HEAD ",
      `PATCH ${chunk}`,
      `PATCH ${2 * Number(chunk)}`,
    ]);
    // Deleting asks first; the file then leaves the library.
    await page.getByRole("button", { name: `Delete poster-${RUN}.jpg` }).click();
    await confirmDialog(page, "Delete file");
    await expect(poster).toHaveCount(0);
  });

  await test.step("bad uploads are refused with a clear message and store nothing", async () => {
    const before = await count(
      `"MediaAsset" WHERE "workspaceId" = (SELECT id FROM "Workspace" WHERE slug = $1)`,
      [slug],
    );
    expect(before).toBe(2);
    const truncated = jpeg({ width: 64, height: 64 }).subarray(0, 120);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const b64 = (bytes: Buffer) => bytes.toString("base64");
    await dropFiles(page, [
      { name: "empty.jpg", type: "image/jpeg", base64: "" },
      { name: "cut-off.jpg", type: "image/jpeg", base64: b64(truncated) },
      { name: "renamed.mp4", type: "video/mp4", base64: b64(png({ width: 32, height: 32 })) },
      { name: "logo.svg", type: "image/svg+xml", base64: b64(svg) },
      { name: "..\\..\\evil.jpg", type: "image/jpeg", base64: b64(jpeg({ width: 16, height: 16 })) },
      { name: "huge.mp4", type: "video/mp4", base64: "", padBytes: 101 * 1024 * 1024 },
    ]);
    const uploads = page.getByRole("list", { name: "Uploads" });
    const refusal = (name: string) =>
      uploads.getByRole("listitem").filter({ hasText: name }).getByRole("alert");
    await expect(refusal("empty.jpg")).toHaveText(/This file is empty \(0 bytes\)/);
    await expect(refusal("cut-off.jpg")).toHaveText(/the JPEG is incomplete/);
    await expect(refusal("renamed.mp4")).toHaveText(/This file is a PNG image, but its name ends in "\.mp4"/);
    await expect(refusal("logo.svg")).toHaveText(/SVG images are not supported \(they can carry scripts\)/);
    await expect(refusal("evil.jpg")).toHaveText(/contains a folder path/);
    await expect(refusal("huge.mp4")).toHaveText(/files can be at most 100 MB/);
    await keepScreenshot(uploads, "media-refused-uploads.png");
    await page.reload();
    await expect(page.getByTestId("media-card")).toHaveCount(2);
    expect(
      await count(`"MediaAsset" WHERE "workspaceId" = (SELECT id FROM "Workspace" WHERE slug = $1)`, [slug]),
    ).toBe(2);
  });

  await test.step("the library filters by brand and works at phone width", async () => {
    await page.getByLabel("Show brand").selectOption({ label: brandName });
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(new RegExp(`brand=${brandId}`));
    await expect(page.getByTestId("media-card")).toHaveCount(2);
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.getByLabel("Choose files")).toBeVisible();
    await keepScreenshot(page, "media-library-phone.png");
  });
});
