import { z } from "zod";
import { platformDescriptor, STORY_PLATFORMS, type StoryPlatform } from "@/lib/core/platforms/registry";
import { parseInput } from "@/lib/validation";

/**
 * What connecting a channel takes: the platform and brand, then the platform's own fields, which
 * its descriptor (lib/core/platforms/<platform>.ts) names and checks. The connect form renders
 * the same descriptor's fields, so the form's field names are the schema's keys and errors land
 * next to the right input.
 */

const platformNames = STORY_PLATFORMS.map((p) => platformDescriptor(p).name);
const choosePlatform = `Choose ${platformNames.slice(0, -1).join(", ")} or ${platformNames.at(-1)}.`;

export const connectTargetSchema = z.object({
  platform: z.enum(STORY_PLATFORMS as [StoryPlatform, ...StoryPlatform[]], { message: choosePlatform }),
  brandId: z.string().trim().min(1, "Choose a brand.").max(100),
});

/** The platform, the brand, and the platform's fields by their names on the form. */
export type ConnectChannelInput = { platform: string; brandId: string } & Record<string, unknown>;

/**
 * Reads connect input in two steps, the platform first, so each refusal names the field that
 * is wrong (an unknown platform, then that platform's own fields).
 */
export function parseConnectInput(input: ConnectChannelInput) {
  const { platform, brandId } = parseInput(connectTargetSchema, {
    platform: input.platform,
    brandId: input.brandId,
  });
  const descriptor = platformDescriptor(platform);
  const fields = parseInput(descriptor.connect.schema, input);
  return { platform, brandId, plan: descriptor.connect.plan(fields) };
}
