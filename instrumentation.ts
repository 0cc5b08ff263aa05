/**
 * Next.js calls `register` once when the server starts (and in the proxy's runtime). Metrics and
 * tracing run in the Node.js server only; the import is dynamic so no other runtime bundles the
 * OpenTelemetry SDK (docs/decisions/036-observability.md).
 */
export async function register(): Promise<void> {
  // NEXT_RUNTIME is Next.js's own marker of the runtime, not configuration (lib/env.ts reads that).
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startWebTelemetry } = await import("@/lib/observability/start-web-telemetry");
  await startWebTelemetry();
}
