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

function parameters(route: RouteDef) {
  const from = (schema: z.ZodObject | undefined, where: "path" | "query") =>
    Object.entries(schema?.shape ?? {}).map(([name, field]) => {
      const json = toSchema(field as z.ZodType, "input");
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

function operation(route: RouteDef) {
  const problem = { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } };
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
    parameters: [...parameters(route), ...headers],
    ...(route.body && {
      requestBody: {
        required: true,
        content: { [route.body.contentType]: { schema: toSchema(route.body.schema, "input") } },
      },
    }),
    responses: {
      [route.response.status]: {
        description: route.response.description,
        content: { "application/json": { schema: toSchema(route.response.schema, "input") } },
      },
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
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of Object.values(routes) as RouteDef[]) {
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = operation(route);
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
      schemas: { Problem: toSchema(problemSchema, "input") },
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
