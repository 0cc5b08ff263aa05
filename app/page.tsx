import { redirect } from "next/navigation";
import { db } from "@/lib/db/client";
import { listUserWorkspaces } from "@/lib/workspaces/list-user-workspaces";
import { currentUser } from "./_lib/session";

export const dynamic = "force-dynamic";

/** Land in the user's first workspace, or at sign-in. */
export default async function Home() {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  const [first] = await listUserWorkspaces(db(), user.id);
  redirect(first ? `/w/${first.slug}` : "/w/new");
}
