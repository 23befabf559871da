package org.gatekeeper.model.codec;

import com.netflix.hollow.api.objects.generic.GenericHollowObject;
import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import com.netflix.hollow.core.read.engine.object.HollowObjectTypeReadState;
import com.netflix.hollow.core.schema.HollowObjectSchema;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Consumer;
import org.gatekeeper.model.Dataset;

/**
 * Reads a dataset's records back out of a Hollow state as the plain model objects, through the same schema the
 * codec uses: what a repair sweep compares with its source, and what tests compare with the fold of the records
 * they wrote. Generic (no generated API), so it reads any version of the dataset.
 */
public final class HollowRecordReader<T> {
    private final Dataset<T> dataset;
    private final RecordSchema<T> schema;

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
        HollowObjectSchema hollowSchema = type.getSchema();
        BitSet ordinals = type.getPopulatedOrdinals();
        for (int ordinal = ordinals.nextSetBit(0); ordinal >= 0; ordinal = ordinals.nextSetBit(ordinal + 1)) {
            action.accept(read(new GenericHollowObject(type, ordinal), hollowSchema));
        }
    }

    /** The record at one ordinal of the dataset's type. */
    public T read(HollowReadStateEngine state, int ordinal) {
        HollowObjectTypeReadState type = (HollowObjectTypeReadState) state.getTypeState(dataset.hollowTypeName());
        return read(new GenericHollowObject(type, ordinal), type.getSchema());
    }

    private T read(GenericHollowObject object, HollowObjectSchema hollowSchema) {
        List<FieldSpec<T>> fields = schema.fields();
        Object[] values = new Object[fields.size()];
        for (int i = 0; i < values.length; i++) {
            FieldSpec<T> field = fields.get(i);
            String name = field.name();
            values[i] = switch (field.kind()) {
                case LONG -> object.getLong(name);
                case INT -> object.getInt(name);
                case STRING, ENUM -> hollowSchema.getFieldType(name) == HollowObjectSchema.FieldType.STRING
                        ? object.getString(name) : object.getObject(name).getString("value");
                case STRING_LIST -> {
                    List<String> list = new ArrayList<>();
                    object.getList(name).forEach(e -> list.add(((GenericHollowObject) e).getString("value")));
                    yield List.copyOf(list);
                }
                case STRING_SET -> {
                    LinkedHashSet<String> set = new LinkedHashSet<>();
                    object.getSet(name).forEach(e -> set.add(((GenericHollowObject) e).getString("value")));
                    yield java.util.Set.copyOf(set);
                }
            };
        }
        return schema.create(schema.values(values));
    }
}
