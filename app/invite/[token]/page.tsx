import Link from "@/app/_components/ui/link";
import { currentUser } from "@/app/_lib/session";
import { AuthCard } from "@/app/(auth)/auth-card";
import { ROLE_LABELS } from "@/lib/core/roles";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { findInvite, unusableInviteMessage } from "@/lib/members/find-invite";
import { accountExists } from "@/lib/users/account-exists";
import { AcceptForm, AcceptWithAccountForm } from "./accept-forms";
import { acceptInviteAction, acceptWithNewAccountAction } from "./actions";

export const metadata = { title: "Invite" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invite = await findInvite(db(), token).catch((error) => {
    if (isAppError(error, "NOT_FOUND")) return null;
    throw error;
  });
  if (!invite) {
    return (
      <AuthCard title="Invite not valid" footer={<Link href="/">StoryRelay</Link>}>
        <p>This invite link is not valid. Check that you copied all of it, or ask for a new one.</p>
      </AuthCard>
    );
  }
  if (invite.status !== "OPEN") {
    return (
      <AuthCard title="Invite can't be used" footer={<Link href="/">StoryRelay</Link>}>
        <p role="alert">{unusableInviteMessage(invite.status)}</p>
      </AuthCard>
    );
  }

  const user = await currentUser();
  const title = `Join ${invite.workspace.name}`;
  const intro = (
    <p className="mb-4 text-zinc-700">
      {invite.invitedBy.name} invited <strong>{invite.email}</strong> to {invite.workspace.name} as{" "}
      {ROLE_LABELS[invite.role]}.
    </p>
  );
  if (user) {
    return (
      <AuthCard title={title} footer={`Signed in as ${user.email}`}>
        {intro}
        <AcceptForm action={acceptInviteAction.bind(null, token)} workspaceName={invite.workspace.name} />
      </AuthCard>
    );
  }
  if (await accountExists(db(), invite.email)) {
    return (
      <AuthCard title={title} footer="">
        {intro}
        <Link
          href={`/sign-in?next=${encodeURIComponent(`/invite/${token}`)}`}
          className="inline-block rounded-md bg-brand-600 px-4 py-2 font-medium text-white"
        >
          Sign in to accept
        </Link>
      </AuthCard>
    );
  }
  return (
    <AuthCard
      title={title}
      footer="Already have an account under another address? Ask for an invite to that one."
    >
      {intro}
      <AcceptWithAccountForm action={acceptWithNewAccountAction.bind(null, token)} email={invite.email} />
    </AuthCard>
  );
}
