/**
 * One finding of the setup doctor (`npm run cli -- doctor`, Settings → Setup): what was checked,
 * how it stands, what was seen and what to do about it. `skip` means the check does not apply to
 * this installation (nothing to check), never that it could not be run: that is a `fail`.
 */
export type SetupCheckStatus = "pass" | "warn" | "fail" | "skip";

export type SetupCheck = {
  id: string;
  title: string;
  status: SetupCheckStatus;
  /** What was found, in words an operator can act on. */
  detail: string;
  /** What to do; empty when there is nothing to do. */
  fix: string;
  /**
   * Values to copy somewhere else (the redirect URIs to register in the Meta app, the webhook's
   * callback URL), each named; `copyLabel` names the copy button when "Copy <label>" would not say
   * what is copied.
   */
  copy?: readonly { label: string; value: string; copyLabel?: string }[];
};

export const SETUP_STATUS_LABELS: Record<SetupCheckStatus, string> = {
  pass: "OK",
  warn: "Warning",
  fail: "Problem",
  skip: "Skipped",
};
