package org.gatekeeper.sweep;

import java.util.Iterator;
import java.util.OptionalLong;
import org.gatekeeper.model.Dataset;

/**
 * A dataset's system of record, read whole: every record it holds, in an order that does not change between two
 * reads of the same content (a sweep that resumes after a crash skips what its checkpoint says it sent).
 *
 * <p>Implementations: {@link JsonLinesSource} (one SPEC §2 record per line), {@link JdbcSource} (one SQL query),
 * {@link RecordListSource} (records held in memory, such as the demo's simulated upstream systems).
 */
public interface SweepSource<T> {

    Dataset<T> dataset();

    /** Where the records come from, for logs and reports: a file, a JDBC URL and query. Never a secret. */
    String description();

    /** How many entries a read will yield, when known cheaply; for progress only. */
    OptionalLong estimatedSize();

    /** Starts a read of the whole dataset. The caller closes the cursor. */
    Cursor<T> open();

    /** One read of a source. {@link #next()} fails with a {@link SweepException} when the source itself fails. */
    interface Cursor<T> extends Iterator<SourceEntry<T>>, AutoCloseable {
        @Override
        void close();
    }
}
