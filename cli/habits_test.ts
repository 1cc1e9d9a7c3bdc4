/**
 * The habits of the cloud tools people know: --version, -o, completion,
 * --yes, launch --dry-run, did-you-mean, `instances show`, `ssh-keys
 * add|delete`, `firewall list`, help in the name the tool was invoked by,
 * one parser, and a lean first run.
 */

import assert from "node:assert/strict";
import type { Instance } from "../src/v1/mod.ts";
import { EXIT_OK, EXIT_USAGE } from "./main.ts";
import { harness, LAUNCH } from "./testdata/harness.ts";

type Launched = { instance: Instance };

const PUBLIC_KEY =
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ2Ucfz0Fq9V4v6nYTP0n9LX4r4JxQbcrVhl1m0AnOBN me@laptop";

Deno.test("--version prints the package version", async () => {
  const { run } = harness();
  const config = JSON.parse(
    await Deno.readTextFile(new URL("../deno.json", import.meta.url)),
  );
  const result = await run(["--version"], {}, { mock: false });
  assert.equal(result.code, EXIT_OK);
  assert.equal(result.stdout, `lambda ${config.version}\n`);
});

Deno.test("-o table|json|ids: ids prints one id per line; -o json equals --json", async () => {
  const { run, json } = harness();
  const a = (await json<Launched>(LAUNCH)).instance.cloudId;
  const b = (await json<Launched>(LAUNCH)).instance.cloudId;
  const ids = await run(["instances", "-o", "ids"]);
  assert.equal(ids.code, EXIT_OK, ids.stderr);
  assert.deepEqual(ids.stdout.trimEnd().split("\n").sort(), [a, b].sort());
  const viaO = await run(["instances", "-ojson"]);
  assert.deepEqual(JSON.parse(viaO.stdout), await json(["instances"]));
  const table = await run(["instances", "--output=table"]);
  assert.match(table.stdout, /^ID +NAME/);
  const launchedId = await run([...LAUNCH, "-o", "ids"]);
  assert.match(launchedId.stdout, /^\w+\n$/);
  const bad = await run(["instances", "-o", "yaml"]);
  assert.equal(bad.code, EXIT_USAGE);
  assert.match(bad.stderr, /-o.*table, json or ids/);
});

Deno.test("completion bash|zsh|fish: scripts generated from the command table", async () => {
  const { run } = harness();
  for (const shell of ["bash", "zsh", "fish"]) {
    const result = await run(["completion", shell], {}, { mock: false });
    assert.equal(result.code, EXIT_OK, shell);
    for (
      const word of [
        "launch",
        "terminate",
        "firewall",
        "revoke",
        "--dry-run",
        "--yes",
        "--output",
      ]
    ) {
      const form = shell === "fish" && word.startsWith("--")
        ? `-l ${word.slice(2)}`
        : word;
      assert.ok(result.stdout.includes(form), `${shell}: ${form}`);
    }
  }
  const bash = await run(["completion", "bash"], {}, { mock: false });
  const check = new Deno.Command("bash", {
    args: ["-n"],
    stdin: "piped",
    stderr: "piped",
  }).spawn();
  const writer = check.stdin.getWriter();
  await writer.write(new TextEncoder().encode(bash.stdout));
  await writer.close();
  const status = await check.output();
  assert.equal(status.code, 0, new TextDecoder().decode(status.stderr));
  // The script completes as it should when bash runs it.
  const complete = async (...words: string[]) => {
    const script = `${bash.stdout}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")})
COMP_CWORD=${words.length - 1}
_lambda_complete
echo "\${COMPREPLY[@]}"`;
    const out = await new Deno.Command("bash", {
      args: ["-c", script],
      stdout: "piped",
    }).output();
    return new TextDecoder().decode(out.stdout).trim().split(" ");
  };
  assert.deepEqual(await complete("lambda", "firewall", "re"), ["revoke"]);
  assert.deepEqual(await complete("lambda", "launch", "--ty"), ["--type"]);
  assert.deepEqual(await complete("lambda", "-o", "j"), ["json"]);
  assert.deepEqual(await complete("lambda", "instances", "s"), ["show"]);
  assert.deepEqual(await complete("lambda", "completion", "z"), ["zsh"]);
  assert.deepEqual(
    await complete("lambda", "launch", "--type", "x", "--w"),
    ["--wait"],
  );
  const unknown = await run(["completion", "tcsh"], {}, { mock: false });
  assert.equal(unknown.code, EXIT_USAGE);
});

