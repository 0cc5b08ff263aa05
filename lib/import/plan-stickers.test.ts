import { describe, expect, it } from "vitest";
import { formatStickersCell, parseStickersCell } from "./plan-stickers";

describe("parseStickersCell", () => {
  it("reads each kind, quoted text with ; and quotes inside, positions defaulting to the centre", () => {
    const { stickers, problems } = parseStickersCell(
      '1 mention @acme.partner 0.5 0.3; 2 link https://example.com/sale 0.5 0.8;1 poll "Red; or \\"blue\\"?" 0 1;' +
        ' 2 link https://example.com/a "Shop now" 0.1 0.2; 3 question "Ask me"; 3 location Berlin; 3 MUSIC "Song - Artist" 1 0; 1 link https://a.example "2024"',
      3,
    );
    expect(problems).toEqual([]);
    expect(stickers).toEqual([
      { frame: 0, kind: "mention", username: "acme.partner", x: 0.5, y: 0.3 },
      { frame: 1, kind: "link", url: "https://example.com/sale", x: 0.5, y: 0.8 },
      { frame: 0, kind: "poll", text: 'Red; or "blue"?', x: 0, y: 1 },
      { frame: 1, kind: "link", url: "https://example.com/a", text: "Shop now", x: 0.1, y: 0.2 },
      { frame: 2, kind: "question", text: "Ask me", x: 0.5, y: 0.5 },
      { frame: 2, kind: "location", text: "Berlin", x: 0.5, y: 0.5 },
      { frame: 2, kind: "music", text: "Song - Artist", x: 1, y: 0 },
      { frame: 0, kind: "link", url: "https://a.example", text: "2024", x: 0.5, y: 0.5 },
    ]);
  });

  it("an empty cell has no stickers", () => {
    expect(parseStickersCell("", 2)).toEqual({ stickers: [], problems: [] });
    expect(parseStickersCell(" ; ", 2)).toEqual({ stickers: [], problems: [] });
  });

  it.each([
    ["1 sparkle @acme", /"sparkle" is not a kind of sticker/, /mention, link, poll/],
    ["3 mention @acme", /the row has 2 frames, so there is no frame 3/, /from 1 to 2/],
    ["0 mention @acme", /no frame 0/, /from 1 to 2/],
    ["first mention @acme", /"first" is not a frame number/, /frame number/],
    ["1 mention @not-a-name!", /A username has 1-30 letters/, /1 mention @acme.partner/],
    ["1 link example.com/sale", /Use a full web address/, /https:\/\/example.com\/sale/],
    ["1 link ftp://example.com/sale", /Use a full web address/, /1 link/],
    ["1 mention @acme 1.5 0.2", /x must be from 0 to 1/, /from 0 to 1/],
    ["1 mention @acme 0.2 -0.1", /y must be from 0 \(top\) to 1/, /from 0 to 1/],
    ["1 mention @acme 0.5", /"0.5" is not a position/, /x and y/],
    ["1 link https://a.example 0.5", /"0.5" is not a position/, /x and y/],
    ["1 link https://a.example Shop 0.5 0.5", /"Shop 0.5 0.5" is not a position/, /quote text/],
    ["1 poll Red or blue?", /"or blue\?" is not a position/, /quote text with spaces/],
    ["1 poll", /Write the poll question/, /1 poll "Red or blue\?"/],
    ['1 poll "Red or blue?', /A quote is not closed/, /Close the quoted text/],
  ])("refuses %j with a fix", (cell, problem, fix) => {
    const result = parseStickersCell(cell, 2);
    expect(result.stickers).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.problem).toMatch(problem);
    expect(result.problems[0]?.fix).toMatch(fix);
  });

  it("refuses stickers on a row without frames, and more than five on a frame", () => {
    expect(parseStickersCell("1 mention @acme", 0).problems[0]?.fix).toMatch(/add a frame/);
    const six = Array.from({ length: 6 }, (_, i) => `1 mention @acme${i}`).join("; ");
    expect(parseStickersCell(six, 1).problems.map((p) => p.problem)).toEqual([
      "Frame 1 has more than 5 stickers.",
    ]);
  });

  it("keeps the good stickers and reports each bad one", () => {
    const { stickers, problems } = parseStickersCell(
      "1 mention @acme; 1 sparkle x; 4 link https://a.example",
      2,
    );
    expect(stickers).toHaveLength(1);
    expect(problems.map((p) => p.problem)).toEqual([
      'Sticker "1 sparkle x": "sparkle" is not a kind of sticker.',
      'Sticker "4 link https://a.example": the row has 2 frames, so there is no frame 4.',
    ]);
  });
});

describe("formatStickersCell", () => {
  it("writes what parseStickersCell reads back", () => {
    const cell = formatStickersCell([
      [
        { kind: "mention", username: "acme.partner", x: 0.5, y: 0.3 },
        { kind: "poll", text: 'Red; or "blue"?', x: 0, y: 1 },
      ],
      [],
      [
        { kind: "link", url: "https://example.com/sale", text: "Shop \\ now", x: 0.25, y: 0.8 },
        { kind: "link", url: "https://example.com/b", x: 0.5, y: 0.5 },
      ],
    ]);
    expect(cell).toBe(
      '1 mention @acme.partner 0.5 0.3; 1 poll "Red; or \\"blue\\"?" 0 1; ' +
        '3 link https://example.com/sale "Shop \\\\ now" 0.25 0.8; 3 link https://example.com/b 0.5 0.5',
    );
    expect(parseStickersCell(cell, 3)).toEqual({
      problems: [],
      stickers: [
        { frame: 0, kind: "mention", username: "acme.partner", x: 0.5, y: 0.3 },
        { frame: 0, kind: "poll", text: 'Red; or "blue"?', x: 0, y: 1 },
        { frame: 2, kind: "link", url: "https://example.com/sale", text: "Shop \\ now", x: 0.25, y: 0.8 },
        { frame: 2, kind: "link", url: "https://example.com/b", x: 0.5, y: 0.5 },
      ],
    });
  });
});
