import type { ConnectField } from "./descriptor";
import { isStoryPlatform, PLATFORM_DESCRIPTORS, platformDescriptor } from "./registry";

// The connect form, read the same way in the browser (which fields to show) and on the server
// (which fields to send to connectChannel), from the platform's descriptor.

/** A choice's value as the form holds it, its first option's when nothing is chosen yet. */
export function choiceValue(
  fields: readonly ConnectField[],
  name: string,
  chosen: string | undefined,
): string {
  const field = fields.find((f) => f.name === name);
  if (chosen) return chosen;
  return field?.kind === "choice" ? field.initial : "";
}

/** Whether a field shows (and is sent), given the form's choices. */
export function isShown(
  field: ConnectField,
  fields: readonly ConnectField[],
  chosen: (name: string) => string | undefined,
): boolean {
  return !field.when || choiceValue(fields, field.when.field, chosen(field.when.field)) === field.when.is;
}

/**
 * The connect form's submission as connectChannel's input: the chosen platform's shown fields by
 * name, a ticked box as true. The platform's schema, not this, decides what is valid; an unknown
 * platform is passed on for the schema to refuse.
 */
export function readConnectForm(
  brandId: string,
  get: (name: string) => string | undefined,
): { platform: string; brandId: string } & Record<string, unknown> {
  const platform = get("platform") ?? "";
  const input: { platform: string; brandId: string } & Record<string, unknown> = { platform, brandId };
  if (!isStoryPlatform(platform)) return input;
  const { fields } = platformDescriptor(platform).connect;
  for (const field of fields) {
    if (field.kind === "note" || !isShown(field, fields, get)) continue;
    input[field.name] =
      field.kind === "acknowledge"
        ? get(field.name) === "on"
        : field.kind === "choice"
          ? choiceValue(fields, field.name, get(field.name))
          : (get(field.name) ?? "");
  }
  return input;
}

/** The names of every platform's secret fields: they never travel back to the browser. */
export const SECRET_FIELD_NAMES: ReadonlySet<string> = new Set(
  PLATFORM_DESCRIPTORS.flatMap((d) =>
    (d.connect.fields as readonly ConnectField[]).filter((f) => f.kind === "secret").map((f) => f.name),
  ),
);
