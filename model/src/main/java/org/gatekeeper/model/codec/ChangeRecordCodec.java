package org.gatekeeper.model.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.codec.ChangeRecord.Delete;
import org.gatekeeper.model.codec.ChangeRecord.RecordKey;
import org.gatekeeper.model.codec.ChangeRecord.Rejected;
import org.gatekeeper.model.codec.ChangeRecord.Upsert;

/**
 * Decodes Kafka change records of one dataset (SPEC §3) and encodes records back. Thread-safe.
 *
 * <p>Decoding never throws for bad input: every case SPEC §3 sends to the dead-letter topic comes back as a
 * {@link Rejected} whose reason names the field (or key part) and what was wrong with it. Encoding writes the
 * fields in schema order with strings as raw UTF-8, so any string (emoji, right-to-left text, HTML) survives a
 * round trip byte for byte.
 */
public final class ChangeRecordCodec<T> {
    /** SPEC §3: a value over 1 MiB goes to the DLQ. */
    public static final int MAX_VALUE_BYTES = 1 << 20;
    /** SPEC §3: a string over 64 KiB of UTF-8 goes to the DLQ, in lists and sets too. */
    public static final int MAX_STRING_BYTES = 64 << 10;

    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    // Emoji and other supplementary characters as 4 raw UTF-8 bytes, not as escaped surrogate pairs.
                    .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final int MAX_SHOWN_CHARS = 40;

    private final Dataset<T> dataset;
    private final RecordSchema<T> schema;

    private ChangeRecordCodec(Dataset<T> dataset) {
        this.dataset = dataset;
        this.schema = dataset.schema();
    }

    public static <T> ChangeRecordCodec<T> of(Dataset<T> dataset) {
        return new ChangeRecordCodec<>(dataset);
    }

    public Dataset<T> dataset() {
        return dataset;
    }

