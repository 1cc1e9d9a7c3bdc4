/**
 * The console in a real browser: Debian's `chromium`, driven by
 * playwright-core, against a standalone emulator (`mock/main.ts` in its own
 * process, on the manual clock, with a generated admin token), while the
 * library launches through the emulator's URL.
 *
 * Without a Chromium (`CHROMIUM_PATH`, or `chromium` / `chromium-browser` /
 * `google-chrome` in `/usr/bin`) the test is ignored with a message, unless
 * `CI` is set, where it fails: `.ci/run` installs Debian's chromium.
 *
 * Screenshots of the five views (and two narrow ones) go to
 * `$CONSOLE_SCREENSHOT_DIR`, or `docs/console/` under CI, or a temporary
 * folder. `deno task console:screenshots` refreshes the committed ones.
 */
import assert from "node:assert/strict";
// A test-only package stays out of the import map and out of deno.lock
// (which `deno task` installs whole, even for the demo): it is pinned here
// and locked in deno.dev.lock.
// deno-lint-ignore no-import-prefix
import { chromium, type Locator, type Page } from "npm:playwright-core@1.65.1";
import { LambdaLabsClient } from "../../mod.ts";
import { PUBLIC_KEY } from "../testdata/helpers.ts";
import { startStandalone } from "../testdata/standalone.ts";

const CI = !["", "0", "false"].includes(Deno.env.get("CI") ?? "");

function findChromium(): string | undefined {
  const candidates = [
    Deno.env.get("CHROMIUM_PATH"),
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
  ];
  for (const path of candidates) {
    if (!path) continue;
    try {
      if (Deno.statSync(path).isFile) return path;
    } catch {
      // not there
    }
  }
  return undefined;
}

const CHROMIUM = findChromium();
if (CHROMIUM === undefined && !CI) {
  console.warn(
    "mock/console/console_test.ts: IGNORED the browser test of the console: no Chromium found. " +
      "Install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH. " +
      "With CI=true this is a failure, not a skip.",
  );
}

/** Waits (at most `timeoutMs`) until `check` holds. */
async function until(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 20_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function textOf(locator: Locator): Promise<string> {
  return (await locator.count()) === 0 ? "" : (await locator.innerText());
}

function screenshotDir(): string {
  const dir = Deno.env.get("CONSOLE_SCREENSHOT_DIR") ??
    (CI
      ? new URL("../../docs/console/", import.meta.url).pathname
      : Deno.makeTempDirSync({ prefix: "console-screenshots-" }));
  Deno.mkdirSync(dir, { recursive: true });
  return dir;
}

async function shoot(page: Page, dir: string, name: string): Promise<void> {
  const path = `${dir}/${name}.png`;
  await page.screenshot({ path });
  const png = Deno.readFileSync(path);
  assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47], "a PNG");
}

async function view(page: Page, name: string): Promise<void> {
  await page.click(`.tabs [data-view="${name}"]`);
  await page.locator(`#view-${name}`).waitFor({ state: "visible" });
}

