/**
 * Where money is spent: no silent fake cloud, destructive commands that
 * confirm and report each outcome, firewall output that tells the truth,
 * errors in the tool's own words.
 */

import assert from "node:assert/strict";
import type { Instance } from "../src/v1/mod.ts";
import {
  EXIT_API_ERROR,
  EXIT_NO_CREDENTIALS,
  EXIT_OK,
  EXIT_USAGE,
} from "./main.ts";
import { harness, KEY, LAUNCH } from "./testdata/harness.ts";
import type { FetchLike } from "./target.ts";

type Launched = { instance: Instance };

Deno.test("no credentials: cloud commands fail with a distinct code and say how to fix it; nothing is sent", async () => {
  const sent: string[] = [];
  const { run, json, mock } = harness({}, {
    fetch: (input, init) => {
      sent.push(new Request(input, init).url);
      return Promise.reject(new Error("nothing may be sent"));
    },
  });
  for (const args of [["regions"], [...LAUNCH], ["instances"]]) {
    const result = await run(args, {}, { mock: false });
    assert.equal(result.code, EXIT_NO_CREDENTIALS, args.join(" "));
    assert.match(result.stderr, /LAMBDA_API_KEY/);
    assert.match(result.stderr, /~\/\.lambda_cloud\/lambda_keys/);
    assert.match(result.stderr, /--mock/);
    assert.equal(result.stdout, "");
  }
  const doc = await json<{ error: { code: string } }>(
    ["regions"],
    EXIT_NO_CREDENTIALS,
    {},
    { mock: false },
  );
  assert.equal(doc.error.code, "no-credentials");
  assert.deepEqual(sent, []);
  assert.equal(mock.state.instances.length, 0);
  const offline = await run(["regions"], {}, { mock: true });
  assert.equal(offline.code, EXIT_OK);
  assert.match(offline.stderr, /embedded Lambda Cloud emulator/);
});

Deno.test("-v says which credential source was used", async () => {
  const holder: { fetch?: FetchLike } = {};
  const { run, mock } = harness({}, {
    emulator: undefined,
    fetch: (input, init) => holder.fetch!(input, init),
  });
  holder.fetch = mock.fetch;
  const verbose = await run(["regions", "-v"], { LAMBDA_API_KEY: KEY }, {
    mock: false,
  });
  assert.equal(verbose.code, EXIT_OK, verbose.stderr);
  assert.match(verbose.stderr, /https:\/\/cloud\.lambda\.ai/);
  assert.match(verbose.stderr, /key from LAMBDA_API_KEY/);
  const quiet = await run(["regions"], { LAMBDA_API_KEY: KEY }, {
    mock: false,
  });
  assert.equal(quiet.stderr, "");
});

Deno.test("every --json document says which target answered", async () => {
  const { json } = harness();
  const launched = await json<Launched & { target: { kind: string } }>(
    [...LAUNCH, "--wait"],
  );
  const id = launched.instance.cloudId;
  for (
    const args of [
      ["types"],
      ["regions"],
      ["images"],
      ["instances"],
      ["instances", "show", id],
      ["ssh-keys"],
      ["firewall", "list", id],
      ["reboot", id],
      ["terminate", id, "--yes"],
    ]
  ) {
    const doc = await json<{ target: { kind: string; url: string } }>(args);
    assert.equal(doc.target.kind, "embedded-emulator", args.join(" "));
    assert.equal(typeof doc.target.url, "string");
  }
  assert.equal(launched.target.kind, "embedded-emulator");
});

Deno.test("terminate without a terminal needs --yes, and terminates nothing without it", async () => {
  const { run, json, mock } = harness();
  const { instance } = await json<Launched>(LAUNCH);
  const refused = await run(["terminate", instance.cloudId]);
  assert.equal(refused.code, EXIT_USAGE);
  assert.match(refused.stderr, /--yes/);
  assert.equal(
    mock.state.instances.find((i) => i.id === instance.cloudId)?.status,
    "booting",
  );
});

Deno.test("terminate on a terminal asks first; 'n' keeps the instance, 'y' terminates it", async () => {
  const { run, json, mock, prompts } = harness();
  const { instance } = await json<Launched>(LAUNCH);
  const id = instance.cloudId;
  const kept = await run(["terminate", id], {}, {
    isTerminal: true,
    answers: ["n"],
  });
  assert.equal(kept.code, EXIT_OK);
  assert.match(prompts[0], new RegExp(`Terminate .*${id}`));
  assert.equal(
    mock.state.instances.find((i) => i.id === id)?.status,
    "booting",
  );
  const done = await run(["terminate", id], {}, {
    isTerminal: true,
    answers: ["y"],
  });
  assert.equal(done.code, EXIT_OK, done.stderr);
  assert.equal(
    mock.state.instances.find((i) => i.id === id)?.status,
    "terminating",
  );
});

