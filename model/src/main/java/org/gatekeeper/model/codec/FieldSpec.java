package org.gatekeeper.model.codec;

import java.util.List;
import java.util.function.Function;

/**
 * One JSON field of a dataset's records.
 *
 * @param name the JSON name, which is also the Hollow field name
 * @param kind its JSON shape
 * @param nonBlank whether a blank string is refused (key fields and the fields SPEC §2 names)
 * @param allowed for {@link FieldKind#ENUM}, the accepted names; otherwise empty
 * @param getter reads the field from a record, for encoding
 */
public record FieldSpec<T>(String name, FieldKind kind, boolean nonBlank, List<String> allowed,
                           Function<T, Object> getter) {
}