Deno.test("launch --dry-run validates and prints the request, and launches nothing", async () => {
  const { run, json, mock } = harness();
  const doc = await json<{
    dryRun: boolean;
    request: { region_name: string; instance_type_name: string; name: string };
  }>([...LAUNCH, "--name", "trainer", "--dry-run"]);
  assert.equal(doc.dryRun, true);
  assert.equal(doc.request.region_name, "us-west-1");
  assert.equal(doc.request.instance_type_name, "gpu_1x_a10");
  assert.equal(doc.request.name, "trainer");
  assert.equal(mock.state.instances.length, 0);
  const bad = await run([...LAUNCH, "--name", "x".repeat(65), "--dry-run"]);
  assert.equal(bad.code, EXIT_USAGE);
  assert.match(bad.stderr, /--name/);
  assert.equal(mock.state.instances.length, 0);
  assert.equal(mock.state.auditEvents.length, 0, "nothing was sent");
});

Deno.test("did you mean: a mistyped command or flag gets a suggestion", async () => {
  const { run } = harness();
  const cases: [string[], RegExp][] = [
    [["instnaces"], /did you mean "instances"/],
    [["lanch"], /did you mean "launch"/],
    [["firewall", "revok"], /did you mean "firewall revoke"/],
    [["instances", "shwo", "x"], /did you mean "instances show"/],
    [["launch", "--regoin", "us-west-1"], /did you mean --region/],
  ];
  for (const [args, expected] of cases) {
    const result = await run(args);
    assert.equal(result.code, EXIT_USAGE, args.join(" "));
    assert.match(result.stderr, expected, args.join(" "));
  }
});

Deno.test("instances show ID (and instance ID) print one instance", async () => {
  const { run, json } = harness();
  const id = (await json<Launched>([...LAUNCH, "--name", "solo"])).instance
    .cloudId;
  const shown = await json<Launched>(["instances", "show", id]);
  assert.equal(shown.instance.cloudId, id);
  assert.equal(shown.instance.name, "solo");
  const alias = await run(["instance", id]);
  assert.equal(alias.code, EXIT_OK, alias.stderr);
  assert.match(alias.stdout, /^id +\w+$/m);
  assert.match(alias.stdout, /^name +solo$/m);
});

Deno.test("ssh-keys add and delete (delete confirms, --yes skips)", async () => {
  const file = await Deno.makeTempFile({ suffix: ".pub" });
  try {
    await Deno.writeTextFile(file, PUBLIC_KEY + "\n");
    const { run, json, mock } = harness();
    const added = await json<{ sshKey: { id: string; name: string } }>([
      "ssh-keys",
      "add",
      "laptop",
      "--public-key-file",
      file,
    ]);
    assert.equal(added.sshKey.name, "laptop");
    assert.deepEqual(mock.state.sshKeys.map((k) => k.name), ["laptop"]);
    const generated = await run(["ssh-keys", "add", "ci"]);
    assert.equal(generated.code, EXIT_OK, generated.stderr);
    assert.match(generated.stdout, /BEGIN .*PRIVATE KEY/);
    assert.match(generated.stderr, /only once/);
    const refused = await run(["ssh-keys", "delete", "laptop"]);
    assert.equal(refused.code, EXIT_USAGE);
    assert.equal(mock.state.sshKeys.length, 2);
    const deleted = await run(["ssh-keys", "delete", "laptop", "--yes"]);
    assert.equal(deleted.code, EXIT_OK, deleted.stderr);
    assert.deepEqual(mock.state.sshKeys.map((k) => k.name), ["ci"]);
    const listed = await run(["ssh-keys", "list", "-o", "ids"]);
    assert.equal(listed.stdout.trim().split("\n").length, 1);
  } finally {
    await Deno.remove(file);
  }
});

Deno.test("help uses the name the tool was invoked by", async () => {
  const { run } = harness();
  const named = await run(["--help"], { LAMBDA_CLI_NAME: "deno task cli" }, {
    mock: false,
  });
  assert.match(named.stdout, /Usage: deno task cli /);
  const installed = await run(["launch", "--help"], {
    _: "/home/me/.deno/bin/gpu",
  }, { mock: false });
  assert.match(installed.stdout, /^Usage: gpu launch /);
  const viaDeno = await run(["--help"], { _: "/usr/bin/deno" }, {
    mock: false,
  });
  assert.match(viaDeno.stdout, /Usage: lambda /);
});

Deno.test("one parser: the runtime's parseArgs forms work (-ojson, -vy, --flag=value, --)", async () => {
  const { run, json } = harness();
  const id = (await json<Launched>(LAUNCH)).instance.cloudId;
  const combined = await run(["terminate", "-vy", id, "-ojson"]);
  assert.equal(combined.code, EXIT_OK, combined.stderr);
  assert.deepEqual(JSON.parse(combined.stdout).terminated, [id]);
  const inline = await run(["types", "--region=us-west-1", "-o=ids"]);
  assert.equal(inline.code, EXIT_OK, inline.stderr);
  const twice = await run(["types", "--region", "a", "--region", "b"]);
  assert.equal(twice.code, EXIT_USAGE);
  assert.match(twice.stderr, /--region given more than once/);
});

