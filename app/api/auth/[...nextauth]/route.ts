import { handlers } from "@/app/_lib/auth";

// GET, POST /api/auth/* – Auth.js sign-in, sign-out, session and CSRF endpoints
export const { GET, POST } = handlers;
