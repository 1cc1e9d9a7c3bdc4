import assert from "node:assert/strict";
import {
  type FlagSpec,
  listFlag,
  parseFlags,
  parseNonNegativeInt,
  parsePortRange,
  parseTags,
  stringFlag,
  UsageError,
} from "./args.ts";

const SPECS: FlagSpec[] = [
  { name: "json", kind: "boolean", description: "" },
  { name: "help", kind: "boolean", short: "h", description: "" },
  { name: "region", kind: "string", valueName: "REGION", description: "" },
  { name: "tag", kind: "string", multiple: true, description: "" },
];

Deno.test("parseFlags: flags anywhere, both value forms, repeats, --", () => {
  const { flags, positionals } = parseFlags(
    [
      "--json",
      "launch",
      "--region",
      "us-west-1",
      "--tag=a=1",
      "--tag",
      "b=2",
      "x",
      "--",
      "--not-a-flag",
    ],
    SPECS,
  );
  assert.deepEqual(flags, {
    json: true,
    region: "us-west-1",
    tag: ["a=1", "b=2"],
  });
  assert.deepEqual(positionals, ["launch", "x", "--not-a-flag"]);
});

Deno.test("parseFlags: short alias", () => {
  assert.deepEqual(parseFlags(["-h"], SPECS).flags, { help: true });
});

Deno.test("parseFlags: usage errors name the flag and the command", () => {
  const cases: [string[], RegExp][] = [
    [["--colour"], /unknown flag --colour/],
    [["-x"], /unknown flag -x/],
    [["--region"], /--region needs a value \(REGION\)/],
    [["--region", "--json"], /--region needs a value/],
    [["--json=yes"], /--json takes no value/],
    [["--region", "a", "--region", "b"], /given more than once/],
  ];
  for (const [argv, message] of cases) {
    assert.throws(
      () => parseFlags(argv, SPECS, "types"),
      (err) =>
        err instanceof UsageError && message.test(err.message) &&
        err.command === "types",
      argv.join(" "),
    );
  }
});

Deno.test("parseFlags: a negative number is a positional, not a flag", () => {
  assert.deepEqual(parseFlags(["-5"], SPECS).positionals, ["-5"]);
});

Deno.test("stringFlag and listFlag read values of the right shape", () => {
  assert.equal(stringFlag({ region: "r" }, "region"), "r");
  assert.equal(stringFlag({ json: true }, "json"), undefined);
  assert.deepEqual(listFlag({ tag: ["a"] }, "tag"), ["a"]);
  assert.deepEqual(listFlag({}, "tag"), []);
});

Deno.test("parseTags splits at the first = and refuses bad tags", () => {
  assert.deepEqual(parseTags(["team=ml", "expr=a=b", "empty="]), {
    team: "ml",
    expr: "a=b",
    empty: "",
  });
  assert.throws(() => parseTags(["novalue"]), UsageError);
  assert.throws(() => parseTags(["=x"]), UsageError);
});

Deno.test("parsePortRange accepts ports and ranges, refuses the rest", () => {
  assert.deepEqual(parsePortRange("22"), { fromPort: 22, toPort: 22 });
  assert.deepEqual(parsePortRange("8000-8080"), {
    fromPort: 8000,
    toPort: 8080,
  });
  for (const bad of ["0", "65536", "80-79", "a", "1-", "-1", "22,23"]) {
    assert.throws(() => parsePortRange(bad), UsageError, bad);
  }
});

Deno.test("parseNonNegativeInt", () => {
  assert.equal(parseNonNegativeInt("0", "--port"), 0);
  assert.equal(parseNonNegativeInt("8787", "--port"), 8787);
  assert.throws(() => parseNonNegativeInt("-1", "--port"), /bad --port "-1"/);
  assert.throws(() => parseNonNegativeInt("1.5", "--port"), UsageError);
});
