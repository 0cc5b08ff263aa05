import { z } from "zod";
import { APPROVAL_POLICIES } from "@/lib/core/approval-policy";
import { isValidTimeZone } from "@/lib/core/time-zone";

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use 24-hour HH:mm, e.g. 22:00.");

/** A brand's fields, before the check across them: the API extends them with its deprecated ones. */
export const brandFieldsShape = {
  name: z.string().trim().min(1, "Enter a brand name.").max(80, "Use at most 80 characters."),
  timeZone: z
    .string()
    .trim()
    .min(1, "Choose a time zone.")
    // Checked before the zone is looked up and quoted back in the message below.
    .max(100, { message: "Choose a time zone from the list, e.g. Europe/Berlin.", abort: true })
    .superRefine((zone, ctx) => {
      if (!isValidTimeZone(zone)) {
        ctx.addIssue({
          code: "custom",
          message: `"${zone}" is not a known IANA time zone. Pick one from the list, e.g. Europe/Berlin.`,
        });
      }
    }),
  approvalPolicy: z
    .enum(APPROVAL_POLICIES, { message: `Choose who approves: ${APPROVAL_POLICIES.join(", ")}.` })
    .default("NONE"),
  quietHoursStart: clockTime.nullish(),
  quietHoursEnd: clockTime.nullish(),
};

/** The check across the fields: quiet hours are set together. */
export const quietHoursTogether: [
  (brand: { quietHoursStart?: string | null; quietHoursEnd?: string | null }) => boolean,
  { path: string[]; message: string },
] = [
  (brand) => (brand.quietHoursStart == null) === (brand.quietHoursEnd == null),
  { path: ["quietHoursEnd"], message: "Set both the start and the end of quiet hours, or neither." },
];

export const brandFieldsSchema = z.strictObject(brandFieldsShape).refine(...quietHoursTogether);

export type BrandFields = z.input<typeof brandFieldsSchema>;

/** The parsed fields as Brand columns (quiet hours cleared together). */
export function brandColumns(fields: z.output<typeof brandFieldsSchema>) {
  return {
    name: fields.name,
    timeZone: fields.timeZone,
    approvalPolicy: fields.approvalPolicy,
    quietHoursStart: fields.quietHoursStart ?? null,
    quietHoursEnd: fields.quietHoursEnd ?? null,
  };
}
