package org.gatekeeper.sweep;

import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.codec.ChangeRecord;
import org.gatekeeper.model.profile.SyntheticCatalog;

/**
 * Records held in memory by the system of record itself: the demo's simulated upstream systems, or a test's. Each
 * read takes the current list from the supplier. Records are trusted objects, so every entry is valid.
 */
public final class RecordListSource<T> implements SweepSource<T> {
    private final Dataset<T> dataset;
    private final String description;
    private final Supplier<List<T>> records;

    public RecordListSource(Dataset<T> dataset, String description, Supplier<List<T>> records) {
        this.dataset = dataset;
        this.description = description;
        this.records = records;
    }

    /** One dataset of a synthetic catalog, as the simulated upstream system that owns it would hold it. */
    @SuppressWarnings("unchecked")
    public static <T> RecordListSource<T> of(SyntheticCatalog catalog, Dataset<T> dataset) {
        List<T> records = (List<T>) catalog.byDataset().get(dataset);
        return new RecordListSource<>(dataset, "simulated " + dataset.name() + " upstream", () -> records);
    }

    @Override
    public Dataset<T> dataset() {
        return dataset;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public OptionalLong estimatedSize() {
        return OptionalLong.of(records.get().size());
    }

    @Override
    public Cursor<T> open() {
        List<T> snapshot = List.copyOf(records.get());
        Iterator<T> iterator = snapshot.iterator();
        return new Cursor<>() {
            private int index;

            @Override
            public boolean hasNext() {
                return iterator.hasNext();
            }

            @Override
            public SourceEntry<T> next() {
                T record = iterator.next();
                index++;
                ChangeRecord.RecordKey key = new ChangeRecord.RecordKey(dataset.keyText(record),
                        dataset.keyValues(record));
                return new SourceEntry<>(description + " #" + index, new ChangeRecord.Upsert<>(key, record));
            }

            @Override
            public void close() {
            }
        };
    }
}
