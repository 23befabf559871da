/**
 * The datasets of SPEC §2 and §5 as Hollow types, and the registry that names them once.
 *
 * <p>Start with {@link org.gatekeeper.model.Dataset}: the six input datasets with their Hollow type,
 * key fields, Kafka topic and JSON schema. The plain classes beside it ({@link org.gatekeeper.model.Video},
 * {@link org.gatekeeper.model.Contract}, ...) are what Hollow's object mapper writes. The change-record codec
 * lives in {@code org.gatekeeper.model.codec}, the blob stores in {@code org.gatekeeper.model.store}.
 *
 * <h2>How strings are stored</h2>
 * A Hollow {@code String} field is a reference to a record of the shared {@code String} type, deduplicated across
 * the whole state; {@code @HollowInline} stores the bytes in the record itself. The choice here is by cardinality:
 * <ul>
 *   <li>Referenced: languages, countries, rating systems and the enum-like fields ({@code type}, {@code kind},
 *       {@code status}, blocker codes). A few hundred distinct values repeated millions of times: each use costs a
 *       few bits of ordinal instead of the bytes, and equal values compare by ordinal, which the evaluator uses to
 *       turn languages into bit positions once per distinct string rather than once per record.</li>
 *   <li>Inline: ids, titles, synopses and rating values. Nearly every value is distinct, so a reference would only
 *       add a second record per value and a pointer hop on every read.</li>
 * </ul>
 */
package org.gatekeeper.model;
