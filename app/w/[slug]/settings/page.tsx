import { ConfirmPasswordForm } from "@/app/_components/confirm-password-form";
import { DangerZoneForm } from "@/app/_components/deletion-forms";
import Link from "@/app/_components/ui/link";
import { passwordIsFresh } from "@/app/_lib/session";
import { requireAgencyWorkspace } from "@/app/_lib/workspace";
import { workspaceRequiresTwoFactor } from "@/lib/auth/workspace-two-factor";
import { can } from "@/lib/core/roles";
import { db } from "@/lib/db/client";
import { getInboxSettings } from "@/lib/inbox/get-inbox-settings";
import { getChatWebhook } from "@/lib/notifications/get-chat-webhook";
import { renameWorkspaceAction } from "../actions";
import { scheduleWorkspaceDeletionAction, setMediaRetentionAction } from "../deletion-actions";
import { updateInboxSettingsAction } from "../inbox/actions";
import { ChatSection } from "./chat-section";
import { DataRetentionSection } from "./data-retention-section";
import { InboxSettingsForm } from "./inbox-settings-form";
import { RenameWorkspaceForm } from "./rename-form";
import { setTwoFactorRequirementAction } from "./security-actions";
import { SecuritySection } from "./security-section";

export const metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const ctx = await requireAgencyWorkspace((await params).slug);
  const retention = await db().workspace.findUniqueOrThrow({
    where: { id: ctx.workspaceId },
    select: { mediaRetentionDays: true, messageRetentionDays: true, deleteAfter: true },
  });
  return (
    <section className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Workspace settings</h1>
      <p className="text-sm text-zinc-600">
        Address: <code>/w/{ctx.workspaceSlug}</code> (stays the same when you rename).
      </p>
      {can(ctx.role, "workspace:manage") ? (
        <RenameWorkspaceForm
          action={renameWorkspaceAction.bind(null, ctx.workspaceSlug)}
          name={ctx.workspaceName}
        />
      ) : (
        <p className="text-zinc-600">Only owners and admins can change workspace settings.</p>
      )}
      {can(ctx.role, "inbox:manage") ? (
        <InboxSettingsForm
          action={updateInboxSettingsAction.bind(null, ctx.workspaceSlug)}
          {...(await getInboxSettings(db(), ctx))}
        />
      ) : null}
      {can(ctx.role, "apikeys:manage") ? (
        <Link className="text-brand-700 underline" href={`/w/${ctx.workspaceSlug}/settings/api`}>
          API keys and webhooks
        </Link>
      ) : null}
      {can(ctx.role, "workspace:manage") ? (
        <ChatSection slug={ctx.workspaceSlug} hook={await getChatWebhook(db(), ctx)} />
      ) : null}
      {can(ctx.role, "audit:view") ? (
        <Link className="text-brand-700 underline" href={`/w/${ctx.workspaceSlug}/settings/audit`}>
          Audit log (who did what, when and from where)
        </Link>
      ) : null}
      {can(ctx.role, "data:export") ? (
        <Link className="text-brand-700 underline" href={`/w/${ctx.workspaceSlug}/settings/export`}>
          Export data (a ZIP of stories, media, insights, inbox and audit log)
        </Link>
      ) : null}
      {ctx.role === "OWNER" ? (
        // Owners only: the rule can lock members out until they enrol (docs/decisions/031).
        (await passwordIsFresh()) ? (
          <SecuritySection
            action={setTwoFactorRequirementAction.bind(null, ctx.workspaceSlug)}
            required={await workspaceRequiresTwoFactor(db(), ctx.workspaceId)}
          />
        ) : (
          <ConfirmPasswordForm doing="change the workspace's sign-in rules" />
        )
      ) : null}
      {can(ctx.role, "workspace:manage") ? (
        <DataRetentionSection
          action={setMediaRetentionAction.bind(null, ctx.workspaceSlug)}
          mediaRetentionDays={retention.mediaRetentionDays}
          messageRetentionDays={retention.messageRetentionDays}
        />
      ) : null}
      {ctx.role === "OWNER" && !retention.deleteAfter ? (
        (await passwordIsFresh()) ? (
          <DangerZoneForm
            action={scheduleWorkspaceDeletionAction.bind(null, ctx.workspaceSlug)}
            heading="Delete this workspace"
            explanation="Every brand, channel, story, media file, member's access and the audit log are deleted 7 days from now, and all connections are revoked at the platforms. Until then nothing is published and an owner can undo."
            confirmLabel={`Type the workspace's name (${ctx.workspaceName}) to confirm`}
            confirmName="confirmName"
            buttonLabel="Delete workspace"
          />
        ) : (
          <ConfirmPasswordForm doing="delete the workspace" />
        )
      ) : null}
      {can(ctx.role, "setup:view") ? (
        <Link className="text-brand-700 underline" href={`/w/${ctx.workspaceSlug}/settings/setup`}>
          Setup checks (Meta app, redirect URIs, media address, gateways)
        </Link>
      ) : null}
    </section>
  );
}
