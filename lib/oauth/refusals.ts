/** Why a one-click login ended without a channel; each has its page text (LOGIN_REFUSALS). */
export type LoginRefusalReason =
  | "tampered"
  | "expired"
  | "replayed"
  | "other_user"
  | "not_found"
  | "forbidden"
  | "denied"
  | "no_code"
  | "code_rejected"
  | "missing_permissions"
  | "no_accounts"
  | "pending_gone";

/** What the refusal page says: a title and what to do next. Nothing was saved in any case. */
export const LOGIN_REFUSALS: Record<LoginRefusalReason, { title: string; advice: string }> = {
  tampered: {
    title: "This sign-in link is not one StoryRelay made",
    advice:
      "The answer from Meta did not carry StoryRelay's signature. Start again from the brand's channels.",
  },
  expired: {
    title: "This sign-in took longer than 10 minutes",
    advice: "For your safety a sign-in expires after 10 minutes. Start again from the brand's channels.",
  },
  replayed: {
    title: "This sign-in was already used",
    advice:
      "Each sign-in works once (going back in the browser repeats it). Start again from the brand's channels.",
  },
  other_user: {
    title: "This sign-in was started by someone else",
    advice: "Sign in to StoryRelay as the person who clicked the button, or start again yourself.",
  },
  not_found: {
    title: "This brand is not one you can connect channels to",
    advice: "The brand does not exist or you can no longer see it. Open the brand again from your workspace.",
  },
  forbidden: {
    title: "Your role cannot connect channels",
    advice: "Only owners and admins can connect channels. Ask one of them.",
  },
  denied: {
    title: "You cancelled the sign-in",
    advice: "StoryRelay needs your permission to publish Stories. Try again when you are ready.",
  },
  no_code: {
    title: "Meta sent you back without a sign-in code",
    advice: "Try again; if it happens again, check that the redirect URI registered in the Meta app matches.",
  },
  code_rejected: {
    title: "Meta did not accept the sign-in",
    advice: "Try again. If it keeps failing, check the app id and secret in StoryRelay's settings.",
  },
  missing_permissions: {
    title: "A permission StoryRelay needs was not granted",
    advice:
      "Try again and leave every permission ticked on Meta's screen: the button below asks Meta to show the declined ones again.",
  },
  no_accounts: {
    title: "No account to connect was found",
    advice:
      "Meta's answer listed no Page or Instagram professional account you chose. Try again and tick at least one.",
  },
  pending_gone: {
    title: "This sign-in has expired or was already completed",
    advice: "Start again from the brand's channels.",
  },
};
