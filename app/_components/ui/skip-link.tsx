/** The id of every page's <main>, which the skip link targets. */
export const MAIN_ID = "main";

/**
 * "Skip to content": hidden until focused, so keyboard users can jump past the header and the
 * brand list. The target <main> takes focus (tabIndex -1), so the next Tab continues from there.
 */
export function SkipLink() {
  return (
    <a
      href={`#${MAIN_ID}`}
      // Moved above the viewport rather than hidden, so it keeps its padding when it shows. Shown on
      // keyboard focus only (focus-visible): Next.js moves focus into the page after some
      // navigations, and a mouse user should not see the link appear over the logo then.
      className="fixed top-2 left-2 z-50 -translate-y-[200%] rounded-md bg-white px-3 py-2 text-sm font-medium text-brand-700 shadow-lg focus-visible:translate-y-0"
    >
      Skip to content
    </a>
  );
}
