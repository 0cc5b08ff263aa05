import SwaggerParser from "@apidevtools/swagger-parser";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { buildOpenApiDocument, SchemaComponents } from "./openapi";

/** Every `$ref` in a document, with where it is. */
function refsOf(value: unknown, at = "#"): { at: string; ref: string }[] {
  if (!value || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, child]) =>
    key === "$ref" && typeof child === "string" ? [{ at, ref: child }] : refsOf(child, `${at}/${key}`),
  );
}

/** A minimal OpenAPI 3.1 document whose one operation answers `schema`, with `components`'s schemas. */
const documentWith = (components: SchemaComponents, schemas: Record<string, unknown>) => ({
  openapi: "3.1.0",
  info: { title: "t", version: "1" },
  paths: Object.fromEntries(
    Object.entries(schemas).map(([name, schema]) => [
      `/${name}`,
      {
        get: {
          operationId: name,
          responses: { "200": { description: "ok", content: { "application/json": { schema } } } },
        },
      },
    ]),
  ),
  components: { schemas: components.schemas },
});

describe("the OpenAPI document of /api/v1", () => {
  it("is valid OpenAPI 3.1 for a standard validator: every $ref resolves inside the document", async () => {
    const document = buildOpenApiDocument("http://localhost:3000");
    // validate() dereferences in place: give it a copy.
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
    for (const { at, ref } of refsOf(document)) {
      expect(ref, at).toMatch(/^#\/components\/schemas\/[A-Za-z0-9._-]+$/);
    }
    expect(JSON.stringify(document)).not.toContain('"$defs"');
    // The named resources are components, referenced from the operations.
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining(["Problem", "Brand", "Channel", "MediaAsset", "Story", "StorySummary"]),
    );
  });
});

describe("SchemaComponents", () => {
  it("hoists named schemas, keeps two different shapes under one name apart, and shares equal ones", async () => {
    const components = new SchemaComponents();
    const thingA = z.object({ a: z.string() }).meta({ id: "Thing" });
    const thingB = z.object({ b: z.number() }).meta({ id: "Thing" });
    const first = components.add(z.object({ one: thingA, many: z.array(thingA) }), "input", "first");
    const second = components.add(z.object({ other: thingB }), "input", "second");
    const again = components.add(z.object({ same: thingA }), "input", "again");

    expect(components.schemas.Thing).toMatchObject({ properties: { a: { type: "string" } } });
    expect(components.schemas.Thing2).toMatchObject({ properties: { b: { type: "number" } } });
    expect(first).toMatchObject({ properties: { one: { $ref: "#/components/schemas/Thing" } } });
    expect(second).toMatchObject({ properties: { other: { $ref: "#/components/schemas/Thing2" } } });
    expect(again).toMatchObject({ properties: { same: { $ref: "#/components/schemas/Thing" } } });
    expect(Object.keys(components.schemas).sort()).toEqual(["Thing", "Thing2"]);
    await expect(
      SwaggerParser.validate(documentWith(components, { first, second, again }) as never),
    ).resolves.toBeDefined();
  });

  it("hoists a schema that refers to itself, and defs that refer to each other, under valid names", async () => {
    type Node = { name: string; children: Node[] };
    const node: z.ZodType<Node> = z.object({
      name: z.string(),
      get children() {
        return z.array(node);
      },
    });
    const person = z.object({ name: z.string() }).meta({ id: "a person/with odd~name" });
    const team = z.object({ lead: person, members: z.array(person) }).meta({ id: "Team" });
    const components = new SchemaComponents();
    const tree = components.add(node, "input", "tree");
    const teams = components.add(z.object({ teams: z.array(team), lead: person }), "input", "teams");

    expect(tree).toEqual({ $ref: "#/components/schemas/tree" });
    expect(components.schemas.tree).toMatchObject({
      properties: { children: { items: { $ref: "#/components/schemas/tree" } } },
    });
    expect(components.schemas.Team).toMatchObject({
      properties: { lead: { $ref: "#/components/schemas/a_person_with_odd_name" } },
    });
    expect(teams).toMatchObject({ properties: { teams: { items: { $ref: "#/components/schemas/Team" } } } });
    const document = documentWith(components, { tree, teams });
    for (const { at, ref } of refsOf(document)) expect(ref, at).toMatch(/^#\/components\/schemas\//);
    await expect(SwaggerParser.validate(document as never)).resolves.toBeDefined();
  });

  it("leaves a property named $defs or $ref and data that looks like a ref alone", () => {
    const components = new SchemaComponents();
    const json = components.hoist(
      {
        type: "object",
        properties: { $defs: { type: "string" }, $ref: { type: "string" } },
        default: { $ref: "#/$defs/Nothing" },
      },
      "odd",
    );
    expect(json).toEqual({
      type: "object",
      properties: { $defs: { type: "string" }, $ref: { type: "string" } },
      default: { $ref: "#/$defs/Nothing" },
    });
    expect(components.schemas).toEqual({});
  });

  it("refuses to build a document with a ref it cannot place, rather than serve an invalid one", () => {
    expect(() =>
      new SchemaComponents().hoist({ properties: { x: { $ref: "#/properties/y" } } }, "x"),
    ).toThrow(/cannot place the schema reference #\/properties\/y/);
  });
});
