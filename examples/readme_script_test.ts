// The README's first emulator script, run as written: create → wait for
// running → list → terminate on createMockLambda()'s defaults, the client
// bound to the emulator's clock. It runs in a process of its own, exactly
// as a reader would paste it; waits move the manual clock, so it takes no
// wall time (not asserted here: timings belong to benches).
import assert from "node:assert/strict";

const MARKER = "<!-- run by examples/readme_script_test.ts -->";

function readmeScript(): string {
  const readme = Deno.readTextFileSync(
    new URL("../README.md", import.meta.url),
  );
  const at = readme.indexOf(MARKER);
  assert.ok(at >= 0, "the README marks the script");
  const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(at));
  assert.ok(block, "a ts block follows the marker");
  return block[1];
}

Deno.test("the README's 12-statement script runs to the end on createMockLambda() defaults", async () => {
  const script = readmeScript();
  // Statements start at the margin; their continuations are indented or
  // close a bracket.
  const statements = script.split("\n").filter((l) => /^[^\s})\]]/.test(l));
  assert.ok(statements.length <= 12, `${statements.length} statements`);
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--ext=ts", script],
    cwd: new URL("..", import.meta.url).pathname,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const out = new TextDecoder().decode(stdout);
  assert.equal(code, 0, `${out}\n${new TextDecoder().decode(stderr)}`);
  assert.match(out, /^running 198\.1[89]\.\d+\.\d+ listed 1 terminated$/m);
});
