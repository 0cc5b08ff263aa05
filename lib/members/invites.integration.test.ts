import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { resolveWorkspaceContext } from "@/lib/workspaces/resolve-workspace-context";
import { makeBrand, makeMember, makeUser, makeWorkspace } from "@/prisma/factories";
import { expectAppError } from "@/test/assert/expect-app-error";
import { acceptInvite, acceptInviteWithNewAccount } from "./accept-invite";
import { createInvite } from "./create-invite";
import { findInvite } from "./find-invite";
import { hashInviteToken } from "./invite-token";
import { removeMember } from "./remove-member";
import { revokeInvite } from "./revoke-invite";
import { updateMember } from "./update-member";

const deps = () => ({ db: db(), baseUrl: "https://relay.example.com", ttlHours: 72 });
const newAccount = { name: "Invited Person", password: "a long enough passphrase" };
const tokenOf = (url: string) => url.split("/invite/")[1] ?? "";
const email = () => `invitee-${randomUUID()}@example.test`;

describe("invites", () => {
  it("a link works once and makes a member with the invited role and brands", async () => {
    const { workspace, ctx } = await makeWorkspace(db());
    const brand = await makeBrand(db(), workspace.id);
    const address = email();
    const invite = await createInvite(deps(), ctx, {
      email: address,
      role: "APPROVER",
      brandIds: [brand.id],
    });
    expect(invite.url).toMatch(/^https:\/\/relay\.example\.com\/invite\/[A-Za-z0-9_-]{43}$/);

    // Only the hash is stored.
    const row = await db().invite.findUniqueOrThrow({ where: { id: invite.id } });
    expect(row.tokenHash).toBe(hashInviteToken(tokenOf(invite.url)));
    expect(JSON.stringify(row)).not.toContain(tokenOf(invite.url));

    const { user } = await acceptInviteWithNewAccount(db(), tokenOf(invite.url), newAccount);
    const member = await resolveWorkspaceContext(db(), user.id, workspace.slug);
    expect(member).toMatchObject({ role: "APPROVER", brandIds: [brand.id] });

    const reused = await expectAppError(acceptInvite(db(), tokenOf(invite.url), user.id), "INVITE_UNUSABLE");
    expect(reused.message).toMatch(/already been used/);
  });

  it("an expired link is refused and creates neither account nor membership", async () => {
    const { ctx } = await makeWorkspace(db());
    const address = email();
    const invite = await createInvite(deps(), ctx, { email: address, role: "EDITOR" });
    const afterExpiry = new Date(invite.expiresAt.getTime() + 1);
    const error = await expectAppError(
      acceptInviteWithNewAccount(db(), tokenOf(invite.url), newAccount, afterExpiry),
      "INVITE_UNUSABLE",
    );
    expect(error.message).toMatch(/expired/);
    expect(await db().user.count({ where: { email: address } })).toBe(0);
    expect((await findInvite(db(), tokenOf(invite.url), afterExpiry)).status).toBe("EXPIRED");
  });

  it("a withdrawn link stops working", async () => {
    const { ctx } = await makeWorkspace(db());
    const user = await makeUser(db());
    const invite = await createInvite(deps(), ctx, { email: user.email, role: "VIEWER" });
    await revokeInvite(db(), ctx, invite.id);
    const error = await expectAppError(acceptInvite(db(), tokenOf(invite.url), user.id), "INVITE_UNUSABLE");
    expect(error.message).toMatch(/withdrawn/);
  });

  it("an unknown token is not found", async () => {
    await expectAppError(findInvite(db(), "not-a-real-token"), "NOT_FOUND");
  });

  it("only the invited address can accept", async () => {
    const { workspace, ctx } = await makeWorkspace(db());
    const invited = await makeUser(db());
    const someoneElse = await makeUser(db());
    const invite = await createInvite(deps(), ctx, { email: invited.email, role: "EDITOR" });
    await expectAppError(acceptInvite(db(), tokenOf(invite.url), someoneElse.id), "FORBIDDEN");
    expect(
      await db().membership.count({ where: { workspaceId: workspace.id, userId: someoneElse.id } }),
    ).toBe(0);
    // The failed attempt did not use the invite up.
    await acceptInvite(db(), tokenOf(invite.url), invited.id);
  });

  it("two simultaneous accepts of one link make one membership", async () => {
    const { workspace, ctx } = await makeWorkspace(db());
    const user = await makeUser(db());
    const invite = await createInvite(deps(), ctx, { email: user.email, role: "EDITOR" });
    const results = await Promise.allSettled(
      [1, 2, 3].map(() => acceptInvite(db(), tokenOf(invite.url), user.id)),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db().membership.count({ where: { workspaceId: workspace.id, userId: user.id } })).toBe(1);
  });

  it("enforces who may invite whom", async () => {
    const { workspace } = await makeWorkspace(db());
    const admin = await makeMember(db(), workspace, "ADMIN");
    const editor = await makeMember(db(), workspace, "EDITOR");
    await expectAppError(createInvite(deps(), admin, { email: email(), role: "OWNER" }), "FORBIDDEN");
    await expect(createInvite(deps(), admin, { email: email(), role: "ADMIN" })).resolves.toBeDefined();
    await expectAppError(createInvite(deps(), editor, { email: email(), role: "VIEWER" }), "FORBIDDEN");
  });

  it("refuses another workspace's brand, an existing member and a bad role, writing nothing", async () => {
    const { workspace, ctx } = await makeWorkspace(db());
    const other = await makeWorkspace(db());
    const foreignBrand = await makeBrand(db(), other.workspace.id);
    const owner = await db().user.findUniqueOrThrow({ where: { id: ctx.userId ?? "" } });
    await expectAppError(
      createInvite(deps(), ctx, { email: email(), role: "VIEWER", brandIds: [foreignBrand.id] }),
      "NOT_FOUND",
    );
    await expectAppError(createInvite(deps(), ctx, { email: owner.email, role: "VIEWER" }), "CONFLICT");
    const badRole = await expectAppError(
      createInvite(deps(), ctx, { email: email(), role: "GOD" }),
      "INVALID_INPUT",
    );
    expect(badRole.details.fields?.role).toBe("Choose a role.");
    expect(await db().invite.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });
});

describe("members", () => {
  it("a workspace keeps its last owner", async () => {
    const { workspace, ctx } = await makeWorkspace(db());
    const ownerMembership = await db().membership.findFirstOrThrow({ where: { workspaceId: workspace.id } });
    // An owner cannot edit their own row in the UI, but the server must hold the line too.
    await expectAppError(updateMember(db(), ctx, ownerMembership.id, { role: "ADMIN" }), "CONFLICT");
    await expectAppError(removeMember(db(), ctx, ownerMembership.id), "CONFLICT");
  });

  it("an admin changes an editor's role and brands, and cannot touch an owner", async () => {
    const { workspace, ctx } = await makeWorkspace(db());
    const brand = await makeBrand(db(), workspace.id);
    const admin = await makeMember(db(), workspace, "ADMIN");
    const editor = await makeMember(db(), workspace, "EDITOR");
    const editorMembership = await db().membership.findFirstOrThrow({
      where: { workspaceId: workspace.id, userId: editor.userId ?? "" },
    });
    await updateMember(db(), admin, editorMembership.id, { role: "VIEWER", brandIds: [brand.id] });
    expect(await resolveWorkspaceContext(db(), editor.userId ?? "", workspace.slug)).toMatchObject({
      role: "VIEWER",
      brandIds: [brand.id],
    });
    const ownerMembership = await db().membership.findFirstOrThrow({
      where: { workspaceId: workspace.id, userId: ctx.userId ?? "" },
    });
    await expectAppError(removeMember(db(), admin, ownerMembership.id), "FORBIDDEN");
  });

  it("another workspace's member is not found", async () => {
    const mine = await makeWorkspace(db());
    const theirs = await makeWorkspace(db());
    const theirMember = await db().membership.findFirstOrThrow({
      where: { workspaceId: theirs.workspace.id },
    });
    await expectAppError(removeMember(db(), mine.ctx, theirMember.id), "NOT_FOUND");
  });
});
