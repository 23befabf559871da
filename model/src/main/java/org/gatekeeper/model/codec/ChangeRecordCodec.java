package org.gatekeeper.model.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
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

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // Emoji and other supplementary characters as 4 raw UTF-8 bytes, not as escaped surrogate pairs.
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
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
            keyText = isAscii(key) ? new String(key, StandardCharsets.US_ASCII) : StandardCharsets.UTF_8.newDecoder()
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

    /**
     * What a record read from a system of record means (a sweep source's line or row): the value alone, keyed by its
     * own key fields. Every check of {@link #decode} applies, except that there is no Kafka key to compare with.
     *
     * @return an {@link Upsert} keyed by the record's own key, or a {@link Rejected} naming what was wrong
     */
    public ChangeRecord<T> decodeRecord(byte[] value) {
        if (value == null) {
            return new Rejected<>("no value; a source record is a JSON object");
        }
        return decodeValue(null, value);
    }

    private ChangeRecord<T> ownKey(Object[] values, FieldValues fieldValues) {
        for (String field : schema.keyFields()) {
            if (values[schema.position(field)] instanceof String text && text.indexOf('|') >= 0) {
                return new Rejected<>("key field '" + field + "' is '" + shown(text) + "'; no key field may contain '|'");
            }
        }
        String text = keyText(values);
        List<Object> keyValues = new ArrayList<>();
        String keyProblem = parseKey(text, keyValues);
        if (keyProblem != null) {
            return new Rejected<>(keyProblem);
        }
        return new Upsert<>(new RecordKey(text, List.copyOf(keyValues)), schema.create(fieldValues));
    }

    /** The Kafka key of a record: its key fields as UTF-8 text joined by {@code |}. */
    public byte[] encodeKey(T record) {
        return dataset.keyText(record).getBytes(StandardCharsets.UTF_8);
    }

    /** The Kafka value of a record: the whole record as one JSON object, fields in schema order. */
    public byte[] encodeValue(T record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
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

    /**
     * Parses the value with Jackson's streaming parser, straight into the schema's slots: no tree, one pass.
     * The whole document is always read, so a syntax error anywhere wins over a field problem before it.
     */
    private ChangeRecord<T> decodeValue(RecordKey key, byte[] value) {
        if (value.length > MAX_VALUE_BYTES) {
            return new Rejected<>("value is " + value.length + " bytes, over the 1 MiB limit (" + MAX_VALUE_BYTES
                    + " bytes)");
        }
        if (value.length == 0) {
            return new Rejected<>("value is empty; expected a JSON object (a tombstone is a null value)");
        }
        List<FieldSpec<T>> fields = schema.fields();
        Object[] values = new Object[fields.size()];
        boolean[] nulls = new boolean[fields.size()];
        String problem = null;
        try (JsonParser json = JSON.createParser(value)) {
            JsonToken root = json.nextToken();
            if (root == null) {
                return new Rejected<>("value holds no JSON; expected an object");
            }
            if (root != JsonToken.START_OBJECT) {
                json.skipChildren();
                requireEnd(json);
                return new Rejected<>("value is a JSON " + tokenKind(root) + ", expected an object");
            }
            for (JsonToken token = json.nextToken(); token != JsonToken.END_OBJECT; token = json.nextToken()) {
                int position = schema.position(json.currentName());
                JsonToken fieldValue = json.nextToken();
                if (position < 0 || problem != null) {
                    json.skipChildren(); // a field the SPEC does not name, or past the first problem
                    continue;
                }
                FieldSpec<T> field = fields.get(position);
                if (fieldValue == JsonToken.VALUE_NULL) {
                    nulls[position] = true;
                    continue;
                }
                Object parsed = parseField(field, json, fieldValue);
                if (parsed instanceof Problem p) {
                    problem = "field '" + field.name() + "' " + p.text;
                    json.skipChildren();
                } else {
                    values[position] = parsed;
                }
            }
            requireEnd(json);
        } catch (JsonProcessingException e) {
            return new Rejected<>("value is not valid JSON: " + e.getOriginalMessage().replace('\n', ' ')
                    + location(e));
        } catch (IOException e) {
            return new Rejected<>("value is not valid JSON: " + e.getMessage());
        }
        if (problem != null) {
            return new Rejected<>(problem);
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                return new Rejected<>("field '" + fields.get(i).name() + "' is missing" + (nulls[i] ? " (null)" : ""));
            }
        }
        FieldValues fieldValues = schema.values(values);
        String crossProblem = schema.checkAcrossFields(fieldValues);
        if (crossProblem != null) {
            return new Rejected<>(crossProblem);
        }
        List<String> keyFields = schema.keyFields();
        if (key == null) {
            return ownKey(values, fieldValues);
        }
        for (int i = 0; i < keyFields.size(); i++) {
            Object fromValue = values[schema.position(keyFields.get(i))];
            if (!fromValue.equals(key.values().get(i))) {
                return new Rejected<>("key '" + shown(key.text()) + "' does not match the record's own key '"
                        + shown(keyText(values)) + "' (" + keyDescription() + ")");
            }
        }
        return new Upsert<>(key, schema.create(fieldValues));
    }

    private static void requireEnd(JsonParser json) throws IOException {
        JsonToken trailing = json.nextToken();
        if (trailing != null) {
            throw new com.fasterxml.jackson.core.JsonParseException(json,
                    "Trailing token (" + trailing + ") after the JSON value");
        }
    }

    private Object parseField(FieldSpec<T> field, JsonParser json, JsonToken token) throws IOException {
        switch (field.kind()) {
            case LONG, INT -> {
                if (token != JsonToken.VALUE_NUMBER_INT) {
                    return wrongType("an integer", json, token);
                }
                JsonParser.NumberType type = json.getNumberType();
                boolean fits = field.kind() == FieldKind.LONG ? type != JsonParser.NumberType.BIG_INTEGER
                        : type == JsonParser.NumberType.INT;
                if (!fits) {
                    return new Problem("is " + shown(json.getText()) + ", out of range for a "
                            + (field.kind() == FieldKind.LONG ? "64" : "32") + "-bit integer");
                }
                return field.kind() == FieldKind.LONG ? (Object) json.getLongValue() : (Object) json.getIntValue();
            }
            case STRING -> {
                return parseString(field, json, token, "");
            }
            case ENUM -> {
                if (token != JsonToken.VALUE_STRING) {
                    return wrongType("a string", json, token);
                }
                String text = json.getText();
                int index = field.allowed().indexOf(text);
                if (index < 0) {
                    return new Problem("is '" + shown(text) + "', not one of " + String.join(", ", field.allowed()));
                }
                return field.allowed().get(index); // the shared constant: one string per value, not per record
            }
            case STRING_LIST, STRING_SET -> {
                if (token != JsonToken.START_ARRAY) {
                    return wrongType("an array of strings", json, token);
                }
                Collection<String> strings = field.kind() == FieldKind.STRING_SET
                        ? new LinkedHashSet<>() : new ArrayList<>();
                int index = 0;
                for (JsonToken entry = json.nextToken(); entry != JsonToken.END_ARRAY; entry = json.nextToken()) {
                    Object parsed = parseString(field, json, entry, "entry " + index++ + " ");
                    if (parsed instanceof Problem) {
                        json.skipChildren();
                        skipRestOfArray(json);
                        return parsed;
                    }
                    strings.add((String) parsed);
                }
                return field.kind() == FieldKind.STRING_SET ? Set.copyOf(strings) : List.copyOf(strings);
            }
        }
        throw new AssertionError(field.kind());
    }

    private static void skipRestOfArray(JsonParser json) throws IOException {
        for (JsonToken token = json.nextToken(); token != JsonToken.END_ARRAY; token = json.nextToken()) {
            json.skipChildren();
        }
    }

    private static Object parseString(FieldSpec<?> field, JsonParser json, JsonToken token, String where)
            throws IOException {
        if (token != JsonToken.VALUE_STRING) {
            return new Problem(where + "must be a string, got " + describe(json, token));
        }
        String text = json.getText();
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

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
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

    private static Problem wrongType(String expected, JsonParser json, JsonToken token) throws IOException {
        return new Problem("must be " + expected + ", got " + describe(json, token));
    }

    /** What the value at {@code token} is, as written: {@code the decimal number 1e3}, {@code the string "42"}. */
    private static String describe(JsonParser json, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_NUMBER_INT -> "the integer " + shown(json.getText());
            case VALUE_NUMBER_FLOAT -> "the decimal number " + shown(json.getText());
            case VALUE_STRING -> "the string \"" + shown(json.getText()) + "\"";
            case VALUE_TRUE, VALUE_FALSE -> "the boolean " + json.getText();
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }

    private static String tokenKind(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "array";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_STRING -> "string";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> token.toString().toLowerCase();
        };
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private String keyText(Object[] values) {
        StringBuilder text = new StringBuilder();
        for (String field : schema.keyFields()) {
            if (text.length() > 0) {
                text.append('|');
            }
            text.append(values[schema.position(field)]);
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
