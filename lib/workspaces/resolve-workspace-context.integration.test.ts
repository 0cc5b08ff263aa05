import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { makeUser, makeWorkspace } from "@/prisma/factories";
import { expectAppError } from "@/test/assert/expect-app-error";
import { resolveWorkspaceContext } from "./resolve-workspace-context";

describe("resolveWorkspaceContext", () => {
  it("resolves a member's role", async () => {
    const { workspace, ownerId } = await makeWorkspace(db());
    await expect(resolveWorkspaceContext(db(), ownerId, workspace.slug)).resolves.toMatchObject({
      workspaceId: workspace.id,
      role: "OWNER",
      brandIds: null,
    });
  });

  it("answers a stranger exactly as for a workspace that does not exist", async () => {
    const { workspace } = await makeWorkspace(db());
    const stranger = await makeUser(db());
    const existing = await expectAppError(
      resolveWorkspaceContext(db(), stranger.id, workspace.slug),
      "NOT_FOUND",
    );
    const missing = await expectAppError(
      resolveWorkspaceContext(db(), stranger.id, "no-such-workspace"),
      "NOT_FOUND",
    );
    expect(existing.message).toBe(missing.message);
  });
});
