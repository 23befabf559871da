package org.gatekeeper.diff;

import com.netflix.hollow.core.index.HollowPrimaryKeyIndex;
import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import com.netflix.hollow.core.read.engine.object.HollowObjectTypeReadState;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.codec.FieldSpec;
import org.gatekeeper.model.codec.HollowRecordReader;

/**
 * What changed between two versions of an input dataset: records added, removed and changed, matched by primary key,
 * with field-level changes. Counts cover every record; the listed changes stop at a limit.
 */
public final class InputDiff implements StateDiff {
    private final StateRef from;
    private final StateRef to;
    private final Summary summary;
    private final List<RecordChange> changes;

    /**
     * @param changedByField changed records by the field that changed (a record counts once per changed field)
     * @param listed how many changes {@link #changes()} lists (at most the limit asked for)
     */
    public record Summary(String dataset, String type, long recordsBefore, long recordsAfter, long added,
                          long removed, long changed, Map<String, Long> changedByField, int listed) {
    }

    /** One field's values before and after, as text. */
    public record FieldChange(String field, String before, String after) {
    }

    /**
     * One record that changed.
     *
     * @param change {@code added}, {@code removed} or {@code changed}
     * @param fields the changed fields; for an added or removed record, every field with its one value
     */
    public record RecordChange(String key, String change, List<FieldChange> fields) {
    }

    private InputDiff(StateRef from, StateRef to, Summary summary, List<RecordChange> changes) {
        this.from = from;
        this.to = to;
        this.summary = summary;
        this.changes = List.copyOf(changes);
    }

    /** Diffs two loaded versions of {@code dataset}, listing at most {@code limit} changes. */
    public static <T> InputDiff between(Dataset<T> dataset, StateRef fromRef, HollowReadStateEngine fromState,
                                        StateRef toRef, HollowReadStateEngine toState, int limit) {
        HollowRecordReader<T> fromReader = HollowRecordReader.of(dataset);
        HollowRecordReader<T> toReader = HollowRecordReader.of(dataset);
        HollowObjectTypeReadState fromType = (HollowObjectTypeReadState) fromState.getTypeState(
                dataset.hollowTypeName());
        HollowObjectTypeReadState toType = (HollowObjectTypeReadState) toState.getTypeState(dataset.hollowTypeName());
        HollowPrimaryKeyIndex toIndex = toType == null ? null
                : new HollowPrimaryKeyIndex(toState, toType.getSchema().getPrimaryKey());
        List<RecordChange> changes = new ArrayList<>();
        Map<String, Long> byField = new TreeMap<>();
        long added = 0;
        long removed = 0;
        long changed = 0;
        BitSet seen = new BitSet();
        BitSet fromOrdinals = fromType == null ? new BitSet() : fromType.getPopulatedOrdinals();
        for (int o = fromOrdinals.nextSetBit(0); o >= 0; o = fromOrdinals.nextSetBit(o + 1)) {
            T before = fromReader.read(fromState, o);
            int match = toIndex == null ? -1 : toIndex.getMatchingOrdinal(dataset.keyValues(before).toArray());
            if (match < 0) {
                removed++;
                if (changes.size() < limit) {
                    changes.add(new RecordChange(dataset.keyText(before), "removed", fields(dataset, before, null)));
                }
                continue;
            }
            seen.set(match);
            T after = toReader.read(toState, match);
            if (!before.equals(after)) {
                changed++;
                List<FieldChange> fields = fields(dataset, before, after);
                fields.forEach(field -> byField.merge(field.field(), 1L, Long::sum));
                if (changes.size() < limit) {
                    changes.add(new RecordChange(dataset.keyText(before), "changed", fields));
                }
            }
        }
        BitSet toOrdinals = toType == null ? new BitSet() : toType.getPopulatedOrdinals();
        for (int o = toOrdinals.nextSetBit(0); o >= 0; o = toOrdinals.nextSetBit(o + 1)) {
            if (!seen.get(o)) {
                added++;
                if (changes.size() < limit) {
                    T after = toReader.read(toState, o);
                    changes.add(new RecordChange(dataset.keyText(after), "added", fields(dataset, null, after)));
                }
            }
        }
        if (toIndex != null) {
            toIndex.detachFromDeltaUpdates();
        }
        Summary summary = new Summary(dataset.name(), dataset.hollowTypeName(), fromOrdinals.cardinality(),
                toOrdinals.cardinality(), added, removed, changed, byField, changes.size());
        return new InputDiff(fromRef, toRef, summary, changes);
    }

    /** The fields that differ (all of them when one side is null), values as text. */
    private static <T> List<FieldChange> fields(Dataset<T> dataset, T before, T after) {
        List<FieldChange> fields = new ArrayList<>();
        for (FieldSpec<T> field : dataset.schema().fields()) {
            Object old = before == null ? null : field.getter().apply(before);
            Object now = after == null ? null : field.getter().apply(after);
            if (!Objects.equals(old, now)) {
                fields.add(new FieldChange(field.name(), text(old), text(now)));
            }
        }
        return fields;
    }

    private static String text(Object value) {
        if (value instanceof java.util.Set<?> set) {
            return new java.util.TreeSet<>(set).toString(); // sets have no order: show them sorted
        }
        return value == null ? null : value.toString();
    }

    @Override
    public StateRef from() {
        return from;
    }

    @Override
    public StateRef to() {
        return to;
    }

    @Override
    public boolean equal() {
        return summary.added() == 0 && summary.removed() == 0 && summary.changed() == 0;
    }

    public Summary summary() {
        return summary;
    }

    /** The listed changes: removed and changed in the old state's ordinal order, then added. */
    public List<RecordChange> changes() {
        return changes;
    }
}
