/**
 * Beside a control that works only once the page's scripts run (useHydrated): says so where
 * scripts are off, so its disabled button is not taken for a broken one. Nothing shows otherwise.
 */
export function NeedsScriptsNote() {
  return (
    <noscript>
      <p className="text-xs text-zinc-600">This button needs JavaScript, which is off in this browser.</p>
    </noscript>
  );
}
