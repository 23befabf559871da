package org.gatekeeper.diff;

/**
 * The difference between two states of a namespace: {@link OutputDiff} for {@code liveness} outputs (per video and
 * country), {@link InputDiff} for input datasets (per record and field).
 */
public sealed interface StateDiff permits OutputDiff, InputDiff {
    StateRef from();

    StateRef to();

    /** Whether the two states hold the same records. */
    boolean equal();
}
