package org.gatekeeper.model.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The JSON shape of one dataset's records (SPEC §2 and §3): its fields in order, which of them form the key, how to
 * build the Hollow object from validated values, and any rule that spans fields.
 */
public final class RecordSchema<T> {
    private final List<FieldSpec<T>> fields;
    private final List<String> keyFields;
    private final Map<String, Integer> positions;
    private final Function<FieldValues, T> factory;
    private final Function<FieldValues, String> crossFieldCheck;

    private RecordSchema(Builder<T> builder) {
        this.fields = List.copyOf(builder.fields);
        this.keyFields = List.copyOf(builder.keyFields);
        Map<String, Integer> byName = new LinkedHashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            byName.put(fields.get(i).name(), i);
        }
        this.positions = Map.copyOf(byName);
        this.factory = Objects.requireNonNull(builder.factory, "factory");
        this.crossFieldCheck = builder.crossFieldCheck;
        for (String key : keyFields) {
            FieldSpec<T> spec = field(key);
            if (spec.kind() != FieldKind.LONG && spec.kind() != FieldKind.STRING) {
                throw new IllegalArgumentException("key field '" + key + "' must be a long or a string");
            }
        }
    }

    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    public List<FieldSpec<T>> fields() {
        return fields;
    }

    /** The primary-key fields, in key order (SPEC §3 joins their values with {@code |}). */
    public List<String> keyFields() {
        return keyFields;
    }

    public FieldSpec<T> field(String name) {
        Integer position = positions.get(name);
        if (position == null) {
            throw new IllegalArgumentException("no field '" + name + "'; fields: " + positions.keySet());
        }
        return fields.get(position);
    }

    /** The position of a field in {@link #fields()}, or -1 when the schema has no such field. */
    int position(String name) {
        Integer position = positions.get(name);
        return position == null ? -1 : position;
    }

    FieldValues values(Object[] values) {
        return new FieldValues(positions, values);
    }

    T create(FieldValues values) {
        return factory.apply(values);
    }

    /** A rule that spans fields; null when the record passes. */
    String checkAcrossFields(FieldValues values) {
        return crossFieldCheck.apply(values);
    }

    /** Declares a schema field by field, in the order records are encoded. */
    public static final class Builder<T> {
        private final List<FieldSpec<T>> fields = new ArrayList<>();
        private final List<String> keyFields = new ArrayList<>();
        private Function<FieldValues, T> factory;
        private Function<FieldValues, String> crossFieldCheck = values -> null;

        public Builder<T> longField(String name, Function<T, Object> getter) {
            return add(name, FieldKind.LONG, false, List.of(), getter);
        }

        public Builder<T> intField(String name, Function<T, Object> getter) {
            return add(name, FieldKind.INT, false, List.of(), getter);
        }

        public Builder<T> stringField(String name, Function<T, Object> getter) {
            return add(name, FieldKind.STRING, false, List.of(), getter);
        }

        /** A string that SPEC §2 requires to be non-blank. */
        public Builder<T> requiredStringField(String name, Function<T, Object> getter) {
            return add(name, FieldKind.STRING, true, List.of(), getter);
        }

        public Builder<T> enumField(String name, Class<? extends Enum<?>> type, Function<T, Object> getter) {
            List<String> names = Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
            return add(name, FieldKind.ENUM, true, names, getter);
        }

        public Builder<T> listField(String name, Function<T, Object> getter) {
            return add(name, FieldKind.STRING_LIST, false, List.of(), getter);
        }

        public Builder<T> setField(String name, Function<T, Object> getter) {
            return add(name, FieldKind.STRING_SET, false, List.of(), getter);
        }

        /** The primary key, in key order; key fields become required (non-blank). */
        public Builder<T> key(String... names) {
            keyFields.addAll(List.of(names));
            for (String name : names) {
                for (int i = 0; i < fields.size(); i++) {
                    FieldSpec<T> f = fields.get(i);
                    if (f.name().equals(name)) {
                        fields.set(i, new FieldSpec<>(f.name(), f.kind(), true, f.allowed(), f.getter()));
                    }
                }
            }
            return this;
        }

        public Builder<T> factory(Function<FieldValues, T> factory) {
            this.factory = factory;
            return this;
        }

        /** A rule across fields: returns what is wrong, or null when the record passes. */
        public Builder<T> check(Function<FieldValues, String> crossFieldCheck) {
            this.crossFieldCheck = crossFieldCheck;
            return this;
        }

        public RecordSchema<T> build() {
            return new RecordSchema<>(this);
        }

        private Builder<T> add(String name, FieldKind kind, boolean nonBlank, List<String> allowed,
                               Function<T, Object> getter) {
            fields.add(new FieldSpec<>(name, kind, nonBlank, allowed, getter));
            return this;
        }
    }
}
