package org.gatekeeper.core;

import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import com.netflix.hollow.core.read.engine.HollowTypeReadState;
import com.netflix.hollow.core.read.engine.list.HollowListTypeReadState;
import com.netflix.hollow.core.read.engine.object.HollowObjectTypeReadState;
import com.netflix.hollow.core.read.engine.set.HollowSetTypeReadState;
import com.netflix.hollow.core.read.iterator.HollowOrdinalIterator;
import com.netflix.hollow.core.schema.HollowObjectSchema;
import java.util.BitSet;
import java.util.function.IntConsumer;

/**
 * Reads one input type of a Hollow state by field position, without generated code or per-record objects.
 * Referenced strings come back as ordinals of the state's {@code String} type, which {@link #strings()} lists
 * once, so a language costs an array lookup, not a string comparison, per record.
 */
final class HollowTypeReader {
    private final HollowReadStateEngine engine;
    private final HollowObjectTypeReadState type;
    private final HollowObjectSchema schema;
    private final String typeName;

    HollowTypeReader(HollowReadStateEngine engine, String typeName) {
        this.engine = engine;
        this.typeName = typeName;
        HollowTypeReadState state = engine.getTypeState(typeName);
        this.type = (HollowObjectTypeReadState) state;
        this.schema = state == null ? null : type.getSchema();
    }

    /** The type's read state, or null when the state has no such type. */
    HollowTypeReadState typeState() {
        return type;
    }

    /** Calls {@code action} with every populated ordinal, in order. */
    void forEachOrdinal(IntConsumer action) {
        if (type == null) {
            return;
        }
        BitSet ordinals = type.getPopulatedOrdinals();
        for (int o = ordinals.nextSetBit(0); o >= 0; o = ordinals.nextSetBit(o + 1)) {
            action.accept(o);
        }
    }

    int field(String name) {
        int position = schema.getPosition(name);
        if (position < 0) {
            throw new IllegalStateException("type " + typeName + " has no field '" + name + "'");
        }
        return position;
    }

    long readLong(int ordinal, int field) {
        return type.readLong(ordinal, field);
    }

    /** An inline or a referenced string field's value. */
    String readString(int ordinal, int field) {
        if (schema.getFieldType(field) == HollowObjectSchema.FieldType.STRING) {
            return type.readString(ordinal, field);
        }
        return strings()[type.readOrdinal(ordinal, field)];
    }

    /**
     * Whether an inline string field is blank (null, empty or whitespace only), mostly without decoding it.
     * Hollow stores each char as a VarInt, so a first byte below 0x80 is the first char itself: when that is not
     * whitespace the text is not blank, which is the answer for nearly every title and synopsis. Reading the
     * raw bytes costs one small array; decoding the string (the fallback) costs a char array and a String.
     */
    boolean isBlank(int ordinal, int field) {
        byte[] bytes = type.readBytes(ordinal, field);
        if (bytes == null || bytes.length == 0) {
            return true;
        }
        if (bytes[0] >= 0 && !Character.isWhitespace(bytes[0])) {
            return false;
        }
        String text = type.readString(ordinal, field);
        return text == null || text.isBlank();
    }

    /** The {@code String}-type ordinal of a referenced string field. */
    int readStringOrdinal(int ordinal, int field) {
        return type.readOrdinal(ordinal, field);
    }

    /** The ordinal a reference field holds (of a set, list or object type), or -1 for null. */
    int readReference(int ordinal, int field) {
        return type.readOrdinal(ordinal, field);
    }

    /** The element ordinals ({@code String} ordinals) of a referenced set or list of strings. */
    void forEachElement(int ordinal, int field, IntConsumer action) {
        int collection = type.readOrdinal(ordinal, field);
        HollowTypeReadState state = collectionState(field);
        if (state instanceof HollowListTypeReadState list) {
            for (int i = 0, n = list.size(collection); i < n; i++) {
                action.accept(list.getElementOrdinal(collection, i));
            }
        } else if (state instanceof HollowSetTypeReadState set) {
            HollowOrdinalIterator elements = set.ordinalIterator(collection);
            for (int e = elements.next(); e != HollowOrdinalIterator.NO_MORE_ORDINALS; e = elements.next()) {
                action.accept(e);
            }
        }
    }

    /**
     * For each element ({@code String} ordinal) e of the set or list {@code collection} that reference field
     * {@code field} points into, sets bit {@code bitOfElement[e]} of the mask starting at {@code offset} (a
     * negative bit is skipped). No object per call beyond Hollow's own set iterator.
     */
    void setCollectionBits(int collection, int field, int[] bitOfElement, long[] masks, int offset) {
        if (collection < 0) {
            return;
        }
        HollowTypeReadState state = collectionState(field);
        if (state instanceof HollowListTypeReadState list) {
            for (int i = 0, n = list.size(collection); i < n; i++) {
                CompiledInputs.set(masks, offset, bitOfElement[list.getElementOrdinal(collection, i)]);
            }
        } else if (state instanceof HollowSetTypeReadState set) {
            HollowOrdinalIterator elements = set.ordinalIterator(collection);
            for (int e = elements.next(); e != HollowOrdinalIterator.NO_MORE_ORDINALS; e = elements.next()) {
                CompiledInputs.set(masks, offset, bitOfElement[e]);
            }
        }
    }

    /** The collection type state behind each reference field, looked up once, not once per record. */
    private HollowTypeReadState[] collectionStates;

    /** The type state a reference field points into (a set, list or object type), or null if the state has none. */
    HollowTypeReadState collectionState(int field) {
        if (collectionStates == null) {
            collectionStates = new HollowTypeReadState[schema.numFields()];
        }
        HollowTypeReadState state = collectionStates[field];
        if (state == null) {
            state = engine.getTypeState(schema.getReferencedType(field));
            collectionStates[field] = state;
        }
        return state;
    }

    private String[] strings;

    /** Every record of the state's {@code String} type, by ordinal. */
    String[] strings() {
        if (strings == null) {
            HollowObjectTypeReadState stringType = (HollowObjectTypeReadState) engine.getTypeState("String");
            if (stringType == null) {
                strings = new String[0];
            } else {
                BitSet ordinals = stringType.getPopulatedOrdinals();
                strings = new String[Math.max(0, ordinals.length())];
                for (int o = ordinals.nextSetBit(0); o >= 0; o = ordinals.nextSetBit(o + 1)) {
                    strings[o] = stringType.readString(o, 0);
                }
            }
        }
        return strings;
    }
}
