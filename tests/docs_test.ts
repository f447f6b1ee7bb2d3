import assert from "node:assert/strict";
import { scenarioReference, tableReference } from "../cli/docs.ts";

const docs = new URL("../docs/", import.meta.url);

Deno.test("docs/scenario.md and docs/tables.md match the schema and the tables (deno task docs)", async () => {
  assert.equal(await Deno.readTextFile(new URL("scenario.md", docs)), scenarioReference());
  assert.equal(await Deno.readTextFile(new URL("tables.md", docs)), tableReference());
});