Deno.test({
  name:
    "console in Chromium: launch, capacity, clock, rate limits and faults' 429s with their cause, redaction, terminate",
  ignore: CHROMIUM === undefined && !CI,
  // playwright-core keeps pipes to the browser process open between calls.
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    if (CHROMIUM === undefined) {
      throw new Error(
        "CI is set but no Chromium was found: install Debian's chromium (.ci/run does) or set CHROMIUM_PATH",
      );
    }
    const apiKey = `console-key-${crypto.randomUUID()}`;
    const userDataMark = `USERDATA-${crypto.randomUUID()}`;
    const server = await startStandalone(
      [
        "--clock",
        "manual",
        "--boot-seconds",
        "60",
        "--admin-token",
        "generate",
        // Off while the library client works: it runs on the real clock
        // while this emulator's clock is manual and moves only by the
        // page's button, so the limiter's buckets would never refill for
        // it and a client that waits out 429s would starve. The limits are
        // switched on from the page for the burst below, and off again.
        "--rate-limits",
        "off",
      ],
      { LAMBDA_MOCK_API_KEY: apiKey },
    );
    const consoleUrl = /^console: (\S+)$/m.exec(server.out)?.[1];
    const adminToken = /#token=(\w+)/.exec(consoleUrl ?? "")?.[1];
    assert.ok(consoleUrl && adminToken, server.out);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      // Root (CI) cannot use Chromium's sandbox; containers have a small
      // /dev/shm.
      args: ["--no-sandbox", "--disable-dev-shm-usage"],
    });
    const received: Promise<string>[] = [];
    const dir = screenshotDir();
    try {
      const page = await browser.newPage({
        viewport: { width: 1280, height: 800 },
      });
      page.on("dialog", (dialog) => dialog.accept());
      page.on("response", (res) => {
        received.push(res.text().catch(() => ""));
      });
      const pageErrors: string[] = [];
      page.on("pageerror", (err) => pageErrors.push(err.message));
      await page.goto(consoleUrl);
      await page.locator("#connection", { hasText: "live" }).waitFor();
      assert.equal(new URL(page.url()).hash.includes("token"), false);

      // Capacity before the launch.
      await view(page, "capacity");
      const cell = page.locator(
        '[data-region="us-west-1"][data-type="gpu_1x_a10"]',
      );
      await until("10/10 free", async () => (await textOf(cell)) === "10/10");

      // Launch through the library, as a user's program would.
      const client = new LambdaLabsClient({
        refId: "console-test",
        apiKey,
        baseUrl: server.url,
        location: "us-west-1",
      });
      const generated = await client.addSshKey({ name: "generated-by-test" });
      assert.ok(generated.privateKey);
      const created = await client.createInstance({
        refId: "console-run-1",
        name: "console-run-1",
        location: "us-west-1",
        instanceType: "gpu_1x_a10",
        publicKey: PUBLIC_KEY,
        userDataBase64: btoa(`#!/bin/sh\necho ${userDataMark}\n`),
        tags: { team: "ml" },
        firewallRules: {
          ingressRules: [{
            id: "",
            fromPort: 443,
            toPort: 443,
            ipRanges: ["52.0.0.0/8"],
            description: "https from the office",
          }],
          egressRules: [],
        },
      });
      const id = created.cloudId;
      const fs = await fetch(`${server.url}/api/v1/filesystems`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${apiKey}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ name: "datasets", region: "us-west-1" }),
      });
      assert.equal(fs.status, 200);
      await fs.body?.cancel();

      await until(
        "the capacity cell to change",
        async () => (await textOf(cell)) === "9/10",
      );
      assert.match((await cell.getAttribute("class")) ?? "", /changed/);
      await shoot(page, dir, "capacity");

      await view(page, "instances");
      const row = page.locator(`#instances tr[data-id="${id}"]`);
      await until(
        "the instance to appear, booting",
        async () => (await row.getAttribute("data-status")) === "booting",
      );
      assert.match(await row.innerText(), /console-run-1/);
      assert.match(await row.innerText(), /team=ml/);

      // Advance the manual clock with the button.
      await view(page, "controls");
      await page.click('[data-advance="600000"]');
      await page.locator("#notice", { hasText: "Advance 10 min: done" })
        .waitFor();
      await view(page, "instances");
      await until(
        "the instance to become active",
        async () => (await row.getAttribute("data-status")) === "active",
      );
      const timeline = await row.locator(".timeline").innerText();
      assert.match(timeline, /booting\s+00:00:00/);
      assert.match(timeline, /active\s+00:01:00/, "active at boot end");
      assert.equal(
        (await client.getInstance(id)).status.lifecycleStatus,
        "running",
      );

      // 429s made by the fault, set and cleared from the page.
      await view(page, "controls");
      await page.fill('#faults-form [name="rateLimitRate"]', "1");
      await page.fill('#faults-form [name="retryAfterSeconds"]', "7");
      await page.click('#faults-form button[type="submit"]');
      await page.locator("#notice", { hasText: "Faults: done" }).waitFor();
      for (let i = 0; i < 5; i++) {
        const res = await fetch(`${server.url}/api/v1/instance-types`, {
          headers: { authorization: `Bearer ${apiKey}` },
        });
        assert.equal(res.status, 429);
        assert.equal(res.headers.get("x-mock-cause"), null, "internal only");
        await res.body?.cancel();
      }

      // Lambda's rate limits, switched on from the page.
      const rateLimitsMode = page.locator("#rate-limits-mode");
      await rateLimitsMode.filter({ hasText: "off" }).waitFor();
      await page.click('[data-rate-limits="lambda"]');
      await page.locator("#notice", { hasText: "Rate limits on: done" })
        .waitFor();
      await rateLimitsMode.filter({ hasText: "on (Lambda's limits)" })
        .waitFor();
      assert.equal(
        await page.getAttribute('[data-rate-limits="lambda"]', "aria-pressed"),
        "true",
      );
      const modeRes = await fetch(`${server.url}/_mock/rate-limits`, {
        headers: { "x-mock-admin-token": adminToken },
      });
      assert.deepEqual(await modeRes.json(), { data: { mode: "lambda" } });
      await shoot(page, dir, "controls");

      // The newer faults are in the form, and what the form cannot show
      // (lists of codes and statuses, set through the API) survives a save.
      const setByApi = await fetch(`${server.url}/_mock/faults`, {
        method: "POST",
        headers: {
          "x-mock-admin-token": adminToken,
          "content-type": "application/json",
        },
        body: JSON.stringify({
          rateLimitRate: 1,
          retryAfterSeconds: 7,
          providerErrorStatuses: [409],
        }),
      });
      assert.equal(setByApi.status, 200);
      await setByApi.body?.cancel();
      // The page's next poll has seen them.
      await page.waitForResponse((r) =>
        r.url().includes("/_mock/console/feed")
      );
      await page.fill('#faults-form [name="providerErrorRate"]', "0.5");
      await page.fill('#faults-form [name="forbiddenRate"]', "0.25");
      await page.click('#faults-form button[type="submit"]');
      await page.locator("#notice", { hasText: "Faults: done" }).waitFor();
      const saved = await fetch(`${server.url}/_mock/faults`, {
        headers: { "x-mock-admin-token": adminToken },
      });
      assert.deepEqual((await saved.json()).data, {
        rateLimitRate: 1,
        retryAfterSeconds: 7,
        providerErrorRate: 0.5,
        forbiddenRate: 0.25,
        providerErrorStatuses: [409],
      });

      await page.click("#faults-clear");
      await page.locator("#notice", { hasText: "Clear faults: done" })
        .waitFor();
      const faults = await fetch(`${server.url}/_mock/faults`, {
        headers: { "x-mock-admin-token": adminToken },
      });
      assert.deepEqual((await faults.json()).data, {});

      // A burst of ten at once: more than the general bucket holds.
      const burst = await Promise.all(
        Array.from({ length: 10 }, async () => {
          const res = await fetch(`${server.url}/api/v1/instance-types`, {
            headers: { authorization: `Bearer ${apiKey}` },
          });
          return { status: res.status, body: await res.json() };
        }),
      );
      const refused = burst.filter((r) => r.status === 429);
      assert.ok(
        refused.length >= 1,
        JSON.stringify(burst.map((r) => r.status)),
      );
      for (const r of refused) {
        assert.equal(r.body.error.code, "global/too-many-requests");
      }
      // Off again before the library client talks to the emulator.
      await page.click('[data-rate-limits="off"]');
      await page.locator("#notice", { hasText: "Rate limits off: done" })
        .waitFor();
      await rateLimitsMode.filter({ hasText: "off" }).waitFor();
      // Switched through the API, not the page: the page follows.
      for (
        const [mode, shown] of [["lambda", "on (Lambda's"], ["off", "off"]]
      ) {
        const switched: Response = await fetch(
          `${server.url}/_mock/rate-limits`,
          {
            method: "POST",
            headers: {
              "x-mock-admin-token": adminToken,
              "content-type": "application/json",
            },
            body: JSON.stringify({ mode }),
          },
        );
        assert.equal(switched.status, 200);
        await switched.body?.cancel();
        await rateLimitsMode.filter({ hasText: shown }).waitFor({
          timeout: 5_000,
        });
      }

      await view(page, "requests");
      await page.selectOption("#filter-status", "429");
      const limited = page.locator("#requests tbody tr");
      const byFault = limited.filter({ hasText: "fault" });
      const byLimiter = limited.filter({ hasText: "rate limiter" });
      await until(
        "five fault-made 429s and the limiter's in the log",
        async () =>
          (await byFault.count()) >= 5 &&
          (await byLimiter.count()) === refused.length,
      );
      for (const text of await limited.allInnerTexts()) {
        assert.match(text, /429/);
        assert.match(text, /global\/too-many-requests/);
        assert.match(text, /fault|rate limiter/);
      }
      await byLimiter.first().click();
      await page.locator("#request-detail", {
        hasText: /answered by\s*the rate limiter/,
      }).waitFor();
      await byFault.first().click();
      await page.locator("#request-detail", {
        hasText: /answered by\s*an injected fault/,
      }).waitFor();
      // (With every status shown, "fault" matches /_mock/faults rows too.)
      await page.selectOption("#filter-status", "all");
      await shoot(page, dir, "requests");

      // Open the launch: no key, no user data, in what the page shows.
      await page.fill("#filter-path", "instance-operations/launch");
      await until(
        "the launch in the log",
        async () => (await limited.count()) === 1,
      );
      await limited.first().click();
      const detail = page.locator("#request-detail");
      await detail.waitFor({ state: "visible" });
      await until(
        "the launch body",
        async () => /user_data elided/.test(await textOf(detail)),
      );
      const launchText = await detail.innerText();
      assert.match(launchText, /authorization: Bearer ‹redacted›/);
      assert.match(launchText, /console-run-1/);
      assert.doesNotMatch(launchText, new RegExp(apiKey));
      assert.doesNotMatch(launchText, new RegExp(userDataMark));

      await page.fill("#filter-path", "/api/v1/ssh-keys");
      await until(
        "the key creation in the log",
        async () => (await limited.filter({ hasText: "POST" }).count()) >= 1,
      );
      // Newest first: the oldest POST is the key the emulator generated.
      await limited.filter({ hasText: "POST" }).last().click();
      await until(
        "the generated key's answer",
        async () => /private_key/.test(await textOf(detail)),
      );
      const keyText = await detail.innerText();
      assert.match(keyText, /"private_key": "‹redacted›"/);
      assert.doesNotMatch(keyText, /PRIVATE KEY/);

      await view(page, "account");
      await page.locator("#ssh-keys", { hasText: "generated-by-test" })
        .waitFor();
      await page.locator("#rulesets", { hasText: "https from the office" })
        .waitFor();
      await page.locator("#filesystems", { hasText: "datasets" }).waitFor();
      assert.match(await page.locator("#global-rules").innerText(), /22/);
      await shoot(page, dir, "account");

      // Terminate from the page; the API sees it.
      await view(page, "instances");
      await row.locator('[data-action="terminate"]').click();
      await page.locator("#notice", { hasText: "Terminate: done" }).waitFor();
      await until(
        "the API to report the instance terminating",
        async () =>
          (await client.getInstance(id)).status.lifecycleStatus ===
            "terminating",
      );
      await until(
        "the page to show it terminating",
        async () => (await row.getAttribute("data-status")) === "terminating",
      );
      await shoot(page, dir, "instances");

      // Narrow: the same page on a phone-sized window.
      await page.setViewportSize({ width: 390, height: 800 });
      await shoot(page, dir, "narrow-instances");
      await view(page, "requests");
      await shoot(page, dir, "narrow-requests");

      // Nothing secret ever reached the page.
      const bodies = await Promise.all(received);
      const dom = await page.content();
      assert.ok(bodies.length > 10, `${bodies.length} answers seen`);
      for (const text of [...bodies, dom]) {
        assert.equal(text.includes(apiKey), false, "the API key");
        assert.equal(text.includes(userDataMark), false, "user data");
        assert.equal(text.includes(adminToken), false, "the admin token");
        assert.equal(
          text.includes(generated.privateKey!.split("\n")[1]),
          false,
          "the private key",
        );
        assert.doesNotMatch(text, /PRIVATE KEY-----/);
      }
      assert.deepEqual(pageErrors, []);
    } finally {
      await browser.close();
      await server.stop();
    }
  },
});
