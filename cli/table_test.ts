import assert from "node:assert/strict";
import { formatDetails, formatTable } from "./table.ts";

Deno.test("formatTable pads columns, right-aligns numbers, trims line ends", () => {
  const text = formatTable(
    [{ header: "TYPE" }, { header: "GPUS", align: "right" }, {
      header: "NOTE",
    }],
    [["gpu_1x_a10", "1", ""], ["gpu_8x_h100_sxm5", "8", "fast"]],
  );
  assert.equal(
    text,
    "TYPE              GPUS  NOTE\n" +
      "gpu_1x_a10           1\n" +
      "gpu_8x_h100_sxm5     8  fast\n",
  );
});

Deno.test("formatTable without rows prints only the header", () => {
  assert.equal(
    formatTable([{ header: "ID" }, { header: "NAME" }], []),
    "ID  NAME\n",
  );
});

Deno.test("formatTable counts code points, not UTF-16 units", () => {
  const text = formatTable([{ header: "A" }, { header: "B" }], [["€𝄞", "x"]]);
  assert.equal(text, "A   B\n€𝄞  x\n");
});

Deno.test("formatDetails aligns values after the longest label", () => {
  assert.equal(
    formatDetails([["id", "i-1"], ["status", "running"], ["ip", ""]]),
    "id      i-1\nstatus  running\nip\n",
  );
});
