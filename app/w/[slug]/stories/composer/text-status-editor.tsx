"use client";

import { useId, useState } from "react";
import { TextCounter } from "@/app/_components/text-counter";
import { DEFAULT_TEXT_BACKGROUND, PLATFORM_LIMITS, STORY_PLATFORMS } from "@/lib/core/platform-limits";
import { platformShowsFrame } from "@/lib/core/story-checks";
import { countText } from "@/lib/core/text-limits";

/** WhatsApp's own text-status colours, offered as one-click swatches. */
const SWATCHES = [
  { color: DEFAULT_TEXT_BACKGROUND, name: "Green" },
  { color: "#1e88e5", name: "Blue" },
  { color: "#8e24aa", name: "Purple" },
  { color: "#e53935", name: "Red" },
  { color: "#fb8c00", name: "Orange" },
  { color: "#263238", name: "Charcoal" },
];

/** The platforms that can show a text status, from the limits table ("WhatsApp Status"). */
const SHOWN_ON = STORY_PLATFORMS.filter((p) => platformShowsFrame(p, "TEXT"))
  .map((p) => PLATFORM_LIMITS[p].label)
  .join(" and ");
const NOT_SHOWN_ON = STORY_PLATFORMS.filter((p) => !platformShowsFrame(p, "TEXT"))
  .map((p) => PLATFORM_LIMITS[p].label)
  .join(" and ");

/**
 * "Add text status": a WhatsApp status that is only text on a colour. The swatches are a radio
 * group (arrow keys move between them); the colour input takes any other colour.
 */
export function TextStatusEditor({ onAdd }: { onAdd: (text: string, backgroundColor: string) => void }) {
  const id = useId();
  const [text, setText] = useState("");
  const [color, setColor] = useState(DEFAULT_TEXT_BACKGROUND);
  const count = countText("textStatus", text);
  const add = () => {
    if (!text.trim() || count.level === "error") return;
    onAdd(text.trim(), color);
    setText("");
  };
  return (
    <details className="rounded-lg border border-zinc-200 bg-white p-3">
      <summary className="cursor-pointer text-sm font-medium">Add text status ({SHOWN_ON} only)</summary>
      <div className="mt-3 flex flex-col gap-3">
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-text`} className="text-sm font-medium">
            Status text
          </label>
          <textarea
            id={`${id}-text`}
            rows={3}
            value={text}
            onChange={(event) => setText(event.target.value)}
            aria-describedby={`${id}-hint ${id}-count`}
            aria-invalid={count.level === "error" ? true : undefined}
            className="rounded-md border border-zinc-300 px-3 py-2 text-white"
            style={{ backgroundColor: color }}
          />
          <TextCounter id={`${id}-count`} count={count} />
          <p id={`${id}-hint`} className="text-xs text-zinc-500">
            It goes to your {SHOWN_ON} channels only: {NOT_SHOWN_ON} have no text-only story, so their
            channels leave it out.
          </p>
        </div>
        <fieldset className="flex flex-col gap-1">
          <legend className="text-sm font-medium">Background colour</legend>
          <div className="flex flex-wrap items-center gap-2">
            {SWATCHES.map((swatch) => (
              <label key={swatch.color} className="flex items-center gap-1 text-xs">
                <input
                  type="radio"
                  name={`${id}-swatch`}
                  value={swatch.color}
                  checked={color === swatch.color}
                  onChange={() => setColor(swatch.color)}
                  className="sr-only peer"
                />
                <span
                  aria-hidden="true"
                  className="block h-6 w-6 rounded-full border-2 border-white ring-1 ring-zinc-300 peer-checked:ring-2 peer-checked:ring-zinc-900 peer-focus-visible:outline-2 peer-focus-visible:outline-brand-600"
                  style={{ backgroundColor: swatch.color }}
                />
                {swatch.name}
              </label>
            ))}
            <label className="flex items-center gap-1 text-xs">
              <input
                type="color"
                value={color}
                onChange={(event) => setColor(event.target.value)}
                className="h-7 w-10 cursor-pointer rounded border border-zinc-300"
              />
              Other colour
            </label>
          </div>
        </fieldset>
        <div>
          <button
            type="button"
            onClick={add}
            disabled={!text.trim() || count.level === "error"}
            className="rounded-md border border-brand-600 bg-white px-3 py-1.5 text-sm font-medium text-brand-700 hover:bg-brand-50 disabled:opacity-50"
          >
            Add text status
          </button>
        </div>
      </div>
    </details>
  );
}
