/**
 * Every scenario of the contract suite.
 *
 * @module
 */
import type { Scenario } from "../scenario.ts";
import { CANCELLATION_SCENARIOS } from "./cancellation.ts";
import { CATALOGUE_SCENARIOS } from "./catalogue.ts";
import { ERROR_SCENARIOS } from "./errors.ts";
import { FIREWALL_SCENARIOS } from "./firewall.ts";
import { FRUGALITY_SCENARIOS } from "./frugality.ts";
import { IDEMPOTENCY_SCENARIOS } from "./idempotency.ts";
import { IDENTITY_SCENARIOS } from "./identity.ts";
import { IMAGE_SCENARIOS } from "./images.ts";
import { LIFECYCLE_SCENARIOS } from "./lifecycle.ts";
import { LISTING_SCENARIOS } from "./listings.ts";

/** All scenarios, in the order they run. */
export const SCENARIOS: Scenario[] = [
  ...IDENTITY_SCENARIOS,
  ...CATALOGUE_SCENARIOS,
  ...LISTING_SCENARIOS,
  ...IMAGE_SCENARIOS,
  ...LIFECYCLE_SCENARIOS,
  ...IDEMPOTENCY_SCENARIOS,
  ...FRUGALITY_SCENARIOS,
  ...FIREWALL_SCENARIOS,
  ...ERROR_SCENARIOS,
  ...CANCELLATION_SCENARIOS,
];
