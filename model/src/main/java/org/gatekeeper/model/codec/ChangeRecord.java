package org.gatekeeper.model.codec;

import com.netflix.hollow.core.write.objectmapper.RecordPrimaryKey;
import java.util.List;

/** What one Kafka record means for its dataset (SPEC §3): an upsert, a delete, or a rejection for the DLQ. */
public sealed interface ChangeRecord<T> {

    /** The whole new state of the record with this key. */
    record Upsert<T>(RecordKey key, T record) implements ChangeRecord<T> {
    }

    /** A tombstone: the record with this key is deleted (a no-op when the dataset does not hold it). */
    record Delete<T>(RecordKey key) implements ChangeRecord<T> {
    }

    /**
     * A record that cannot be applied.
     *
     * @param reason what was wrong and where in the record, one line, for the {@code gatekeeper.error} DLQ header
     */
    record Rejected<T>(String reason) implements ChangeRecord<T> {
    }

    /**
     * A parsed primary key.
     *
     * @param text the key as written on Kafka ({@code 42}, {@code 42|fr})
     * @param values the key field values in key order: {@code Long} or {@code String}
     */
    record RecordKey(String text, List<Object> values) {
        public RecordPrimaryKey toHollow(String hollowType) {
            return new RecordPrimaryKey(hollowType, values.toArray());
        }
    }
}
