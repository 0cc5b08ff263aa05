import type { Db } from "@/lib/db/client";

/** Whether an e-mail has an account: lets an invite page offer sign-in rather than sign-up. */
export async function accountExists(db: Db, email: string): Promise<boolean> {
  return (await db.user.count({ where: { email: email.toLowerCase() } })) > 0;
}
