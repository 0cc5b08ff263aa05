import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { getMediaAsset } from "@/lib/media/get-media-asset";
import { listMediaAssets } from "@/lib/media/list-media-assets";
import { isClientMember } from "@/lib/workspaces/context";
import { makeBrand, makeMediaAsset, makeMember, makeWorkspace } from "@/prisma/factories";
import { expectAppError } from "@/test/assert/expect-app-error";
import { jpeg } from "@/test/media/media-fixtures";
import { listMembers } from "./list-members";

// A client member (an approver limited to some brands) reviews their brands' stories and sees
// nothing of the agency's workspace: members (everyone's e-mail) and the media library are refused
// by the use cases themselves, whatever page or route asks.

describe("client members", () => {
  it("an approver limited to a brand is refused members and media; an unlimited approver and a limited editor are not", async () => {
    const { workspace } = await makeWorkspace(db());
    const brand = await makeBrand(db(), workspace.id);
    const asset = await makeMediaAsset(db(), workspace.id, {
      kind: "IMAGE",
      bytes: jpeg({ seed: 3 }),
      mimeType: "image/jpeg",
    });
    const client = await makeMember(db(), workspace, "APPROVER", { brandIds: [brand.id] });
    expect(isClientMember(client)).toBe(true);
    for (const refused of [
      listMembers(db(), client),
      listMediaAssets(db(), client, {}),
      getMediaAsset(db(), client, asset.id),
    ]) {
      const error = await expectAppError(refused, "FORBIDDEN");
      expect(error.message).toMatch(/client reviewer.*ask the agency/);
    }

    const approver = await makeMember(db(), workspace, "APPROVER");
    const limitedEditor = await makeMember(db(), workspace, "EDITOR", { brandIds: [brand.id] });
    for (const ctx of [approver, limitedEditor]) {
      expect(isClientMember(ctx)).toBe(false);
      expect((await listMembers(db(), ctx)).members.length).toBeGreaterThanOrEqual(3);
      await listMediaAssets(db(), ctx, {});
    }
  });
});
