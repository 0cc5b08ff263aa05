import { expect } from "vitest";
import { type AppErrorCode, isAppError } from "@/lib/errors";

/** Awaits `promise`, expects it to fail with an AppError of `code`, and returns that error. */
export async function expectAppError(promise: Promise<unknown>, code: AppErrorCode) {
  const error = await promise.then(
    () => {
      throw new Error(`expected an AppError ${code}, but the call succeeded`);
    },
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw error;
  expect(error.code).toBe(code);
  return error;
}