Deno.test("terminate ID1 bad ID3: both good ids are terminated, each outcome is reported, exit 1", async () => {
  const { run, json, mock } = harness();
  const first = (await json<Launched>(LAUNCH)).instance.cloudId;
  const third = (await json<Launched>(LAUNCH)).instance.cloudId;
  const bad = "0000000000000000000000000000dead";
  const human = await run(["terminate", first, bad, third, "--yes"]);
  assert.equal(human.code, EXIT_API_ERROR);
  for (const id of [first, third]) {
    assert.equal(
      mock.state.instances.find((i) => i.id === id)?.status,
      "terminating",
    );
    assert.match(
      human.stdout,
      new RegExp(`terminating +${id}|${id} +terminating`),
    );
  }
  assert.match(human.stdout + human.stderr, new RegExp(`${bad}.*not found`));

  const again = await json<{
    terminated: string[];
    failed: { id: string; error: { code: string } }[];
  }>(["terminate", bad, first, "--yes"], EXIT_API_ERROR);
  assert.deepEqual(again.terminated, [first]);
  assert.deepEqual(again.failed.map((f) => [f.id, f.error.code]), [
    [bad, "instance-not-found"],
  ]);
});

Deno.test("firewall: each rule names its ruleset; revoking a rule the global ruleset also grants warns the port stays open", async () => {
  const { run, json, mock } = harness();
  const { instance } = await json<Launched>([...LAUNCH, "--port", "8888"]);
  const id = instance.cloudId;
  const patched = await mock.fetch(
    "https://cloud.lambda.ai/api/v1/firewall-rulesets/global",
    {
      method: "PATCH",
      headers: {
        authorization: `Bearer ${KEY}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({
        rules: [{
          protocol: "tcp",
          port_range: [8888, 8888],
          source_network: "0.0.0.0/0",
          description: "web for everyone",
        }, {
          protocol: "tcp",
          port_range: [9000, 9000],
          source_network: "52.0.0.0/8",
          description: "metrics",
        }],
      }),
    },
  );
  assert.equal(patched.status, 200, await patched.text());

  type Rules = {
    rules: {
      id: string;
      fromPort: number;
      ruleset: "instance" | "global";
    }[];
  };
  const listed = await json<Rules>(["firewall", "list", id]);
  const byPort = (port: number) =>
    listed.rules.find((r) => r.fromPort === port);
  assert.equal(byPort(22)?.ruleset, "instance");
  assert.equal(byPort(8888)?.ruleset, "global");
  assert.equal(byPort(9000)?.ruleset, "global");
  assert.deepEqual(
    await json<Rules>(["firewall", "show", "--instance", id]),
    listed,
  );
  const table = await run(["firewall", "list", "--instance", id]);
  assert.match(table.stdout, /RULESET/);
  assert.match(table.stdout, /global/);

  const web = byPort(8888)!.id;
  const revoked = await run(["firewall", "revoke", id, web]);
  assert.equal(revoked.code, EXIT_OK, revoked.stderr);
  assert.match(revoked.stderr, /global ruleset/);
  assert.match(revoked.stderr, /8888.*stays open|stays open.*8888/);
  const doc = await json<{ stillOpen: string[] }>([
    "firewall",
    "revoke",
    "--instance",
    id,
    byPort(22)!.id,
  ]);
  assert.deepEqual(doc.stillOpen, []);
});

Deno.test("errors speak the tool's words: flags for fields, commands for API paths, no library names", async () => {
  const holder: { fetch?: FetchLike } = {};
  const { run, mock } = harness({}, {
    fetch: (input, init) => holder.fetch!(input, init),
  });
  const longName = await run([...LAUNCH, "--name", "n".repeat(65)]);
  assert.equal(longName.code, EXIT_USAGE);
  assert.match(longName.stderr, /--name/);
  assert.ok(!longName.stderr.includes("attrs."), longName.stderr);

  const mars = await run([
    "launch",
    "--type",
    "gpu_1x_a10",
    "--region",
    "mars-1",
  ]);
  assert.notEqual(mars.code, EXIT_OK);
  assert.match(mars.stderr, /--region|mars-1/);
  assert.match(mars.stderr, /regions/);
  assert.ok(!/attrs\.|createFirewallRuleset|getLocations/.test(mars.stderr));

  holder.fetch = (input, init) => {
    const request = new Request(input, init);
    if (
      new URL(request.url).pathname === "/api/v1/instance-operations/launch"
    ) {
      return Promise.resolve(Response.json({
        error: {
          code: "global/invalid-parameters",
          message: "Instance type 'gpu_9x' does not exist",
          suggestion: "List instance types with GET /api/v1/instance-types",
        },
      }, { status: 400 }));
    }
    return mock.fetch(request);
  };
  const env = { LAMBDA_BASE_URL: "http://127.0.0.1:9" };
  const suggested = await run([...LAUNCH], env, { mock: false });
  assert.equal(suggested.code, EXIT_API_ERROR);
  assert.match(suggested.stderr, /see: lambda types/);
  assert.ok(!suggested.stderr.includes("/api/v1/"), suggested.stderr);
  assert.ok(!suggested.stderr.includes("launchInstance"), suggested.stderr);
});

Deno.test("mock names the port when it is taken", async () => {
  const taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const { run, deps } = harness();
    const result = await run(["mock", "--port", String(taken.addr.port)], {}, {
      mock: false,
    });
    void deps;
    assert.equal(result.code, EXIT_API_ERROR);
    assert.match(
      result.stderr,
      new RegExp(`port ${taken.addr.port}.*(in use|taken)`),
    );
    assert.match(result.stderr, /--port 0/);
  } finally {
    taken.close();
  }
});
