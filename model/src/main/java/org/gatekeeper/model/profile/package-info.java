/**
 * Synthetic catalogs of SPEC §9, deterministic for a seed: what the benchmarks, the tests and the demo's
 * simulated upstream systems start from. Start with {@link org.gatekeeper.model.profile.SyntheticCatalog}.
 */
package org.gatekeeper.model.profile;
