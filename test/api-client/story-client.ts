/**
 * A client of /api/v1 as an integrator would write it: types generated from the served OpenAPI
 * document with openapi-typescript (`api-types.ts`), requests made with openapi-fetch. The test
 * app/api/v1/openapi-client.integration.test.ts generates `api-types.ts` beside a copy of this
 * file in a temporary folder, typechecks the two with tsc, and runs this client against the route
 * handlers. That is why the project's own tsconfig leaves this folder out: `api-types.ts` exists
 * only while that test runs, so it always reflects the document the app serves today.
 */
import createClient from "openapi-fetch";
import type { components, paths } from "./api-types";

export type NewStory = paths["/stories"]["post"]["requestBody"]["content"]["application/json"];
export type Story = components["schemas"]["Story"];
export type Problem = components["schemas"]["Problem"];

export function storyClient(options: {
  baseUrl: string;
  apiKey: string;
  fetch?: (r: Request) => Promise<Response>;
}) {
  const client = createClient<paths>({
    baseUrl: options.baseUrl,
    headers: { authorization: `Bearer ${options.apiKey}` },
    fetch: options.fetch,
  });
  return {
    /** Schedules a story; a refusal comes back as the API's problem details. */
    async createStory(story: NewStory, idempotencyKey: string): Promise<Story> {
      const { data, error } = await client.POST("/stories", {
        body: story,
        params: { header: { "Idempotency-Key": idempotencyKey } },
      });
      if (error) throw new Error(`${error.status} ${error.code}: ${error.detail}`);
      return data;
    },
    async getStory(storyId: string): Promise<Story> {
      const { data, error } = await client.GET("/stories/{storyId}", { params: { path: { storyId } } });
      if (error) throw new Error(`${error.status} ${error.code}: ${error.detail}`);
      return data;
    },
    /** The first page of a brand's stories, by status. */
    async listStories(brandId: string, status: Story["status"][]) {
      const { data, error } = await client.GET("/stories", { params: { query: { brandId, status } } });
      if (error) throw new Error(`${error.status} ${error.code}: ${error.detail}`);
      return data.data.map((summary) => ({ id: summary.id, title: summary.title, status: summary.status }));
    },
  };
}

/**
 * Never called: each line must be a type error. If the generated types lost their precision
 * (a ref that resolved to `unknown`, a body typed `any`), these would compile, `@ts-expect-error`
 * would be unused, and tsc fails the test.
 */
export function typesAreStrict(client: ReturnType<typeof createClient<paths>>, story: Story) {
  // @ts-expect-error a path parameter is required
  client.GET("/stories/{storyId}", {});
  // @ts-expect-error a story's title is a string
  const title: number = story.title;
  // @ts-expect-error no such status
  const status: Story["status"] = "ALMOST_PUBLISHED";
  // @ts-expect-error a body without its required fields
  client.POST("/stories", { body: { title: "no brand" } });
  return [title, status];
}
