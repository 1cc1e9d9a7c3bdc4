// The emulator's console: polls /_mock/console/feed once a second and
// renders five views. Every value from the server is put in the page as
// text (never as HTML): instance names, tags and bodies are the user's data.
// Secrets never reach this page; the server redacts them before sending.

const POLL_MS = 1000;
const TOKEN_KEY = "lambda-mock-admin-token";
const STATUSES = [
  "booting",
  "active",
  "unhealthy",
  "terminating",
  "terminated",
  "preempted",
];
/** The options of /_mock/faults: name, most allowed (rates), default. */
const FAULT_FIELDS = [
  ["errorRate", 1, "0"],
  ["rateLimitRate", 1, "0"],
  ["resetRate", 1, "0"],
  ["commitThenFailLaunchRate", 1, "0"],
  ["malformedBodyRate", 1, "0"],
  ["forbiddenRate", 1, "0"],
  ["providerErrorRate", 1, "0"],
  ["omitOptionalRate", 1, "0"],
  ["nullRate", 1, "0"],
  ["extraFieldRate", 1, "0"],
  ["latencyMs", undefined, "0"],
  ["retryAfterSeconds", undefined, "1"],
  ["seed", undefined, "0"],
];

const state = {
  token: sessionStorage.getItem(TOKEN_KEY) ?? "",
  lastSeq: 0,
  requests: [],
  logSize: 0,
  logEnabled: true,
  feed: undefined,
  capacity: new Map(),
  changedUntil: new Map(),
  selectedSeq: undefined,
  faultsShown: false,
  timer: undefined,
};

const $ = (id) => document.getElementById(id);

/** Makes an element: h("td", { class: "x" }, "text", child, …). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    el.append(child instanceof Node ? child : document.createTextNode(child));
  }
  return el;
}

function clockTime(iso, withMs = false) {
  const t = typeof iso === "string" ? iso.slice(11, withMs ? 23 : 19) : "";
  return h("time", { datetime: iso, title: iso }, t);
}

function notice(text, ok = false) {
  const el = $("notice");
  el.textContent = text;
  el.className = ok ? "notice ok" : "notice";
  el.hidden = text === "";
}

// ------------------------------------------------------------- transport

function takeTokenFromUrl() {
  const hash = new URLSearchParams(location.hash.slice(1));
  const token = hash.get("token");
  if (token) {
    state.token = token;
    sessionStorage.setItem(TOKEN_KEY, token);
    hash.delete("token");
    const rest = hash.toString();
    history.replaceState(
      null,
      "",
      location.pathname + (rest ? `#${rest}` : ""),
    );
  }
}

async function admin(method, path, body) {
  const headers = { accept: "application/json" };
  if (state.token) headers["x-mock-admin-token"] = state.token;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: "no-store",
  });
  const json = await res.json().catch(() => null);
  if (res.status === 401 && json?.error?.code === "mock/invalid-admin-token") {
    $("token-form").hidden = false;
    throw new Error("The emulator needs its admin token.");
  }
  if (!res.ok) {
    const err = json?.error;
    throw new Error(
      err
        ? `${err.message}${err.suggestion ? ` ${err.suggestion}` : ""}`
        : `HTTP ${res.status}`,
    );
  }
  return json.data;
}

async function act(what, method, path, body) {
  try {
    await admin(method, path, body);
    notice(`${what}: done`, true);
  } catch (err) {
    notice(`${what}: ${err.message}`);
  }
  await poll();
}

async function poll() {
  clearTimeout(state.timer);
  try {
    const feed = await admin(
      "GET",
      `/_mock/console/feed?after=${state.lastSeq}`,
    );
    $("connection").textContent = "live";
    $("connection").className = "pill live";
    $("token-form").hidden = true;
    render(feed);
  } catch (err) {
    $("connection").textContent = "disconnected";
    $("connection").className = "pill down";
    $("connection").title = err.message;
  }
  state.timer = setTimeout(poll, POLL_MS);
}

// ------------------------------------------------------------- rendering

const drawn = new Map();

/** Whether `value` differs from what was last drawn under `key`. */
function changed(key, value) {
  const text = JSON.stringify(value);
  if (drawn.get(key) === text) return false;
  drawn.set(key, text);
  return true;
}

