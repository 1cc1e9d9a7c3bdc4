/**
 * `client.getInstanceTypes({ locations: ["all"] })` over a catalogue of 50
 * types × 30 regions, against the emulator in its own process. The floor
 * fetches and parses `/instance-types` and `/regions` raw and expands them
 * by hand into as many plain objects as the client returns (one per type
 * and region, with the same nested objects, none shared between entries,
 * as the client's are not); the peer client's `listInstanceTypes()` reads
 * the catalogue alone, neither expanded nor joined with the regions.
 *
 * No forced collection before iterations here (unlike the list benches): at
 * this size a full GC per iteration makes every iteration two to three
 * times slower than in real use.
 *
 * ```sh
 * deno bench -A --lock=deno.dev.lock bench/instance_types_bench.ts
 * ```
 *
 * @module
 */
import { type Contender, interleaved } from "./blocks.ts";
import { benchClient } from "./client_setup.ts";
import { BENCH } from "./names.ts";
import { peerClient } from "./peer.ts";
import { emulatorUrl } from "./servers/spawn.ts";
import { AUTH } from "./setup.ts";

const TYPES = 50;
const REGIONS = 30;
const base = await emulatorUrl({
  instances: 0,
  catalogue: { types: TYPES, regions: REGIONS },
});
const client = benchClient(undefined, base);
const peer = peerClient(base);
const { group, baseline, subject, peer: peerName } = BENCH.getInstanceTypes;

interface RawRegion {
  name: string;
  description: string;
}
interface RawType {
  instance_type: {
    name: string;
    gpu_description: string;
    price_cents_per_hour: number;
    specs: {
      vcpus: number;
      memory_gib: number;
      storage_gib: number;
      gpus: number;
    };
  };
  regions_with_capacity_available: RawRegion[];
}

async function getData<T>(path: string): Promise<T> {
  const res = await fetch(`${base}${path}`, { headers: AUTH });
  return JSON.parse(await res.text()).data as T;
}

/** The catalogue expanded by hand: one plain object per type and region. */
function expandByHand(
  types: Record<string, RawType>,
  regions: RawRegion[],
): object[] {
  const out: object[] = [];
  for (const name in types) {
    const item = types[name];
    const t = item.instance_type;
    const withCapacity = new Set(
      item.regions_with_capacity_available.map((r) => r.name),
    );
    for (const region of regions) {
      out.push({
        id: `lambda-labs:${region.name}:${t.name}`,
        type: t.name,
        provider: "lambda-labs",
        cloud: "lambda-labs",
        location: region.name,
        supportedGpus: [{
          count: t.specs.gpus,
          memory: { value: 0, unit: "GB" },
          manufacturer: "NVIDIA",
          name: t.gpu_description,
        }],
        supportedStorage: [{
          count: 1,
          size: { value: t.specs.storage_gib, unit: "GiB" },
          isElastic: false,
          isAdditionalDisk: false,
        }],
        supportedUsageClasses: ["on-demand"],
        supportedArchitectures: ["x86_64"],
        vcpu: t.specs.vcpus,
        memory: { value: t.specs.memory_gib, unit: "GiB" },
        isAvailable: withCapacity.has(region.name),
        canModifyFirewallRules: true,
        stoppable: false,
        rebootable: true,
        isContainer: false,
        variablePrice: false,
        preemptible: false,
        elasticRootVolume: false,
        subLocationTypeChangeable: false,
        basePrice: {
          amount: String(t.price_cents_per_hour / 100),
          currency: "USD",
        },
      });
    }
  }
  return out;
}

/** Each contender checks what it read, so that none can skip the work. */
function same(length: number, expected = TYPES * REGIONS): void {
  if (length !== expected) {
    throw new Error(`read ${length} entries, expected ${expected}`);
  }
}

const contenders: Contender[] = [
  {
    name: baseline,
    async fn() {
      const [types, regions] = await Promise.all([
        getData<Record<string, RawType>>("/api/v1/instance-types"),
        getData<RawRegion[]>("/api/v1/regions"),
      ]);
      same(expandByHand(types, regions).length);
    },
  },
  {
    name: subject,
    async fn() {
      same((await client.getInstanceTypes({ locations: ["all"] })).length);
    },
  },
  {
    name: peerName,
    async fn() {
      same(Object.keys(await peer.listInstanceTypes()).length, TYPES);
    },
  },
];
interleaved(group, contenders, { n: 40, warmup: 20, blocksPerRound: 5 });
