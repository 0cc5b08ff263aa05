import { redirect } from "next/navigation";
import Link from "@/app/_components/ui/link";
import { currentSession } from "@/app/_lib/session";
import { AuthCard } from "../../auth-card";
import { TwoFactorForm } from "./two-factor-form";

export const metadata = { title: "Two-factor sign-in" };

export default async function TwoFactorPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  const resolved = await currentSession();
  const target = next?.startsWith("/") && !next.startsWith("//") ? next : "/";
  if (!resolved) redirect(`/sign-in?next=${encodeURIComponent(target)}`);
  if (!resolved.session.secondFactorPending) redirect(target);
  return (
    <AuthCard
      title="Two-factor sign-in"
      footer={
        <Link href="/sign-in" className="font-medium text-brand-700 underline">
          Sign in as someone else
        </Link>
      }
    >
      <TwoFactorForm next={target} />
    </AuthCard>
  );
}
