/**
 * The change-record codec of SPEC §3: Kafka key and value bytes to a typed upsert, a delete, or a rejection that
 * names what is wrong and where; and typed records back to key and value bytes.
 *
 * <p>Start with {@link org.gatekeeper.model.codec.ChangeRecordCodec}. Each dataset's JSON shape is declared once,
 * as a {@link org.gatekeeper.model.codec.RecordSchema}, in {@link org.gatekeeper.model.Dataset}.
 */
package org.gatekeeper.model.codec;
