package org.gatekeeper.model.codec;

import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import com.netflix.hollow.core.read.engine.HollowTypeReadState;
import com.netflix.hollow.core.read.engine.list.HollowListTypeReadState;
import com.netflix.hollow.core.read.engine.object.HollowObjectTypeReadState;
import com.netflix.hollow.core.read.engine.set.HollowSetTypeReadState;
import com.netflix.hollow.core.read.iterator.HollowOrdinalIterator;
import com.netflix.hollow.core.schema.HollowObjectSchema;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.gatekeeper.model.Dataset;

/**
 * Reads a dataset's records back out of a Hollow state as the plain model objects, through the same schema the
 * codec uses: what a repair sweep compares with its source, and what tests compare with the fold of the records
 * they wrote. Generic (no generated API), so it reads any version of the dataset.
 *
 * <p>Field positions and referenced type states are resolved once per state, not per record: a repair sweep reads
 * millions of records, and looking each field up by name made that lookup the top of its profile. Thread-safe.
 */
public final class HollowRecordReader<T> {
    private final Dataset<T> dataset;
    private final RecordSchema<T> schema;
    private volatile Bound bound;

    private HollowRecordReader(Dataset<T> dataset) {
        this.dataset = dataset;
        this.schema = dataset.schema();
    }

    public static <T> HollowRecordReader<T> of(Dataset<T> dataset) {
        return new HollowRecordReader<>(dataset);
    }

    /** Every record of the dataset in {@code state}, in ordinal order. */
    public List<T> readAll(HollowReadStateEngine state) {
        List<T> records = new ArrayList<>();
        forEach(state, records::add);
        return records;
    }

    /** Calls {@code action} with every record of the dataset in {@code state}, in ordinal order. */
    public void forEach(HollowReadStateEngine state, Consumer<T> action) {
        HollowObjectTypeReadState type = (HollowObjectTypeReadState) state.getTypeState(dataset.hollowTypeName());
        if (type == null) {
            return;
        }
        Bound reader = boundTo(state);
        BitSet ordinals = type.getPopulatedOrdinals();
        for (int ordinal = ordinals.nextSetBit(0); ordinal >= 0; ordinal = ordinals.nextSetBit(ordinal + 1)) {
            action.accept(reader.read(ordinal));
        }
    }

    /** The record at one ordinal of the dataset's type. */
    public T read(HollowReadStateEngine state, int ordinal) {
        return boundTo(state).read(ordinal);
    }

    private Bound boundTo(HollowReadStateEngine state) {
        Bound current = bound;
        if (current == null || current.state != state) {
            current = new Bound(state);
            bound = current;
        }
        return current;
    }

    /** The dataset's fields resolved against one state: positions, and the type state each reference points to. */
    private final class Bound {
        private final HollowReadStateEngine state;
        private final HollowObjectTypeReadState type;
        private final FieldSpec<T>[] fields;
        private final int[] positions;
        private final HollowTypeReadState[] referenced;
        private final HollowObjectTypeReadState[] elementStrings;

        @SuppressWarnings("unchecked")
        Bound(HollowReadStateEngine state) {
            this.state = state;
            this.type = (HollowObjectTypeReadState) state.getTypeState(dataset.hollowTypeName());
            List<FieldSpec<T>> specs = schema.fields();
            this.fields = specs.toArray(new FieldSpec[0]);
            this.positions = new int[fields.length];
            this.referenced = new HollowTypeReadState[fields.length];
            this.elementStrings = new HollowObjectTypeReadState[fields.length];
            HollowObjectSchema hollowSchema = type.getSchema();
            for (int i = 0; i < fields.length; i++) {
                positions[i] = hollowSchema.getPosition(fields[i].name());
                if (hollowSchema.getFieldType(positions[i]) == HollowObjectSchema.FieldType.REFERENCE) {
                    referenced[i] = state.getTypeState(hollowSchema.getReferencedType(positions[i]));
                    if (referenced[i] instanceof HollowListTypeReadState list) {
                        elementStrings[i] = (HollowObjectTypeReadState) state.getTypeState(
                                list.getSchema().getElementType());
                    } else if (referenced[i] instanceof HollowSetTypeReadState set) {
                        elementStrings[i] = (HollowObjectTypeReadState) state.getTypeState(
                                set.getSchema().getElementType());
                    }
                }
            }
        }

        T read(int ordinal) {
            Object[] values = new Object[fields.length];
            for (int i = 0; i < fields.length; i++) {
                int position = positions[i];
                values[i] = switch (fields[i].kind()) {
                    case LONG -> type.readLong(ordinal, position);
                    case INT -> type.readInt(ordinal, position);
                    case STRING, ENUM -> referenced[i] == null ? type.readString(ordinal, position)
                            : referencedString((HollowObjectTypeReadState) referenced[i],
                                    type.readOrdinal(ordinal, position));
                    case STRING_LIST -> {
                        HollowListTypeReadState list = (HollowListTypeReadState) referenced[i];
                        int listOrdinal = type.readOrdinal(ordinal, position);
                        List<String> strings = new ArrayList<>(list.size(listOrdinal));
                        for (int e = 0; e < list.size(listOrdinal); e++) {
                            strings.add(referencedString(elementStrings[i], list.getElementOrdinal(listOrdinal, e)));
                        }
                        yield List.copyOf(strings);
                    }
                    case STRING_SET -> {
                        HollowSetTypeReadState set = (HollowSetTypeReadState) referenced[i];
                        HollowOrdinalIterator elements = set.ordinalIterator(type.readOrdinal(ordinal, position));
                        Set<String> strings = new LinkedHashSet<>();
                        for (int e = elements.next(); e != HollowOrdinalIterator.NO_MORE_ORDINALS;
                             e = elements.next()) {
                            strings.add(referencedString(elementStrings[i], e));
                        }
                        yield Set.copyOf(strings);
                    }
                };
            }
            return schema.create(schema.values(values));
        }

        /** A Hollow {@code String} record's one field, {@code value}. */
        private static String referencedString(HollowObjectTypeReadState strings, int ordinal) {
            return strings.readString(ordinal, 0);
        }
    }
}