    /**
     * What a Kafka record means for this dataset.
     *
     * @param key the record key bytes, null for a null key
     * @param value the record value bytes, null for a tombstone
     */
    public ChangeRecord<T> decode(byte[] key, byte[] value) {
        if (key == null) {
            return new Rejected<>("null key; a " + dataset + " record is keyed by " + keyDescription());
        }
        String keyText;
        try {
            keyText = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(key)).toString();
        } catch (CharacterCodingException e) {
            return new Rejected<>("key is not valid UTF-8");
        }
        List<Object> keyValues = new ArrayList<>(schema.keyFields().size());
        String keyProblem = parseKey(keyText, keyValues);
        if (keyProblem != null) {
            return new Rejected<>(keyProblem);
        }
        RecordKey recordKey = new RecordKey(keyText, List.copyOf(keyValues));
        if (value == null) {
            return new Delete<>(recordKey);
        }
        return decodeValue(recordKey, value);
    }

    /** The Kafka key of a record: its key fields as UTF-8 text joined by {@code |}. */
    public byte[] encodeKey(T record) {
        return dataset.keyText(record).getBytes(StandardCharsets.UTF_8);
    }

    /** The Kafka value of a record: the whole record as one JSON object, fields in schema order. */
    public byte[] encodeValue(T record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.getFactory().createGenerator(out)) {
            json.writeStartObject();
            for (FieldSpec<T> field : schema.fields()) {
                Object value = field.getter().apply(record);
                json.writeFieldName(field.name());
                switch (field.kind()) {
                    case LONG -> json.writeNumber((Long) value);
                    case INT -> json.writeNumber((Integer) value);
                    case STRING, ENUM -> json.writeString((String) value);
                    case STRING_LIST -> writeStrings(json, (Collection<?>) value);
                    // A set has no order of its own; sorting makes the encoding deterministic.
                    case STRING_SET -> writeStrings(json, new TreeSet<>((Collection<?>) value));
                }
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + dataset + " record " + dataset.keyText(record), e);
        }
        return out.toByteArray();
    }

    private static void writeStrings(JsonGenerator json, Collection<?> values) throws IOException {
        json.writeStartArray();
        for (Object value : values) {
            json.writeString((String) value);
        }
        json.writeEndArray();
    }

    private String parseKey(String keyText, List<Object> into) {
        List<String> keyFields = schema.keyFields();
        String[] parts = keyText.split("\\|", -1);
        if (parts.length != keyFields.size()) {
            return "key '" + shown(keyText) + "' has " + parts.length + " part" + (parts.length == 1 ? "" : "s")
                    + ", expected " + keyFields.size() + " (" + keyDescription() + "); no key field may contain '|'";
        }
        for (int i = 0; i < parts.length; i++) {
            String field = keyFields.get(i);
            String part = parts[i];
            if (schema.field(field).kind() == FieldKind.LONG) {
                Long number = canonicalLong(part);
                if (number == null) {
                    return "key field '" + field + "' is '" + shown(part)
                            + "', not a canonical decimal number (digits only, no sign, no leading zero)";
                }
                into.add(number);
            } else {
                if (part.isBlank()) {
                    return "key field '" + field + "' is blank";
                }
                into.add(part);
            }
        }
        return null;
    }

    private ChangeRecord<T> decodeValue(RecordKey key, byte[] value) {
        if (value.length > MAX_VALUE_BYTES) {
            return new Rejected<>("value is " + value.length + " bytes, over the 1 MiB limit (" + MAX_VALUE_BYTES
                    + " bytes)");
        }
        if (value.length == 0) {
            return new Rejected<>("value is empty; expected a JSON object (a tombstone is a null value)");
        }
        JsonNode root;
        try {
            root = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            return new Rejected<>("value is not valid JSON: " + e.getOriginalMessage().replace('\n', ' ')
                    + location(e));
        } catch (IOException e) {
            return new Rejected<>("value is not valid JSON: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            return new Rejected<>("value holds no JSON; expected an object");
        }
        if (!root.isObject()) {
            return new Rejected<>("value is a JSON " + root.getNodeType().name().toLowerCase() + ", expected an object");
        }
        List<FieldSpec<T>> fields = schema.fields();
        Object[] values = new Object[fields.size()];
        for (int i = 0; i < values.length; i++) {
            FieldSpec<T> field = fields.get(i);
            JsonNode node = root.get(field.name());
            if (node == null || node.isNull()) {
                return new Rejected<>("field '" + field.name() + "' is missing" + (node == null ? "" : " (null)"));
            }
            Object parsed = parseField(field, node);
            if (parsed instanceof Problem problem) {
                return new Rejected<>("field '" + field.name() + "' " + problem.text);
            }
            values[i] = parsed;
        }
        FieldValues fieldValues = schema.values(values);
        String crossProblem = schema.checkAcrossFields(fieldValues);
        if (crossProblem != null) {
            return new Rejected<>(crossProblem);
        }
        List<String> keyFields = schema.keyFields();
        for (int i = 0; i < keyFields.size(); i++) {
            Object fromValue = values[positionOf(keyFields.get(i))];
            if (!fromValue.equals(key.values().get(i))) {
                return new Rejected<>("key '" + shown(key.text()) + "' does not match the record's own key '"
                        + shown(keyText(values)) + "' (" + keyDescription() + ")");
            }
        }
        return new Upsert<>(key, schema.create(fieldValues));
    }

    private Object parseField(FieldSpec<T> field, JsonNode node) {
        switch (field.kind()) {
            case LONG -> {
                if (!node.isIntegralNumber()) {
                    return wrongType("an integer", node);
                }
                if (!node.canConvertToLong()) {
                    return new Problem("is " + shown(node.asText()) + ", out of range for a 64-bit integer");
                }
                return node.longValue();
            }
            case INT -> {
                if (!node.isIntegralNumber()) {
                    return wrongType("an integer", node);
                }
                if (!node.canConvertToInt()) {
                    return new Problem("is " + shown(node.asText()) + ", out of range for a 32-bit integer");
                }
                return node.intValue();
            }
            case STRING -> {
                return parseString(field, node, "");
            }
            case ENUM -> {
                if (!node.isTextual()) {
                    return wrongType("a string", node);
                }
                String text = node.textValue();
                if (!field.allowed().contains(text)) {
                    return new Problem("is '" + shown(text) + "', not one of " + String.join(", ", field.allowed()));
                }
                return text;
            }
            case STRING_LIST, STRING_SET -> {
                if (!node.isArray()) {
                    return wrongType("an array of strings", node);
                }
                Collection<String> strings = field.kind() == FieldKind.STRING_SET
                        ? new LinkedHashSet<>() : new ArrayList<>(node.size());
                for (int i = 0; i < node.size(); i++) {
                    Object entry = parseString(field, node.get(i), "entry " + i + " ");
                    if (entry instanceof Problem) {
                        return entry;
                    }
                    strings.add((String) entry);
                }
                return field.kind() == FieldKind.STRING_SET ? Set.copyOf(strings) : List.copyOf(strings);
            }
        }
        throw new AssertionError(field.kind());
    }

    private static Object parseString(FieldSpec<?> field, JsonNode node, String where) {
        if (!node.isTextual()) {
            return new Problem(where + "must be a string, got " + describe(node));
        }
        String text = node.textValue();
        int utf8 = utf8Length(text);
        if (utf8 < 0) {
            return new Problem(where + "holds an unpaired surrogate (\\ud800-\\udfff), which is not valid Unicode");
        }
        if (utf8 > MAX_STRING_BYTES) {
            return new Problem(where + "is " + utf8 + " bytes of UTF-8, over the 64 KiB limit ("
                    + MAX_STRING_BYTES + " bytes)");
        }
        if (field.nonBlank() && text.isBlank()) {
            return new Problem(where + "is blank");
        }
        return text;
    }

    /** UTF-8 length of a string, or -1 when it holds an unpaired surrogate (which has no UTF-8 form). */
    static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 >= n || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return -1;
                }
                bytes += 4;
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return -1;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static Problem wrongType(String expected, JsonNode node) {
        return new Problem("must be " + expected + ", got " + describe(node));
    }

    private static String describe(JsonNode node) {
        String kind = switch (node.getNodeType()) {
            case NUMBER -> node.isIntegralNumber() ? "the integer" : "the decimal number";
            case STRING -> "the string";
            case BOOLEAN -> "the boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase();
        };
        return switch (node.getNodeType()) {
            case ARRAY, OBJECT, NULL -> kind;
            default -> kind + " " + shown(node.toString());
        };
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private int positionOf(String field) {
        List<FieldSpec<T>> fields = schema.fields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(field)) {
                return i;
            }
        }
        throw new IllegalArgumentException(field);
    }

    private String keyText(Object[] values) {
        StringBuilder text = new StringBuilder();
        for (String field : schema.keyFields()) {
            if (text.length() > 0) {
                text.append('|');
            }
            text.append(values[positionOf(field)]);
        }
        return text.toString();
    }

    private String keyDescription() {
        return String.join("|", schema.keyFields());
    }

    /** Canonical decimal: "0", or digits with no leading zero, fitting in a long; null otherwise. */
    private static Long canonicalLong(String text) {
        int n = text.length();
        if (n == 0 || n > 19 || (text.charAt(0) == '0' && n > 1)) {
            return null;
        }
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String shown(String text) {
        return text.length() <= MAX_SHOWN_CHARS ? text : text.substring(0, MAX_SHOWN_CHARS) + "…";
    }

    /** A field-level problem, before the field name is prefixed. */
    private record Problem(String text) {
    }
}
