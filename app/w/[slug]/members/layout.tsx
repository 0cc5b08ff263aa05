import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { requireWorkspace } from "@/app/_lib/workspace";
import { isClientMember } from "@/lib/workspaces/context";

// A client member (an approver limited to brands) sees nothing of the agency's workspace here:
// the nav hides the link, and a typed URL is "not found".
export default async function ClientFreeLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ slug: string }>;
}) {
  if (isClientMember(await requireWorkspace((await params).slug))) notFound();
  return children;
}
