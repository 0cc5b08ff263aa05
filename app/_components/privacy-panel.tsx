import type { PrivacySection } from "@/lib/core/privacy-facts";

export const PRIVACY_PANEL_HEADING = "Who sees this, and what leaves StoryRelay";

/**
 * The privacy facts of some platforms, one section each (lib/core/privacy-facts.ts builds them).
 * No hooks and no server-only imports: the Connections cards render it on the server, the composer
 * inside its client component for the channels ticked.
 */
export function PrivacyPanel({
  sections,
  headingLevel = 3,
  id,
}: {
  sections: readonly PrivacySection[];
  headingLevel?: 2 | 3;
  id?: string;
}) {
  if (sections.length === 0) return null;
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const SectionHeading = headingLevel === 2 ? "h3" : "h4";
  const headingId = id ? `${id}-heading` : undefined;
  return (
    <section aria-labelledby={headingId} aria-label={headingId ? undefined : PRIVACY_PANEL_HEADING} id={id}>
      <Heading id={headingId} className="text-sm font-semibold">
        {PRIVACY_PANEL_HEADING}
      </Heading>
      {sections.map((section) => (
        <section
          key={section.platform}
          aria-label={`Privacy on ${section.title}`}
          className="mt-2 rounded-md border border-zinc-200 bg-zinc-50 p-2"
        >
          <SectionHeading className="text-sm font-medium">{section.title}</SectionHeading>
          {section.caveat ? (
            <p className="mt-1 rounded border border-amber-300 bg-amber-50 p-2 text-xs text-amber-900">
              <strong>Unofficial.</strong> {section.caveat}
            </p>
          ) : null}
          <dl className="mt-1 flex flex-col gap-1 text-xs">
            {section.facts.map((fact) => (
              <div key={fact.label}>
                <dt className="font-semibold text-zinc-700">{fact.label}</dt>
                <dd className="text-zinc-700 break-words">{fact.text}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </section>
  );
}