function render(feed) {
  state.feed = feed;
  $("clock-kind").textContent = `${feed.clock} clock`;
  $("clock-now").textContent = feed.now.replace("T", " ").replace(
    /\.\d+Z$/,
    " UTC",
  );
  $("clock-now").dateTime = feed.now;
  renderRequests(feed.requests);
  if (changed("instances", [feed.instances, feed.instanceCount])) {
    renderInstances(feed);
  }
  renderCapacity(feed.capacity);
  if (
    changed("account", [
      feed.sshKeys,
      feed.firewallRulesets,
      feed.globalFirewallRuleset,
      feed.fileSystems,
    ])
  ) {
    renderAccount(feed);
  }
  renderControls(feed);
}

function statusClass(status) {
  return `status s${String(status)[0]}`;
}

function matchesFilter(entry) {
  const status = $("filter-status").value;
  const path = $("filter-path").value.trim();
  if (path && !entry.path.includes(path)) return false;
  switch (status) {
    case "2xx":
      return entry.status >= 200 && entry.status < 300;
    case "4xx":
      return entry.status >= 400 && entry.status < 500;
    case "429":
      return entry.status === 429;
    case "5xx":
      return entry.status >= 500;
    case "errors":
      return entry.status >= 400 || entry.status === 0;
    case "caused":
      return entry.cause !== undefined;
    default:
      return true;
  }
}

function renderRequests(log) {
  state.logEnabled = log.enabled;
  state.logSize = log.size;
  if (log.lastSeq < state.lastSeq) state.requests = []; // a new emulator
  if (log.entries.length === 0 && log.lastSeq === state.lastSeq) return;
  // Entries whose answer was still streaming come again until complete.
  const known = new Map(state.requests.map((e) => [e.seq, e]));
  for (const e of log.entries) known.set(e.seq, e);
  state.requests = [...known.values()]
    .sort((a, b) => a.seq - b.seq)
    .slice(-Math.max(1, log.size));
  state.lastSeq = log.lastSeq;
  drawRequests();
}

function drawRequests() {
  const rows = state.requests.filter(matchesFilter).reverse();
  const body = $("requests").tBodies[0];
  body.replaceChildren(
    ...rows.map((e) =>
      h(
        "tr",
        {
          "data-seq": e.seq,
          class: e.seq === state.selectedSeq ? "selected" : undefined,
          onclick: () => openRequest(e.seq),
          tabindex: 0,
          onkeydown: (ev) => ev.key === "Enter" && openRequest(e.seq),
        },
        h("td", {}, clockTime(e.at, true)),
        h("td", {}, e.method),
        h("td", { class: "wrap mono" }, e.path),
        h(
          "td",
          {},
          h(
            "span",
            { class: statusClass(e.status) },
            e.status === 0 ? "—" : String(e.status),
          ),
        ),
        h("td", { class: "mono" }, e.code ?? e.note ?? ""),
        h("td", { class: "num" }, e.latencyMs.toFixed(1)),
        h(
          "td",
          {},
          e.cause
            ? h(
              "span",
              { class: "cause" },
              e.cause === "rate-limit" ? "rate limiter" : e.cause,
            )
            : "",
        ),
      )
    ),
  );
  const empty = $("requests-empty");
  empty.hidden = rows.length > 0;
  empty.textContent = state.logEnabled
    ? "No request matches."
    : "The request log is off (start the emulator with --request-log N).";
  $("request-count").textContent =
    `${rows.length} of ${state.requests.length} kept (last ${state.logSize})`;
}

function headerText(headers) {
  return Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join("\n") ||
    "(none)";
}

function bodyText(message) {
  if (message.bytes === 0) {
    return message.complete ? "(empty)" : "(not read yet)";
  }
  const cut = message.truncated
    ? `\n… (${message.bytes} bytes in all; the first 16 KiB are kept)`
    : "";
  return message.body + cut;
}

async function openRequest(seq) {
  state.selectedSeq = seq;
  drawRequests();
  let entry;
  try {
    entry = await admin("GET", `/_mock/console/requests/${seq}`);
  } catch (err) {
    notice(err.message);
    return;
  }
  $("detail-title").textContent = `${entry.method} ${entry.path}`;
  const meta = [
    ["time", entry.at],
    [
      "status",
      entry.status === 0
        ? `no answer (${entry.note ?? ""})`
        : String(entry.status),
    ],
    ["error code", entry.code ?? "—"],
    ["latency", `${entry.latencyMs.toFixed(1)} ms`],
    [
      "answered by",
      entry.cause === "rate-limit"
        ? "the rate limiter"
        : entry.cause === "fault"
        ? "an injected fault"
        : "the model",
    ],
  ];
  $("detail-meta").replaceChildren(
    ...meta.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]),
  );
  $("detail-request-headers").textContent = headerText(entry.request.headers);
  $("detail-request-body").textContent = bodyText(entry.request);
  $("detail-response-headers").textContent = headerText(entry.response.headers);
  $("detail-response-body").textContent = bodyText(entry.response);
  $("request-detail").hidden = false;
  $("request-detail").closest(".split").classList.add("open");
}

