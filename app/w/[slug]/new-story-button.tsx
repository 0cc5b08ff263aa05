import Link from "@/app/_components/ui/link";

const primary =
  "inline-flex rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white no-underline hover:bg-brand-700";

/**
 * "New story": straight to the composer when there is one brand, otherwise a short menu of the
 * brands (a story always belongs to one). A native disclosure, so it works before scripts load.
 */
export function NewStoryButton({ base, brands }: { base: string; brands: { id: string; name: string }[] }) {
  const [only] = brands;
  if (brands.length === 1 && only) {
    return (
      <Link href={`${base}/brands/${only.id}/compose`} className={`ml-auto ${primary}`}>
        New story
      </Link>
    );
  }
  return (
    <details className="relative ml-auto">
      <summary className={`cursor-pointer list-none ${primary}`}>New story</summary>
      <ul className="absolute right-0 z-10 mt-1 min-w-56 rounded-md border border-zinc-200 bg-white p-1 shadow-lg">
        {brands.map((brand) => (
          <li key={brand.id}>
            <Link
              href={`${base}/brands/${brand.id}/compose`}
              className="block rounded px-3 py-1.5 text-sm hover:bg-zinc-100"
            >
              for {brand.name}
            </Link>
          </li>
        ))}
      </ul>
    </details>
  );
}
