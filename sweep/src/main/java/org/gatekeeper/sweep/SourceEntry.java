package org.gatekeeper.sweep;

import org.gatekeeper.model.codec.ChangeRecord;

/**
 * One entry of a source: a valid record with its key, or what was wrong with it.
 *
 * @param where where the entry is in its source, for messages ({@code line 17}, {@code row 17})
 * @param record the decoded record ({@link ChangeRecord.Upsert}) or the reason it cannot be sent
 *               ({@link ChangeRecord.Rejected})
 */
public record SourceEntry<T>(String where, ChangeRecord<T> record) {
}