function closeRequest() {
  state.selectedSeq = undefined;
  $("request-detail").hidden = true;
  $("request-detail").closest(".split").classList.remove("open");
  drawRequests();
}

function renderInstances(feed) {
  const body = $("instances").tBodies[0];
  if (document.activeElement?.matches?.("#instances select")) {
    drawn.delete("instances"); // draw on a later poll, not under an open menu
    return;
  }
  body.replaceChildren(
    ...feed.instances.map((i) => {
      const select = h(
        "select",
        { "aria-label": `new status of ${i.id}` },
        ...STATUSES.map((s) =>
          h("option", { value: s, selected: s === i.status }, s)
        ),
      );
      const gone = i.status === "terminated" || i.status === "preempted";
      return h(
        "tr",
        { "data-id": i.id, "data-status": i.status },
        h("td", { class: "mono", title: i.id }, i.id.slice(0, 8)),
        h("td", {}, i.name ?? ""),
        h("td", {}, h("span", { class: `badge ${i.status}` }, i.status)),
        h("td", {}, i.region),
        h("td", { class: "mono" }, i.type),
        h("td", { class: "wrap" }, i.tags.join(", ")),
        h("td", { class: "mono" }, i.ip ?? ""),
        h(
          "td",
          {},
          h(
            "ol",
            { class: "timeline" },
            ...i.timeline.map((s) =>
              h(
                "li",
                {},
                h("span", { class: `badge ${s.status}` }, s.status),
                " ",
                clockTime(s.at),
              )
            ),
          ),
        ),
        h(
          "td",
          {},
          h(
            "div",
            { class: "actions" },
            h("button", {
              type: "button",
              class: "danger",
              "data-action": "terminate",
              disabled: gone || i.status === "terminating",
              onclick: () => {
                if (confirm(`Terminate ${i.name ?? i.id}?`)) {
                  act(
                    "Terminate",
                    "POST",
                    `/_mock/instances/${encodeURIComponent(i.id)}/terminate`,
                  );
                }
              },
            }, "Terminate"),
            select,
            h("button", {
              type: "button",
              "data-action": "set-status",
              onclick: () =>
                act(
                  `Set status ${select.value}`,
                  "POST",
                  `/_mock/instances/${encodeURIComponent(i.id)}/status`,
                  { status: select.value },
                ),
            }, "Set status"),
          ),
        ),
      );
    }),
  );
  $("instance-count").textContent = feed.instanceCount > feed.instances.length
    ? `${feed.instances.length} newest of ${feed.instanceCount} instances`
    : `${feed.instanceCount} instance${
      feed.instanceCount === 1 ? "" : "s"
    } (terminated ones stay listed for a while, as on Lambda)`;
}

function cellClass(c) {
  if (c.total === 0) return "none";
  if (c.free === 0) return "full";
  return c.free * 2 <= c.total ? "low" : "free";
}

function renderCapacity(cap) {
  const now = Date.now();
  const highlighted = [...state.changedUntil.values()].some((t) =>
    t > now - POLL_MS
  );
  if (!changed("capacity", cap) && !highlighted) return;
  const table = $("capacity");
  table.tHead.replaceChildren(
    h(
      "tr",
      {},
      h("th", {}, "region \\ type"),
      // A break after each underscore keeps eleven columns within 1280 px.
      ...cap.types.map((t) =>
        h(
          "th",
          { class: "mono", scope: "col" },
          t.split("_").flatMap((part, i) => i ? [h("wbr"), `_${part}`] : part),
        )
      ),
    ),
  );
  table.tBodies[0].replaceChildren(
    ...cap.regions.map((r) =>
      h(
        "tr",
        {},
        h("th", { scope: "row" }, r),
        ...cap.types.map((t) => {
          const c = cap.cells[r][t];
          const key = `${r}/${t}`;
          const before = state.capacity.get(key);
          if (before !== undefined && before !== c.free) {
            state.changedUntil.set(key, now + 5000);
          }
          state.capacity.set(key, c.free);
          const recent = (state.changedUntil.get(key) ?? 0) > now;
          return h(
            "td",
            {},
            h("span", {
              class: `cell ${cellClass(c)}${recent ? " changed" : ""}`,
              "data-region": r,
              "data-type": t,
              title: `${r} · ${t}: ${c.free} free of ${c.total}`,
            }, c.total === 0 ? "—" : `${c.free}/${c.total}`),
          );
        }),
      )
    ),
  );
}

