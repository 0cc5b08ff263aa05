import { z } from "zod";
import { problemSchema } from "./resources";
import { type RouteDef, routes } from "./routes";

type JsonSchema = Record<string, unknown>;

const ERROR_RESPONSES: Record<string, string> = {
  "401": "The API key is missing, unknown or revoked.",
  "403": "The key's role does not allow this.",
  "404": "No such resource in the key's workspace (another workspace's ids answer the same).",
  "409": "The change conflicts with the resource's state, or the same Idempotency-Key is still in flight.",
  "422": "Invalid input (see `errors` for field paths), or an Idempotency-Key reused with another body.",
  "429": "The key's rate limit is spent; see Retry-After.",
};

/**
 * The document's `components/schemas`, filled as the routes' schemas are converted. zod writes a
 * schema's named parts (`meta({ id })`), shared parts and recursive parts as `$defs` of that schema
 * with refs like `#/$defs/Story` or `#` (itself). Inside an OpenAPI document those pointers resolve
 * against the document's root, where nothing of the kind exists, so every `$defs` entry is moved
 * into components and every ref rewritten to it. Two schemas may use one name for different shapes
 * (a Story input and a Story output, or two engineers' ids): the second one gets a free name
 * (`Story2`), so no component is silently replaced.
 */
export class SchemaComponents {
  readonly schemas: Record<string, JsonSchema> = {};

  /**
   * Converts one zod schema to the JSON Schema to put in the document, hoisting its `$defs`.
   * `name` is the component a schema that refers to itself (`$ref: "#"`) is hoisted as.
   */
  add(schema: z.ZodType, io: "input" | "output", name: string): JsonSchema {
    return this.hoist(toSchema(schema, io), name);
  }

  /** Hoists an already converted JSON Schema (exported for the tests of odd shapes). */
  hoist(json: JsonSchema, name: string): JsonSchema {
    const defs: Record<string, JsonSchema> = {};
    const root = collectDefs(json, defs);
    const selfReferencing = hasRef(root, "#") || Object.values(defs).some((def) => hasRef(def, "#"));
    const local = new Map<string, string>(); // the schema's own def name → component name
    const taken = new Set(Object.keys(this.schemas));
    for (const defName of Object.keys(defs)) local.set(defName, this.freeName(componentName(defName), taken));
    const rootName = selfReferencing ? this.freeName(componentName(name), taken) : undefined;

    // A def equal to a component of its name (the same Story in two routes), or of a name given
    // for it before (Story2), reuses that component; comparing needs the refs rewritten first, and
    // reusing one name can make another def equal, so repeat until nothing changes (a def only
    // ever moves to an existing component, hence this ends).
    const rewritten = () =>
      Object.fromEntries(
        Object.entries(defs).map(([defName, def]) => [defName, rewriteRefs(def, local, rootName)]),
      );
    for (let changed = true; changed; ) {
      changed = false;
      const current = rewritten();
      for (const [defName, def] of Object.entries(current)) {
        const equal = this.sameNamed(componentName(defName), def);
        if (equal && local.get(defName) !== equal) {
          local.set(defName, equal);
          changed = true;
        }
      }
    }
    for (const [defName, def] of Object.entries(rewritten())) {
      this.schemas[local.get(defName) as string] = def;
    }
    const body = rewriteRefs(root, local, rootName);
    if (!rootName) return body;
    this.schemas[rootName] = body;
    return { $ref: `#/components/schemas/${rootName}` };
  }

  /** The existing component `base`, `base2`, `base3`… whose content equals `schema`. */
  private sameNamed(base: string, schema: JsonSchema): string | undefined {
    const wanted = canonical(schema);
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? base : `${base}${n}`;
      const existing = this.schemas[candidate];
      if (!existing) return undefined;
      if (canonical(existing) === wanted) return candidate;
    }
  }

  /** `base`, or `base2`, `base3`… the first not used by a component nor by this schema's own defs. */
  private freeName(base: string, taken: Set<string>): string {
    let candidate = base;
    for (let n = 2; taken.has(candidate); n++) candidate = `${base}${n}`;
    taken.add(candidate);
    return candidate;
  }
}

/** OpenAPI component names are `^[a-zA-Z0-9._-]+$`; zod's ids and generated names may not be. */
const componentName = (name: string) => name.replace(/[^a-zA-Z0-9._-]/g, "_") || "Schema";

/** Keywords whose value is data, not a schema: a `$ref` or `$defs` inside them is an ordinary value. */
const DATA_KEYWORDS = new Set(["enum", "const", "default", "examples", "example"]);
/** Keywords whose value maps names (a property's, a def's) to schemas. */
const MAP_KEYWORDS = new Set(["properties", "patternProperties", "$defs", "dependentSchemas"]);

/** Rebuilds a schema bottom-up, passing every subschema (never data, never a property name) to `visit`. */
function mapSubschemas(node: unknown, visit: (schema: JsonSchema) => JsonSchema): unknown {
  if (!node || typeof node !== "object" || Array.isArray(node)) return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (DATA_KEYWORDS.has(key) || !value || typeof value !== "object") out[key] = value;
    else if (Array.isArray(value)) out[key] = value.map((item) => mapSubschemas(item, visit));
    else if (MAP_KEYWORDS.has(key))
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, child]) => [name, mapSubschemas(child, visit)]),
      );
    else out[key] = mapSubschemas(value, visit);
  }
  return visit(out);
}

/** Removes every `$defs` (at any depth: refs name them from the schema's root alike) into `into`. */
function collectDefs(schema: JsonSchema, into: Record<string, JsonSchema>): JsonSchema {
  return mapSubschemas(schema, ({ $defs, ...rest }) => {
    Object.assign(into, $defs);
    return rest;
  }) as JsonSchema;
}

