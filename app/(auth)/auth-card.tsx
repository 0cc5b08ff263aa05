import type { ReactNode } from "react";
import { MAIN_ID } from "@/app/_components/ui/skip-link";

export function AuthCard({
  title,
  children,
  footer,
}: {
  title: string;
  children: ReactNode;
  footer: ReactNode;
}) {
  return (
    <main
      id={MAIN_ID}
      tabIndex={-1}
      className="outline-none mx-auto flex min-h-screen max-w-md flex-col justify-center px-6 py-12"
    >
      <p className="mb-2 text-sm font-semibold tracking-wide text-brand-700">StoryRelay</p>
      <h1 className="mb-6 text-2xl font-semibold">{title}</h1>
      <div className="rounded-xl border border-zinc-200 bg-white p-6 shadow-sm">{children}</div>
      <p className="mt-6 text-center text-sm text-zinc-600">{footer}</p>
    </main>
  );
}
