package org.gatekeeper.core;

import com.netflix.hollow.core.read.engine.HollowTypeReadState;
import com.netflix.hollow.core.read.engine.HollowTypeStateListener;
import java.lang.ref.WeakReference;

/**
 * Something an evaluator keeps from one evaluation to the next about the records of one Hollow type state, by
 * ordinal. A Hollow ordinal keeps its record for as long as the record exists (a changed record gets another
 * ordinal), so what was read from an ordinal stays right until a delta removes that record or puts a new one at
 * that ordinal. A listener on the type state calls {@link #forget} then, for every delta applied, however many lie
 * between two evaluations and in either direction. Another type state (a snapshot load makes a new one) starts over.
 */
abstract class KeptByOrdinal {
    private HollowTypeReadState state;
    private Forgetter forgetter;

    /**
     * Follows {@code next} (null when the inputs have no such type) from now on; returns true when it is another
     * state than the last one, so that everything kept must be dropped. Callers hold this object's lock.
     */
    final boolean follow(HollowTypeReadState next) {
        if (next == state) {
            return false;
        }
        if (state != null) {
            state.removeListener(forgetter);
        }
        forgetter = new Forgetter(this);
        if (next != null) {
            next.addListener(forgetter);
        }
        state = next;
        return true;
    }

    /** The state followed, or null. */
    final HollowTypeReadState state() {
        return state;
    }

    /**
     * Drops what is kept about {@code ordinal}: a delta removed its record or put a new one there. Called on the
     * thread that applies the delta; implementations synchronize on this object.
     */
    abstract void forget(int ordinal);

    /**
     * The listener left on the type state. It holds its owner weakly: an evaluator that is dropped while the state
     * lives on (a replay, a benchmark's cold run) leaves this small object behind, not what it kept.
     */
    private static final class Forgetter implements HollowTypeStateListener {
        private final WeakReference<KeptByOrdinal> owner;

        Forgetter(KeptByOrdinal owner) {
            this.owner = new WeakReference<>(owner);
        }

        @Override
        public void beginUpdate() {
        }

        @Override
        public void addedOrdinal(int ordinal) {
            removedOrdinal(ordinal); // a new record at an ordinal: nothing kept about it can be right
        }

        @Override
        public void removedOrdinal(int ordinal) {
            KeptByOrdinal target = owner.get();
            if (target != null) {
                target.forget(ordinal);
            }
        }

        @Override
        public void endUpdate() {
        }
    }
}
