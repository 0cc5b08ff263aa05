import NextLink from "next/link";
import type { ComponentProps } from "react";

/**
 * next/link without prefetching; every link in the app goes through it (Biome refuses next/link
 * elsewhere). Next prefetches each link as it scrolls into view, but our pages are dynamic with no
 * loading boundary, so a prefetch brought back almost nothing a navigation could use, and each
 * cost the server about 10 ms of CPU: one calendar week fired 71 of them, about 750 ms of server
 * CPU against 68 ms for rendering the page itself (measured, decision 046). A click still fetches
 * the page as before.
 */
export default function Link(props: ComponentProps<typeof NextLink>) {
  return <NextLink prefetch={false} {...props} />;
}
