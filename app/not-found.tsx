import Link from "@/app/_components/ui/link";
import { MAIN_ID } from "@/app/_components/ui/skip-link";

export default function NotFound() {
  return (
    <main id={MAIN_ID} tabIndex={-1} className="outline-none mx-auto max-w-md px-6 py-24 text-center">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="mt-3 text-zinc-600">
        This page does not exist, or it belongs to a workspace you are not a member of.
      </p>
      <Link href="/" className="mt-6 inline-block font-medium text-brand-700 underline">
        Go to your workspace
      </Link>
    </main>
  );
}