function hasRef(schema: JsonSchema, ref: string): boolean {
  let found = false;
  mapSubschemas(schema, (node) => {
    found ||= node.$ref === ref;
    return node;
  });
  return found;
}

/** A JSON Pointer segment (RFC 6901) as written in a URI fragment, read back to the name. */
function unescapeSegment(segment: string): string {
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    // Not percent-encoded after all (a name with a bare "%"): keep it as written.
  }
  return decoded.replace(/~1/g, "/").replace(/~0/g, "~");
}

/**
 * `#/$defs/Name/rest` → `#/components/schemas/<component>/rest`, `#` → the hoisted root. A ref to
 * anything else in the schema's own root cannot be kept meaningful in the document: fail the
 * build loudly rather than serve a document that standard tools reject.
 */
function rewriteRefs(
  schema: JsonSchema,
  local: Map<string, string>,
  rootName: string | undefined,
): JsonSchema {
  const rewrite = (ref: string): string => {
    if (ref.startsWith("#/components/")) return ref;
    if (ref === "#" && rootName) return `#/components/schemas/${rootName}`;
    const match = ref.match(/^#\/\$defs\/([^/]+)(\/.*)?$/);
    // zod writes ids into refs as they are; a pointer escapes them. Either way names the def.
    const segment = match?.[1] as string;
    const target = match && (local.get(segment) ?? local.get(unescapeSegment(segment)));
    if (!target) throw new Error(`OpenAPI: cannot place the schema reference ${ref} in the document`);
    return `#/components/schemas/${target}${match[2] ?? ""}`;
  };
  return mapSubschemas(schema, (node) =>
    typeof node.$ref === "string" ? { ...node, $ref: rewrite(node.$ref) } : node,
  ) as JsonSchema;
}

/** JSON with sorted keys, to compare two schemas by content. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (!value || typeof value !== "object") return JSON.stringify(value);
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, child]) => `${JSON.stringify(key)}:${canonical(child)}`).join(",")}}`;
}

/**
 * Schemas are converted with zod 4's own z.toJSONSchema, as the client sees them on the wire
 * (input side for requests, encoded side for responses). Custom types without a JSON Schema
 * (the uploaded file) carry their own `meta`. Named schemas (`meta({ id })`) become components.
 */
function toSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: "any",
    target: "draft-2020-12",
    reused: "inline",
    override: ({ jsonSchema }) => {
      // The generator writes ids as in-document definitions; components are referenced instead.
      delete jsonSchema.id;
    },
  }) as JsonSchema;
  return rest;
}

function parameters(route: RouteDef, components: SchemaComponents) {
  const from = (schema: z.ZodObject | undefined, where: "path" | "query") =>
    Object.entries(schema?.shape ?? {}).map(([name, field]) => {
      const json = components.add(field as z.ZodType, "input", `${route.operationId}_${name}`);
      return {
        name,
        in: where,
        required: where === "path" || !(field as z.ZodType).safeParse(undefined).success,
        // Lists are comma-separated (status=PUBLISHED,PARTIAL), not repeated.
        ...(json.type === "array" && { style: "form", explode: false }),
        schema: json,
      };
    });
  return [...from(route.params, "path"), ...from(route.query, "query")];
}

function operation(route: RouteDef, components: SchemaComponents, problemRef: JsonSchema) {
  const problem = { "application/problem+json": { schema: problemRef } };
  const headers =
    route.method === "POST"
      ? [
          {
            name: "Idempotency-Key",
            in: "header",
            required: false,
            description:
              "Any unique string (a UUID). Retrying with the same key and body returns the first response.",
            schema: { type: "string", maxLength: 255 },
          },
        ]
      : [];
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    description: `Requires a key whose role may \`${route.permission}\`.`,
    parameters: [...parameters(route, components), ...headers],
    ...(route.body && {
      requestBody: {
        required: true,
        content: {
          [route.body.contentType]: {
            schema: components.add(route.body.schema, "input", `${route.operationId}_body`),
          },
        },
      },
    }),
    responses: {
      [route.response.status]: {
        description: route.response.description,
        content: {
          "application/json": {
            schema: components.add(route.response.schema, "input", `${route.operationId}_response`),
          },
        },
      },
      ...(route.otherResponse && {
        [route.otherResponse.status]: {
          description: route.otherResponse.description,
          content: {
            "application/json": {
              schema: components.add(
                route.otherResponse.schema,
                "input",
                `${route.operationId}_${route.otherResponse.status}_response`,
              ),
            },
          },
        },
      }),
      ...Object.fromEntries(
        Object.entries(ERROR_RESPONSES).map(([status, description]) => [
          status,
          { description, content: problem },
        ]),
      ),
    },
  };
}

/** The OpenAPI 3.1 document of /api/v1, built from the route table. */
export function buildOpenApiDocument(serverUrl: string) {
  const components = new SchemaComponents();
  const problemRef = components.add(problemSchema, "input", "Problem");
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of Object.values(routes) as RouteDef[]) {
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = operation(
      route,
      components,
      problemRef,
    );
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "StoryRelay API",
      version: "1.0.0",
      description:
        "Schedule Stories on Instagram, Facebook and WhatsApp Status. Authenticate with `Authorization: Bearer <API key>`; errors are RFC 9457 problem details.",
    },
    servers: [{ url: `${serverUrl}/api/v1` }],
    security: [{ apiKey: [] }],
    paths,
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "An API key from Settings → API." },
      },
      schemas: components.schemas,
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