function ports(rule) {
  if (!rule.port_range) return "all";
  const [a, b] = rule.port_range;
  return a === b ? String(a) : `${a}–${b}`;
}

function ruleText(rule) {
  return `${rule.protocol} ${ports(rule)} from ${rule.source_network}${
    rule.description ? ` (${rule.description})` : ""
  }`;
}

/**
 * The tables of the Account view: id, title, column heads, the rows of a
 * feed, and the cells of a row (text, or [text, class]).
 */
const ACCOUNT_TABLES = [
  {
    id: "ssh-keys",
    title: "SSH keys",
    columns: ["name", "id", "public key"],
    empty: "No SSH keys.",
    rows: (feed) => feed.sshKeys,
    cells: (k) => [k.name, [k.id, "mono"], [k.public_key, "wrap mono"]],
  },
  {
    id: "rulesets",
    title: "Firewall rulesets",
    columns: ["name", "region", "rules", "instances"],
    empty: "No rulesets.",
    rows: (feed) => feed.firewallRulesets,
    cells: (r) => [
      r.name,
      r.region.name,
      [r.rules.length ? r.rules.map(ruleText).join("; ") : "no rules", "wrap"],
      [r.instance_ids.map((id) => id.slice(0, 8)).join(", "), "wrap mono"],
    ],
  },
  {
    id: "global-rules",
    title: "Global ruleset",
    columns: ["protocol", "ports", "source", "description"],
    empty: "The global ruleset has no rules.",
    rows: (feed) => feed.globalFirewallRuleset.rules,
    cells: (
      r,
    ) => [r.protocol, ports(r), [r.source_network, "mono"], r.description],
  },
  {
    id: "filesystems",
    title: "Filesystems",
    columns: ["name", "region", "mount point", "in use", "created"],
    empty: "No filesystems.",
    rows: (feed) => feed.fileSystems,
    cells: (f) => [
      f.name,
      f.region.name,
      [f.mount_point, "mono"],
      f.is_in_use ? "yes" : "no",
      clockTime(f.created),
    ],
  },
];

function buildAccountTables() {
  $("account-tables").replaceChildren(
    ...ACCOUNT_TABLES.flatMap((t) => [
      h("h2", {}, t.title),
      h(
        "div",
        { class: "table-wrap" },
        h(
          "table",
          { id: t.id, class: "grid" },
          h("thead", {}, h("tr", {}, ...t.columns.map((c) => h("th", {}, c)))),
          h("tbody"),
        ),
      ),
    ]),
  );
}

function renderAccount(feed) {
  for (const t of ACCOUNT_TABLES) {
    const rows = t.rows(feed).map((item) =>
      h(
        "tr",
        {},
        ...t.cells(item).map((cell) =>
          Array.isArray(cell)
            ? h("td", { class: cell[1] }, cell[0])
            : h("td", {}, cell)
        ),
      )
    );
    $(t.id).tBodies[0].replaceChildren(
      ...(rows.length ? rows : [
        h(
          "tr",
          {},
          h("td", { colspan: t.columns.length, class: "muted" }, t.empty),
        ),
      ]),
    );
  }
}

function renderControls(feed) {
  const manual = feed.clock === "manual";
  for (const b of $("clock-form").querySelectorAll("button")) {
    b.disabled = !manual;
  }
  $("advance-seconds").disabled = !manual;
  $("clock-help").textContent = manual
    ? "Manual clock: time moves only when you advance it. Booting takes the emulator's boot time; terminating, a few seconds."
    : "Real clock: time follows the wall clock and cannot be advanced.";
  if (!state.faultsShown) showFaults(feed.faults);
  // Switched here, through the API or by the emulator's owner: the feed
  // says which is in force.
  showRateLimits(feed.rateLimits);
}

