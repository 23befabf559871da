package org.gatekeeper.producer;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gatekeeper.model.codec.ChangeRecord;

/** One cycle's decoded records, folded in offset order: the last record per key wins, a tombstone deletes. */
final class ChangeBatch<T> {
    private final Map<List<Object>, ChangeRecord<T>> byKey = new HashMap<>(1024);
    private int received;
    private int upserts;
    private int tombstones;

    void add(ChangeRecord<T> change) {
        received++;
        List<Object> key; // by parsed values, as the key index looks keys up
        if (change instanceof ChangeRecord.Upsert<T> upsert) {
            upserts++;
            key = upsert.key().values();
        } else if (change instanceof ChangeRecord.Delete<T> delete) {
            tombstones++;
            key = delete.key().values();
        } else {
            throw new IllegalArgumentException("rejected records go to the DLQ, not into a batch");
        }
        byKey.put(key, change); // distinct keys commute, so only each key's last record matters
    }

    Collection<ChangeRecord<T>> changes() {
        return byKey.values();
    }

    int received() {
        return received;
    }

    int upserts() {
        return upserts;
    }

    int tombstones() {
        return tombstones;
    }

    boolean isEmpty() {
        return byKey.isEmpty();
    }
}
