import { requireUser } from "@/app/_lib/session";
import { AuthCard } from "@/app/(auth)/auth-card";
import { NewWorkspaceForm } from "./new-workspace-form";

export const metadata = { title: "New workspace" };

export default async function NewWorkspacePage() {
  await requireUser("/w/new");
  return (
    <AuthCard title="New workspace" footer="You will be its owner.">
      <NewWorkspaceForm />
    </AuthCard>
  );
}
