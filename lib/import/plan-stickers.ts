import { MAX_STICKERS_PER_FRAME, type Sticker, type StoredSticker, stickerSchema } from "@/lib/core/stickers";
import { LIST_SEPARATOR } from "./csv-format";

// The plan CSV's `stickers` cell: `;`-separated stickers, each `<frame> <kind> <value> [x y]`,
// frame numbered from 1 as a person counts them, e.g.
//   1 mention @acme.partner 0.5 0.3; 2 link https://example.com/sale "Shop now" 0.5 0.8; 1 poll "Red or blue?"
// A value with spaces is quoted ("…", with \" and \\ inside); a link may have a quoted label after
// its URL. Without x y the sticker goes in the centre. Export writes the same format, so an
// exported plan imports again with its stickers.

export type StickerCellProblem = { problem: string; fix: string };

const KINDS_WITH_TEXT = new Set(["poll", "question", "location", "music"]);
const KINDS = ["mention", "link", "poll", "question", "location", "music"];
const CENTRE = 0.5;

type Token = { text: string; quoted: boolean };

/** Splits on spaces and on `;`, keeping quoted parts whole: `;` is a list separator only outside quotes. */
function tokenize(cell: string): { stickers: Token[][]; problem?: StickerCellProblem } {
  const stickers: Token[][] = [];
  let tokens: Token[] = [];
  let token: string | null = null;
  for (let i = 0; i < cell.length; i++) {
    const char = cell[i];
    if (char === '"' && token === null) {
      let value = "";
      let closed = false;
      for (i++; i < cell.length; i++) {
        if (cell[i] === "\\" && i + 1 < cell.length) value += cell[++i];
        else if (cell[i] === '"') {
          closed = true;
          break;
        } else value += cell[i];
      }
      if (!closed)
        return {
          stickers,
          problem: {
            problem: `A quote is not closed: ${cell.slice(cell.lastIndexOf('"', i))}`,
            fix: 'Close the quoted text with ", e.g. 1 poll "Red or blue?".',
          },
        };
      tokens.push({ text: value, quoted: true });
    } else if (char === " " || char === "\t" || char === "\n" || char === "\r" || char === LIST_SEPARATOR) {
      if (token !== null) tokens.push({ text: token, quoted: false });
      token = null;
      if (char === LIST_SEPARATOR) {
        if (tokens.length > 0) stickers.push(tokens);
        tokens = [];
      }
    } else token = (token ?? "") + char;
  }
  if (token !== null) tokens.push({ text: token, quoted: false });
  if (tokens.length > 0) stickers.push(tokens);
  return { stickers };
}

const isNumber = (token: string | undefined) => token !== undefined && /^-?\d+(\.\d+)?$/.test(token);

/**
 * Reads a stickers cell for a row with `frameCount` frames. Each sticker is checked with
 * stickerSchema (the API's rules and messages); a problem names the sticker (its text as written)
 * and how to fix it. Returns the stickers with 0-based frames, as a story's content holds them.
 */
export function parseStickersCell(
  cell: string,
  frameCount: number,
): { stickers: Sticker[]; problems: StickerCellProblem[] } {
  const { stickers: parts, problem } = tokenize(cell);
  if (problem) return { stickers: [], problems: [problem] };
  const stickers: Sticker[] = [];
  const problems: StickerCellProblem[] = [];
  for (const tokens of parts) {
    const written = tokens.map((t) => t.text).join(" ");
    const [frameToken = "", kind = "", value, ...rest] = tokens.map((t) => t.text);
    const fail = (what: string, fix: string) =>
      problems.push({ problem: `Sticker "${written}": ${what}`, fix });
    if (!/^\d+$/.test(frameToken)) {
      fail(
        `"${frameToken}" is not a frame number.`,
        "Start each sticker with its frame number (1 for the first), e.g. 1 mention @acme.",
      );
      continue;
    }
    const frame = Number(frameToken);
    if (frame < 1 || frame > frameCount) {
      fail(
        `the row has ${frameCount} frame${frameCount === 1 ? "" : "s"}, so there is no frame ${frame}.`,
        frameCount === 0
          ? "Stickers go on a picture or video: add a frame, or leave the stickers empty."
          : `Use a frame number from 1 to ${frameCount}.`,
      );
      continue;
    }
    const kindLower = kind.toLowerCase();
    if (!KINDS.includes(kindLower)) {
      fail(`"${kind}" is not a kind of sticker.`, `Use one of: ${KINDS.join(", ")}.`);
      continue;
    }
    // A link's label is the quoted part after its URL: "1 link https://a.example 0.5" is a
    // position short of its y, not a label "0.5".
    const label = kindLower === "link" && tokens[3]?.quoted ? rest.shift() : undefined;
    if (rest.length !== 0 && (rest.length !== 2 || !isNumber(rest[0]) || !isNumber(rest[1]))) {
      fail(
        `"${rest.join(" ")}" is not a position.`,
        'End with x and y from 0 to 1 (e.g. 0.5 0.8), or leave them out for the centre; quote text with spaces ("Red or blue?").',
      );
      continue;
    }
    const [x = CENTRE, y = CENTRE] = rest.map(Number);
    const input: Record<string, unknown> = { frame: frame - 1, kind: kindLower, x, y };
    if (kindLower === "mention") input.username = value ?? "";
    else if (kindLower === "link") {
      input.url = value ?? "";
      if (label !== undefined) input.text = label;
    } else if (KINDS_WITH_TEXT.has(kindLower)) input.text = value ?? "";
    const parsed = stickerSchema.safeParse(input);
    if (parsed.success) stickers.push(parsed.data);
    else
      fail(
        parsed.error.issues.map((issue) => issue.message).join(" "),
        `Write it as: ${frame} ${kindLower} ${example(kindLower)} 0.5 0.5 (x y optional, from 0 to 1).`,
      );
  }
  for (let frame = 0; frame < frameCount; frame++)
    if (stickers.filter((s) => s.frame === frame).length > MAX_STICKERS_PER_FRAME)
      problems.push({
        problem: `Frame ${frame + 1} has more than ${MAX_STICKERS_PER_FRAME} stickers.`,
        fix: `Keep at most ${MAX_STICKERS_PER_FRAME} stickers on a frame.`,
      });
  return { stickers, problems };
}

function example(kind: string): string {
  if (kind === "mention") return "@acme.partner";
  if (kind === "link") return "https://example.com/sale";
  return '"Red or blue?"';
}

const quote = (text: string) => `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

/** The stickers cell for export: stickers of each exported frame (1-based), in parseStickersCell's format. */
export function formatStickersCell(framesStickers: readonly (readonly StoredSticker[])[]): string {
  return framesStickers
    .flatMap((stickers, index) =>
      stickers.map((s) => {
        const value =
          s.kind === "mention"
            ? `@${s.username}`
            : s.kind === "link"
              ? s.text === undefined
                ? s.url
                : `${s.url} ${quote(s.text)}`
              : quote(s.text);
        return `${index + 1} ${s.kind} ${value} ${s.x} ${s.y}`;
      }),
    )
    .join(`${LIST_SEPARATOR} `);
}
