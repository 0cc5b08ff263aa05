import "server-only";
import { redirect } from "next/navigation";
import { db } from "@/lib/db/client";
import { auth } from "./auth";

export type SessionUser = { id: string; email: string; name: string };

/** The signed-in user, or null. The user row is re-read so a deleted account stops working at once. */
export async function currentUser(): Promise<SessionUser | null> {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  return db().user.findUnique({ where: { id }, select: { id: true, email: true, name: true } });
}

/** The signed-in user; anyone else is sent to sign in and brought back to `returnTo` after. */
export async function requireUser(returnTo?: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(returnTo ? `/sign-in?next=${encodeURIComponent(returnTo)}` : "/sign-in");
  return user;
}
