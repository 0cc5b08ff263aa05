import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False in the server's HTML and while the page hydrates, true once this page's scripts run. For
 * forms whose action is a function in the browser (one that announces the outcome, or keeps what
 * the answer carried): React renders such a form with an action that throws until then, so a click
 * before hydration would be lost without a word. Their buttons stay disabled until this is true.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