Deno.test("lean first run: deno.lock (which `deno task` installs whole) holds only what the demo and the CLI import", async () => {
  const root = new URL("..", import.meta.url);
  const config = JSON.parse(
    await Deno.readTextFile(new URL("deno.json", root)),
  );
  const lock = JSON.parse(
    await Deno.readTextFile(new URL("deno.lock", root)),
  );
  const RUNTIME = ["openapi-fetch", "openapi-typescript-helpers", "zod"];
  const name = (versioned: string) => versioned.replace(/@[^@]+$/, "");
  assert.deepEqual(
    Object.keys(lock.npm ?? {}).map(name).sort(),
    RUNTIME,
    "deno.lock: build and test packages belong in deno.dev.lock (run the tests with `deno task test`)",
  );
  assert.deepEqual(Object.keys(config.imports).sort(), [
    "openapi-fetch",
    "zod",
  ]);
  for (const task of ["test", "gen", "check:gen", "contract"]) {
    assert.match(config.tasks[task], /--lock=deno\.dev\.lock/, task);
  }
  for (const entry of ["examples/quickstart.ts", "cli.ts"]) {
    const info = await new Deno.Command(Deno.execPath(), {
      args: ["info", "--json", entry],
      cwd: root.pathname,
      stdout: "piped",
      stderr: "null",
    }).output();
    const graph = JSON.parse(new TextDecoder().decode(info.stdout)) as {
      modules: { kind: string; npmPackage?: string }[];
    };
    const imported = graph.modules.filter((m) => m.kind === "npm")
      .map((m) => name(m.npmPackage!)).sort();
    assert.deepEqual(imported, ["openapi-fetch", "zod"], entry);
  }
});

/**
 * The path of `shell`, or `undefined`: then the test that needs it is
 * skipped with a message, except under `CI`, where `.ci/run` installs it.
 */
function shellPath(shell: string): string | undefined {
  for (const dir of ["/usr/bin", "/bin", "/usr/local/bin"]) {
    try {
      if (Deno.statSync(`${dir}/${shell}`).isFile) return `${dir}/${shell}`;
    } catch {
      // not here
    }
  }
  if (Deno.env.get("CI")) {
    throw new Error(`${shell} is missing: .ci/run installs Debian's ${shell}`);
  }
  console.warn(`${shell} not found: its completion test is skipped`);
  return undefined;
}

async function shellOutput(
  shell: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(shell, {
    args,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return {
    code: out.code,
    stdout: text.decode(out.stdout),
    stderr: text.decode(out.stderr),
  };
}

/**
 * Runs `check` with the path of a file holding the tool's completion
 * script for `shell`, after checking that the shell parses it (`parseFlag`).
 */
async function withCompletionScript(
  shell: string,
  shellBin: string,
  parseFlag: string,
  check: (script: string) => Promise<void>,
): Promise<void> {
  const { run } = harness();
  const script = await Deno.makeTempFile({ suffix: `.${shell}` });
  try {
    const generated = await run(["completion", shell], {}, { mock: false });
    await Deno.writeTextFile(script, generated.stdout);
    const parsed = await shellOutput(shellBin, [parseFlag, script]);
    assert.equal(parsed.code, 0, parsed.stderr);
    await check(script);
  } finally {
    await Deno.remove(script);
  }
}

Deno.test("completion fish: the script parses and fish completes commands, subcommands, flags and values from it", async () => {
  const fish = shellPath("fish");
  if (fish === undefined) return;
  await withCompletionScript("fish", fish, "--no-execute", async (script) => {
    const complete = async (line: string) => {
      const out = await shellOutput(fish, [
        "--no-config",
        "-c",
        `source ${script}; complete -C ${JSON.stringify(line)}`,
      ]);
      assert.equal(out.code, 0, out.stderr);
      return out.stdout.split("\n").filter(Boolean).map((l) =>
        l.split("\t")[0]
      );
    };
    assert.deepEqual(await complete("lambda firewall re"), ["revoke"]);
    assert.deepEqual(await complete("lambda launch --ty"), ["--type"]);
    assert.deepEqual(await complete("lambda -o j"), ["json"]);
    assert.deepEqual(await complete("lambda completion z"), ["zsh"]);
  });
});

Deno.test("completion zsh: the script parses and loads under compinit, defining its completion function", async () => {
  const zsh = shellPath("zsh");
  if (zsh === undefined) return;
  await withCompletionScript("zsh", zsh, "-n", async (script) => {
    const loaded = await shellOutput(zsh, [
      "-f",
      "-c",
      `autoload -U compinit && compinit -u -D && source ${script} && print -r -- \${_comps[lambda]}`,
    ]);
    assert.equal(loaded.code, 0, loaded.stderr);
    assert.equal(loaded.stderr, "");
    assert.match(loaded.stdout.trim(), /^_\w+$/, "lambda has a completer");
  });
});
