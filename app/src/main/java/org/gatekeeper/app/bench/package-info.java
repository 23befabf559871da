/**
 * {@code gatekeeper bench}: the commands that measure every figure in {@code docs/benchmarks.md}, each with a
 * baseline measured in the same run. Start with {@link org.gatekeeper.app.bench.BenchCommand}.
 */
package org.gatekeeper.app.bench;