function showFaults(faults) {
  state.faultsShown = true;
  const form = $("faults-form");
  for (const [name] of FAULT_FIELDS) {
    form.elements[name].value = faults[name] === undefined
      ? ""
      : String(faults[name]);
  }
}

/** Shows the rate limits' mode; the buttons say which one is in force. */
function showRateLimits(mode) {
  $("rate-limits-mode").textContent = mode === "lambda"
    ? "Now: on (Lambda's limits)."
    : "Now: off (no limits).";
  for (const b of document.querySelectorAll("[data-rate-limits]")) {
    b.setAttribute("aria-pressed", String(b.dataset.rateLimits === mode));
  }
}

async function switchRateLimits(mode) {
  const what = `Rate limits ${mode === "lambda" ? "on" : "off"}`;
  try {
    showRateLimits((await admin("POST", "/_mock/rate-limits", { mode })).mode);
    notice(`${what}: done`, true);
  } catch (err) {
    // The next poll shows the mode in force.
    notice(`${what}: ${err.message}`);
  }
}

// ------------------------------------------------------------- wiring

function showView(name) {
  for (const tab of document.querySelectorAll(".tabs [role=tab]")) {
    const on = tab.dataset.view === name;
    tab.setAttribute("aria-selected", String(on));
    $(`view-${tab.dataset.view}`).hidden = !on;
  }
  history.replaceState(null, "", `${location.pathname}#${name}`);
}

function buildFaultFields() {
  $("fault-fields").replaceChildren(
    ...FAULT_FIELDS.map(([name, max, placeholder]) =>
      h(
        "label",
        {},
        name,
        h("input", {
          name,
          type: "number",
          min: name === "seed" ? undefined : 0,
          max,
          step: "any",
          placeholder,
        }),
      )
    ),
  );
}

function wire() {
  buildAccountTables();
  buildFaultFields();
  for (const tab of document.querySelectorAll(".tabs [role=tab]")) {
    tab.addEventListener("click", () => showView(tab.dataset.view));
  }
  $("request-filter").addEventListener("input", drawRequests);
  $("request-filter").addEventListener("submit", (ev) => ev.preventDefault());
  $("detail-close").addEventListener("click", closeRequest);
  for (const b of document.querySelectorAll("[data-advance]")) {
    b.addEventListener(
      "click",
      () =>
        act(
          `Advance ${Number(b.dataset.advance) / 60000} min`,
          "POST",
          "/_mock/clock/advance",
          { ms: Number(b.dataset.advance) },
        ),
    );
  }
  $("clock-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const seconds = Number($("advance-seconds").value);
    act(`Advance ${seconds} s`, "POST", "/_mock/clock/advance", {
      ms: Math.round(seconds * 1000),
    });
  });
  $("faults-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    // A save replaces the faults: what the form does not show (lists of
    // codes and statuses, switches set through the API) is kept as it is.
    const shown = new Set(FAULT_FIELDS.map(([name]) => name));
    const faults = Object.fromEntries(
      Object.entries(state.feed?.faults ?? {}).filter(([name]) =>
        !shown.has(name)
      ),
    );
    for (const [name] of FAULT_FIELDS) {
      const v = ev.target.elements[name].value.trim();
      if (v !== "") faults[name] = Number(v);
    }
    await act("Faults", "POST", "/_mock/faults", faults);
    showFaults(state.feed?.faults ?? faults);
  });
  $("faults-clear").addEventListener("click", async () => {
    await act("Clear faults", "DELETE", "/_mock/faults");
    showFaults({});
  });
  for (const b of document.querySelectorAll("[data-rate-limits]")) {
    b.addEventListener("click", () => switchRateLimits(b.dataset.rateLimits));
  }
  $("reset").addEventListener("click", () => {
    if (confirm("Reset the emulator to its initial world?")) {
      act("Reset", "POST", "/_mock/reset").then(() => {
        showFaults(state.feed?.faults ?? {});
      });
    }
  });
  $("token-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    state.token = $("token-input").value;
    sessionStorage.setItem(TOKEN_KEY, state.token);
    $("token-input").value = "";
    poll();
  });
}

takeTokenFromUrl();
wire();
const first = location.hash.slice(1);
showView(
  ["requests", "instances", "capacity", "account", "controls"].includes(first)
    ? first
    : "requests",
);
poll();
