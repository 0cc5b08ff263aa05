/** How lists name a frame: the media's file name, or the start of a text status's text. */
export function frameLabel(frame: {
  mediaAsset: { originalName: string } | null;
  text: string | null;
}): string {
  if (frame.mediaAsset) return frame.mediaAsset.originalName;
  const text = (frame.text ?? "").replace(/\s+/g, " ").trim();
  return text.length > 40 ? `“${text.slice(0, 39)}…”` : `“${text}”`;
}
