/**
 * The sweep: re-emits a whole source dataset to its Kafka topic now and then, so that events upstream systems
 * missed heal (SPEC §1), and a repair mode that emits only what differs from the dataset's current Hollow state.
 *
 * <p>Start with {@link org.gatekeeper.sweep.Sweep}: it reads a {@link org.gatekeeper.sweep.SweepSource} (a
 * JSON-lines file, a JDBC query, or the demo's simulated upstream) and writes SPEC §3 change records, rate-limited,
 * with a checkpoint so a crashed sweep resumes; {@link org.gatekeeper.sweep.SweepReport} is what it ends with.
 * {@link org.gatekeeper.sweep.SweepSchedule} runs sweeps every N minutes.
 */
package org.gatekeeper.sweep;
