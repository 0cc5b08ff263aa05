import SwaggerParser from "@apidevtools/swagger-parser";
import fc from "fast-check";
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
  it("is valid OpenAPI 3.1 for a standard validator: every $ref resolves inside the document", {
    timeout: 30_000,
  }, async () => {
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
    const otherAgain = components.add(z.object({ also: thingB }), "input", "otherAgain");

    expect(components.schemas.Thing).toMatchObject({ properties: { a: { type: "string" } } });
    expect(components.schemas.Thing2).toMatchObject({ properties: { b: { type: "number" } } });
    expect(first).toMatchObject({ properties: { one: { $ref: "#/components/schemas/Thing" } } });
    expect(second).toMatchObject({ properties: { other: { $ref: "#/components/schemas/Thing2" } } });
    expect(again).toMatchObject({ properties: { same: { $ref: "#/components/schemas/Thing" } } });
    expect(otherAgain).toMatchObject({ properties: { also: { $ref: "#/components/schemas/Thing2" } } });
    expect(Object.keys(components.schemas).sort()).toEqual(["Thing", "Thing2"]);
    await expect(
      SwaggerParser.validate(documentWith(components, { first, second, again, otherAgain }) as never),
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

describe("SchemaComponents, for any schemas", () => {
  // Def names that collide across schemas and need escaping or renaming in a component name.
  const NAMES = ["Story", "Story2", "a b", "x/y", "t~0", "50%", "Brand"];
  const pointer = (name: string) =>
    `#/$defs/${encodeURIComponent(name.replace(/~/g, "~0").replace(/\//g, "~1"))}`;

  /** A JSON Schema with `$defs` named from `names`, refs among them and to itself, nested anywhere. */
  const schemaWith = (names: string[]) => {
    const { node } = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: "small" },
        fc.constantFrom({ type: "string" }, { type: "integer", minimum: 0 }, { type: "boolean" }),
        fc.constantFrom(...names.map((name) => ({ $ref: pointer(name) })), { $ref: "#" }),
        fc
          .dictionary(fc.constantFrom("id", "items", "$ref", "$defs", "title"), tie("node"), { maxKeys: 3 })
          .map((properties) => ({ type: "object", properties })),
        tie("node").map((items) => ({ type: "array", items })),
        fc.array(tie("node"), { minLength: 1, maxLength: 3 }).map((anyOf) => ({ anyOf })),
      ),
    }));
    // A def is an object with properties, as zod writes one: a def that is only a ref to itself
    // would be a loop with no schema in it, which no generator writes.
    const def = fc
      .dictionary(fc.constantFrom("id", "items", "$ref"), node, { minKeys: 1, maxKeys: 3 })
      .map((properties) => ({ type: "object", properties }));
    return fc.record({ root: node, defs: fc.tuple(...names.map(() => def)) }).map(({ root, defs }) => ({
      anyOf: [root],
      $defs: Object.fromEntries(names.map((name, i) => [name, defs[i]])),
    }));
  };

  const manySchemas = fc.array(
    fc.subarray(NAMES).chain((names) => schemaWith(names)),
    { minLength: 1, maxLength: 4 },
  );

  /** Hoists every schema into one SchemaComponents; the document holding them all. */
  function hoistAll(schemas: unknown[]) {
    const components = new SchemaComponents();
    const hoisted = Object.fromEntries(
      schemas.map((schema, i) => [`op${i}`, components.hoist(schema as Record<string, unknown>, `op${i}`)]),
    );
    return { components, document: documentWith(components, hoisted) };
  }

  it("always gives a document whose every ref resolves to a component, with no $defs left", () => {
    fc.assert(
      fc.property(manySchemas, (schemas) => {
        const { components, document } = hoistAll(schemas);
        for (const { at, ref } of refsOf(document)) {
          const name = ref.match(/^#\/components\/schemas\/([A-Za-z0-9._-]+)$/)?.[1];
          expect(name, `${at}: ${ref}`).toBeDefined();
          expect(components.schemas, ref).toHaveProperty([name as string]);
        }
        for (const schema of Object.values(components.schemas)) expect(schema).not.toHaveProperty("$defs");
      }),
      { numRuns: 200 },
    );
  });

  it("gives a document the standard validator accepts, for many colliding schemas at once", {
    timeout: 30_000,
  }, async () => {
    // One validation (it compiles the OpenAPI meta-schema each time) over 30 random schemas.
    const { document } = hoistAll(fc.sample(manySchemas, { numRuns: 10, seed: 42 }).flat());
    await expect(SwaggerParser.validate(document as never)).resolves.toBeDefined();
  });
});
