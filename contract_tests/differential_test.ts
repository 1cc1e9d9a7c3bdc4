import assert from "node:assert/strict";
import {
  diffRuns,
  fieldsByPath,
  formatDifferences,
  furnish,
  type SideRun,
} from "./differential.ts";
import { withStandalone } from "../mock/testdata/standalone.ts";
import type { Exchange } from "./target.ts";

function ex(path: string, status: number, body: unknown): Exchange {
  return { method: "GET", path, status, requestBody: undefined, body };
}

function run(exchanges: Exchange[], outcome = "passed"): SideRun[] {
  return [{ scenario: "s", outcome, exchanges }];
}

Deno.test("diff: statuses, error codes, fields on one side, requests on one side, outcomes", () => {
  const key = { id: "k", name: "me", public_key: "ssh-ed25519 AAAA" };
  const differences = diffRuns(
    run([
      ex("/api/v1/regions", 200, { data: [] }),
      ex("/api/v1/instances/x", 404, {
        error: { code: "global/object-does-not-exist", message: "no" },
      }),
      ex("/api/v1/ssh-keys", 200, { data: [{ ...key, extra_live: 1 }] }),
    ]),
    run([
      ex("/api/v1/regions", 429, {
        error: { code: "global/too-many-requests", message: "slow" },
      }),
      ex("/api/v1/regions", 200, { data: [] }),
      ex("/api/v1/instances/x", 404, {
        error: { code: "global/not-found", message: "no" },
      }),
      ex("/api/v1/ssh-keys", 200, { data: [{ ...key, workspace_id: "w" }] }),
    ], "failed: boom"),
  );
  const rows = differences.map((d) =>
    `${d.request} | ${d.what} | ${d.live} | ${d.emulator}`
  );
  assert.deepEqual(rows, [
    "— | outcome | passed | failed: boom",
    "GET /api/v1/regions #1 | status | 200 | 429 global/too-many-requests",
    "GET /api/v1/regions #2 | request | not sent | 200",
    "GET /api/v1/instances/x #1 | status | 404 global/object-does-not-exist | 404 global/not-found",
    "GET /api/v1/ssh-keys #1 | fields of data[] | extra_live | workspace_id",
  ]);
  const table = formatDifferences(differences);
  assert.match(table, /^\| scenario \| request \|/);
  assert.equal(table.split("\n").length, 2 + rows.length);
});

Deno.test("diff: values are not compared, maps keyed by data are not fields, empty lists compare nothing", () => {
  const types = (name: string) => ({
    data: {
      [name]: {
        instance_type: { name, description: "d" },
        regions_with_capacity_available: [],
      },
    },
  });
  assert.deepEqual(
    diffRuns(
      run([
        ex("/api/v1/instance-types", 200, types("gpu_1x_a10")),
        ex("/api/v1/ssh-keys", 200, { data: [{ id: "a", name: "x" }] }),
        ex("/api/v1/file-systems", 200, { data: [] }),
      ]),
      run([
        ex("/api/v1/instance-types", 200, types("gpu_8x_h100")),
        ex("/api/v1/ssh-keys", 200, { data: [{ id: "b", name: "y" }] }),
        ex("/api/v1/file-systems", 200, { data: [{ id: "f" }] }),
      ]),
    ),
    [],
  );
  assert.deepEqual(
    [...fieldsByPath(types("t"), "listInstanceTypes").keys()].sort(),
    ["", "data{}", "data{}.instance_type"],
  );
  assert.equal(formatDifferences([]).startsWith("No differences"), true);
});

Deno.test("contract:live pointed at an emulator started otherwise reports the differences", async () => {
  // The "live" side: a standalone emulator with sparse answers (no nulls,
  // no extra fields) and no rate limits; the suite's emulator has all on.
  // Both hold the same objects.
  const key = "live-side-key";
  await withStandalone(
    [
      "--api-key",
      key,
      "--clock",
      "manual",
      "--rate-limits",
      "off",
      "--answers",
      "omit-optional",
    ],
    async (url) => {
      const post = async (path: string, body: unknown) => {
        const res = await fetch(`${url}${path}`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${key}`,
            "content-type": "application/json",
          },
          body: JSON.stringify(body),
        });
        const answer = await res.json();
        assert.equal(res.status, 200, `${path}: ${JSON.stringify(answer)}`);
        return answer.data;
      };
      await furnish({
        post,
        advance: (ms) => post("/_mock/clock/advance", { ms }).then(() => {}),
      });
      const { code, stdout } = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "--lock=deno.dev.lock",
          "--allow-all",
          "contract_tests/live.ts",
        ],
        cwd: new URL("..", import.meta.url).pathname,
        env: { LAMBDA_API_KEY: key, LAMBDA_BASE_URL: url },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const out = new TextDecoder().decode(stdout);
      const report = out.slice(out.indexOf("Differential report"));
      assert.ok(report.startsWith("Differential report"), out.slice(-2000));
      const row = (request: RegExp, what: string, cells: RegExp) =>
        report.split("\n").some((line) =>
          request.test(line) && line.includes(`| ${what} |`) && cells.test(line)
        );
      // Growing answers: workspace_id only on the emulator's side.
      assert.ok(
        row(/GET \/api\/v1\/ssh-keys #1/, "fields of data[]", /workspace_id/),
        report,
      );
      // Sparse answers live; null in those fields, and workspace_id, on the
      // emulator's side.
      assert.ok(
        row(
          /GET \/api\/v1\/instances #1/,
          "fields of data[]",
          /\| — \| jupyter_token, jupyter_url, private_ip, workspace_id \|/,
        ),
        report,
      );
      // Rate limits: 429s only on the emulator's side.
      assert.ok(
        report.split("\n").some((line) =>
          /\| status \| 200 \| 429 global\/too-many-requests \|/.test(line)
        ),
        report,
      );
      assert.equal(code, 0, out.slice(-3000));
    },
  );
});
