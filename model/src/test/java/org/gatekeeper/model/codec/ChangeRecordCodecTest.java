package org.gatekeeper.model.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.gatekeeper.model.Asset;
import org.gatekeeper.model.Contract;
import org.gatekeeper.model.CountryPolicy;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.Localization;
import org.gatekeeper.model.Rating;
import org.gatekeeper.model.Video;
import org.gatekeeper.model.codec.ChangeRecord.Delete;
import org.gatekeeper.model.codec.ChangeRecord.Rejected;
import org.gatekeeper.model.codec.ChangeRecord.Upsert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChangeRecordCodecTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Video MOVIE = new Video(42, "MOVIE", 0, "en", "Heat", 170);
    private static final Contract CONTRACT = new Contract("c-981", 42, Set.of("US", "FR"), 1000, 2000);
    private static final Asset AUDIO = new Asset("a-1", 42, "AUDIO", "en", "READY");
    private static final Asset VIDEO_ASSET = new Asset("a-2", 42, "VIDEO", "", "PENDING");
    private static final Localization FRENCH = new Localization(42, "fr", "Heat", "Un polar");
    private static final Rating MPAA = new Rating(42, "MPAA", "R");
    private static final CountryPolicy FRANCE = new CountryPolicy("FR", "CNC", List.of("fr"), List.of("fr"),
            List.of("fr", "en"));

    // ---------------------------------------------------------------- the bad-input table of SPEC §3

    static Stream<Arguments> badRecords() {
        String big = "x".repeat(ChangeRecordCodec.MAX_STRING_BYTES + 1);
        String bigMultibyte = "é".repeat(ChangeRecordCodec.MAX_STRING_BYTES / 2 + 1); // 2 bytes each
        return Stream.of(
                // null key
                bad("null key", Dataset.VIDEOS, null, json(MOVIE), "null key"),
                bad("null key on a tombstone", Dataset.VIDEOS, null, null, "null key"),
                bad("key not UTF-8", Dataset.VIDEOS, new byte[] {(byte) 0xff, 0x34}, json(MOVIE),
                        "key is not valid UTF-8"),
                // not JSON, not an object, empty
                bad("empty value", Dataset.VIDEOS, "42", "", "value is empty"),
                bad("truncated JSON", Dataset.VIDEOS, "42", "{\"id\": 42", "value is not valid JSON"),
                bad("plain text", Dataset.VIDEOS, "42", "hello", "value is not valid JSON"),
                bad("value not UTF-8", Dataset.VIDEOS, utf8("42"), new byte[] {'{', '"', (byte) 0xc3, '"', '}'},
                        "value is not valid JSON"),
                bad("two JSON values", Dataset.VIDEOS, "42", json(MOVIE) + " {}", "value is not valid JSON"),
                bad("duplicate field", Dataset.RATINGS, "42|MPAA",
                        "{\"videoId\":42,\"ratingSystem\":\"MPAA\",\"value\":\"R\",\"value\":\"PG\"}",
                        "value is not valid JSON: Duplicate field 'value'"),
                bad("JSON array", Dataset.VIDEOS, "42", "[1,2]", "value is a JSON array, expected an object"),
                bad("JSON number", Dataset.VIDEOS, "42", "42", "value is a JSON number, expected an object"),
                bad("JSON string", Dataset.VIDEOS, "42", "\"x\"", "value is a JSON string, expected an object"),
                bad("JSON null literal", Dataset.VIDEOS, "42", "null", "expected an object"),
                // missing and wrongly typed fields
                bad("missing field", Dataset.VIDEOS, "42", without(MOVIE, "title"), "field 'title' is missing"),
                bad("null field counts as missing", Dataset.VIDEOS, "42", with(MOVIE, n -> n.putNull("title")),
                        "field 'title' is missing (null)"),
                bad("number as string", Dataset.VIDEOS, "42", with(MOVIE, n -> n.put("id", "42")),
                        "field 'id' must be an integer, got the string \"42\""),
                bad("decimal 1.0", Dataset.CONTRACTS, "c-981", with(CONTRACT, n -> n.put("windowStart", 1.0)),
                        "field 'windowStart' must be an integer, got the decimal number 1.0"),
                bad("exponent 1e3", Dataset.CONTRACTS, "c-981",
                        json(CONTRACT).replace("\"windowStart\":1000", "\"windowStart\":1e3"),
                        "field 'windowStart' must be an integer, got the decimal number 1e3"),
                bad("boolean for int", Dataset.VIDEOS, "42", with(MOVIE, n -> n.put("runtimeMinutes", true)),
                        "field 'runtimeMinutes' must be an integer, got the boolean true"),
                bad("int out of range", Dataset.VIDEOS, "42",
                        with(MOVIE, n -> n.put("runtimeMinutes", 3_000_000_000L)),
                        "field 'runtimeMinutes' is 3000000000, out of range for a 32-bit integer"),
                bad("long out of range", Dataset.VIDEOS, "42",
                        json(MOVIE).replace("\"parentId\":0", "\"parentId\":9223372036854775808"),
                        "field 'parentId' is 9223372036854775808, out of range for a 64-bit integer"),
                bad("number for string", Dataset.VIDEOS, "42", with(MOVIE, n -> n.put("title", 7)),
                        "field 'title' must be a string, got the integer 7"),
                bad("object for string", Dataset.VIDEOS, "42", with(MOVIE, n -> n.putObject("title")),
                        "field 'title' must be a string, got an object"),
                bad("string for list", Dataset.COUNTRIES, "FR", with(FRANCE, n -> n.put("dubLanguages", "fr")),
                        "field 'dubLanguages' must be an array of strings, got the string \"fr\""),
                bad("null list entry", Dataset.COUNTRIES, "FR",
                        with(FRANCE, n -> n.withArray("subtitleLanguages").addNull()),
                        "field 'subtitleLanguages' entry 1 must be a string, got null"),
                bad("number in a set", Dataset.CONTRACTS, "c-981",
                        with(CONTRACT, n -> n.withArray("countries").add(3)),
                        "field 'countries' entry 2 must be a string, got the integer 3"),
                // enums
                bad("lower-case enum", Dataset.VIDEOS, "42", with(MOVIE, n -> n.put("type", "movie")),
                        "field 'type' is 'movie', not one of MOVIE, SHOW, SEASON, EPISODE"),
                bad("unknown enum", Dataset.ASSETS, "a-1", with(AUDIO, n -> n.put("status", "DONE")),
                        "field 'status' is 'DONE', not one of PENDING, READY, FAILED"),
                bad("enum not a string", Dataset.ASSETS, "a-1", with(AUDIO, n -> n.put("kind", 1)),
                        "field 'kind' must be a string, got the integer 1"),
                // keys
                bad("key with a plus sign", Dataset.VIDEOS, "+42", json(MOVIE),
                        "key field 'id' is '+42', not a canonical decimal number"),
                bad("key with a minus sign", Dataset.VIDEOS, "-42", json(MOVIE),
                        "key field 'id' is '-42', not a canonical decimal number"),
                bad("key with a leading zero", Dataset.VIDEOS, "042", json(MOVIE),
                        "key field 'id' is '042', not a canonical decimal number"),
                bad("empty key", Dataset.VIDEOS, "", json(MOVIE), "key field 'id' is '', not a canonical"),
                bad("key with a pipe in a one-field key", Dataset.CONTRACTS, "c|981", json(CONTRACT),
                        "key 'c|981' has 2 parts, expected 1 (id); no key field may contain '|'"),
                bad("key with a pipe inside a field", Dataset.LOCALIZATIONS, "42|fr|CA", json(FRENCH),
                        "key '42|fr|CA' has 3 parts, expected 2 (videoId|language)"),
                bad("two-field key with one part", Dataset.RATINGS, "42", json(MPAA),
                        "key '42' has 1 part, expected 2 (videoId|ratingSystem)"),
                bad("blank key field", Dataset.RATINGS, "42| ", json(MPAA), "key field 'ratingSystem' is blank"),
                bad("key does not match the record", Dataset.VIDEOS, "43", json(MOVIE),
                        "key '43' does not match the record's own key '42' (id)"),
                bad("two-field key does not match", Dataset.LOCALIZATIONS, "42|de", json(FRENCH),
                        "key '42|de' does not match the record's own key '42|fr' (videoId|language)"),
                bad("tombstone with a non-canonical key", Dataset.VIDEOS, "042", null,
                        "key field 'id' is '042', not a canonical decimal number"),
                bad("tombstone with a wrong key shape", Dataset.RATINGS, "42|MPAA|x", null,
                        "key '42|MPAA|x' has 3 parts, expected 2"),
                // blank required strings and the VIDEO asset's language
                bad("blank original language", Dataset.VIDEOS, "42", with(MOVIE, n -> n.put("originalLanguage", " \t")),
                        "field 'originalLanguage' is blank"),
                bad("blank primary-key field in the value", Dataset.CONTRACTS, "c-981",
                        with(CONTRACT, n -> n.put("id", "")), "field 'id' is blank"),
                bad("audio asset without language", Dataset.ASSETS, "a-1", with(AUDIO, n -> n.put("language", "")),
                        "field 'language' is blank; an AUDIO asset needs a language"),
                bad("subtitle asset with a blank language", Dataset.ASSETS, "a-1",
                        with(AUDIO, n -> n.put("kind", "SUBTITLE").put("language", "  ")),
                        "field 'language' is blank; an SUBTITLE asset needs a language"),
                bad("video asset with a language", Dataset.ASSETS, "a-2",
                        with(VIDEO_ASSET, n -> n.put("language", "en")),
                        "field 'language' must be \"\" for a VIDEO asset, got 'en'"),
                // sizes
                bad("string over 64 KiB", Dataset.VIDEOS, "42", with(MOVIE, n -> n.put("title", big)),
                        "field 'title' is 65537 bytes of UTF-8, over the 64 KiB limit"),
                bad("multi-byte string over 64 KiB of UTF-8", Dataset.LOCALIZATIONS, "42|fr",
                        with(FRENCH, n -> n.put("synopsis", bigMultibyte)),
                        "field 'synopsis' is 65538 bytes of UTF-8, over the 64 KiB limit"),
                bad("list entry over 64 KiB", Dataset.COUNTRIES, "FR",
                        with(FRANCE, n -> n.withArray("metadataLanguages").add(big)),
                        "field 'metadataLanguages' entry 1 is 65537 bytes of UTF-8"),
                bad("set entry over 64 KiB", Dataset.CONTRACTS, "c-981",
                        with(CONTRACT, n -> n.withArray("countries").add(big)),
                        "field 'countries' entry 2 is 65537 bytes of UTF-8"),
                bad("value over 1 MiB", Dataset.VIDEOS, "42",
                        with(MOVIE, n -> n.put("padding", "y".repeat(ChangeRecordCodec.MAX_VALUE_BYTES))),
                        "bytes, over the 1 MiB limit"),
                bad("unpaired surrogate", Dataset.VIDEOS, "42",
                        json(MOVIE).replace("\"Heat\"", "\"\\ud800x\""),
                        "field 'title' holds an unpaired surrogate"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRecords")
    void decode_badRecord_isRejectedWithItsReason(String caseName, Dataset<?> dataset, byte[] key, byte[] value,
                                                  String expectedReason) {
        ChangeRecord<?> decoded = ChangeRecordCodec.of(dataset).decode(key, value);

        assertThat(decoded).as(caseName).isInstanceOf(Rejected.class);
        assertThat(((Rejected<?>) decoded).reason()).as(caseName).contains(expectedReason).doesNotContain("\n");
    }

    @Test
    void decode_stringOfExactly64KiB_isAccepted() {
        String limit = "x".repeat(ChangeRecordCodec.MAX_STRING_BYTES);

        ChangeRecord<Video> decoded = ChangeRecordCodec.of(Dataset.VIDEOS)
                .decode(utf8("42"), utf8(with(MOVIE, n -> n.put("title", limit))));

        assertThat(decoded).isInstanceOf(Upsert.class);
    }

    // ---------------------------------------------------------------- good records

    @Test
    void decode_everyDatasetsRecord_isTheUpsertOfThatRecord() {
        assertUpsert(Dataset.VIDEOS, MOVIE);
        assertUpsert(Dataset.CONTRACTS, CONTRACT);
        assertUpsert(Dataset.ASSETS, AUDIO);
        assertUpsert(Dataset.ASSETS, VIDEO_ASSET);
        assertUpsert(Dataset.LOCALIZATIONS, FRENCH);
        assertUpsert(Dataset.RATINGS, MPAA);
        assertUpsert(Dataset.COUNTRIES, FRANCE);
    }

    @Test
    void decode_tombstone_isADeleteOfTheParsedKey() {
        ChangeRecord<Localization> decoded = ChangeRecordCodec.of(Dataset.LOCALIZATIONS).decode(utf8("42|pt-BR"), null);

        assertThat(decoded).isEqualTo(new Delete<Localization>(
                new ChangeRecord.RecordKey("42|pt-BR", List.of(42L, "pt-BR"))));
    }

    @Test
    void decode_zeroKey_isCanonical() {
        Video zero = new Video(0, "SHOW", 0, "en", "", 0);

        assertThat(ChangeRecordCodec.of(Dataset.VIDEOS).decode(utf8("0"), utf8(json(zero))))
                .isEqualTo(new Upsert<>(new ChangeRecord.RecordKey("0", List.of(0L)), zero));
    }

    @Test
    void decode_unknownFieldsAndDuplicateSetEntries_areIgnored() {
        String value = with(CONTRACT, n -> {
            n.put("note", "ignored");
            n.withArray("countries").add("US");
        });

        ChangeRecord<Contract> decoded = ChangeRecordCodec.of(Dataset.CONTRACTS).decode(utf8("c-981"), utf8(value));

        assertThat(((Upsert<Contract>) decoded).record()).isEqualTo(CONTRACT);
    }

    @Test
    void decode_blankOptionalStrings_areAccepted() {
        Video untitled = new Video(42, "EPISODE", 7, "ko", "   ", 0);

        assertUpsert(Dataset.VIDEOS, untitled);
    }

    @Test
    void encode_thenDecode_roundTripsUnicodeEmojiRightToLeftAndHtmlByteForByte() {
        List<String> payloads = List.of(
                "Amélie — Le Fabuleux Destin",
                "😀🎬👩‍👩‍👧‍👦 family",
                "مرحبا بالعالم",
                "שלום \u202Eעולם\u202C",
                "<script>alert('x')</script> & \"quotes\" </title>",
                "tab\tnew\nline\u0000nul",
                "日本語のタイトル",
                "e\u0301 combining");
        ChangeRecordCodec<Localization> codec = ChangeRecordCodec.of(Dataset.LOCALIZATIONS);
        for (String text : payloads) {
            Localization original = new Localization(42, "ar", text, text);
            byte[] value = codec.encodeValue(original);

            ChangeRecord<Localization> decoded = codec.decode(codec.encodeKey(original), value);

            Localization back = ((Upsert<Localization>) decoded).record();
            assertThat(back.getTitle().getBytes(StandardCharsets.UTF_8))
                    .isEqualTo(text.getBytes(StandardCharsets.UTF_8));
            assertThat(codec.encodeValue(back)).isEqualTo(value);
            if (text.chars().noneMatch(c -> Character.isISOControl(c) || c == '"' || c == '\\')) {
                // Written raw, not escaped: the bytes on Kafka are the upstream's own bytes.
                assertThat(new String(value, StandardCharsets.UTF_8)).contains(text);
            }
        }
    }

    @Test
    void encodeValue_writesRawUtf8AndSpecNumbers() {
        String value = new String(ChangeRecordCodec.of(Dataset.VIDEOS).encodeValue(
                new Video(42, "MOVIE", 0, "fr", "Amélie <3", 122)), StandardCharsets.UTF_8);

        assertThat(value).isEqualTo("{\"id\":42,\"type\":\"MOVIE\",\"parentId\":0,\"originalLanguage\":\"fr\","
                + "\"title\":\"Amélie <3\",\"runtimeMinutes\":122}");
    }

    @Test
    void encodeKey_joinsKeyFieldsWithPipe() {
        assertThat(new String(ChangeRecordCodec.of(Dataset.RATINGS).encodeKey(MPAA), StandardCharsets.UTF_8))
                .isEqualTo("42|MPAA");
        assertThat(new String(ChangeRecordCodec.of(Dataset.CONTRACTS).encodeKey(CONTRACT), StandardCharsets.UTF_8))
                .isEqualTo("c-981");
    }

    // ---------------------------------------------------------------- helpers

    private static <T> void assertUpsert(Dataset<T> dataset, T record) {
        ChangeRecordCodec<T> codec = ChangeRecordCodec.of(dataset);
        ChangeRecord<T> decoded = codec.decode(codec.encodeKey(record), codec.encodeValue(record));
        assertThat(decoded).isInstanceOf(Upsert.class);
        assertThat(((Upsert<T>) decoded).record()).isEqualTo(record);
        assertThat(((Upsert<T>) decoded).key().text()).isEqualTo(dataset.keyText(record));
    }

    private static Arguments bad(String name, Dataset<?> dataset, Object key, Object value, String reason) {
        return Arguments.of(name, dataset, bytes(key), bytes(value), reason);
    }

    private static byte[] bytes(Object keyOrValue) {
        if (keyOrValue == null || keyOrValue instanceof byte[]) {
            return (byte[]) keyOrValue;
        }
        return utf8((String) keyOrValue);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static String json(Object record) {
        Dataset dataset = Dataset.ALL.stream().filter(d -> d.type() == record.getClass()).findFirst().orElseThrow();
        return new String(ChangeRecordCodec.of(dataset).encodeValue(record), StandardCharsets.UTF_8);
    }

    private static String with(Object record, Consumer<ObjectNode> change) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(json(record));
            change.accept(node);
            return JSON.writeValueAsString(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String without(Object record, String field) {
        return with(record, n -> n.remove(field));
    }

    @Test
    void decodeRecord_keysTheRecordByItsOwnFields() {
        ChangeRecordCodec<Localization> codec = ChangeRecordCodec.of(Dataset.LOCALIZATIONS);
        Localization record = new Localization(42, "pt-BR", "Título", "");

        ChangeRecord<Localization> decoded = codec.decodeRecord(codec.encodeValue(record));

        assertThat(decoded).isInstanceOfSatisfying(Upsert.class, upsert -> {
            assertThat(upsert.key().text()).isEqualTo("42|pt-BR");
            assertThat(upsert.key().values()).containsExactly(42L, "pt-BR");
            assertThat(upsert.record()).isEqualTo(record);
        });
    }

    @Test
    void decodeRecord_aKeyFieldHoldingTheSeparator_isRejected() {
        ChangeRecordCodec<Localization> codec = ChangeRecordCodec.of(Dataset.LOCALIZATIONS);

        ChangeRecord<Localization> decoded = codec.decodeRecord(
                "{\"videoId\":1,\"language\":\"en|fr\",\"title\":\"\",\"synopsis\":\"\"}"
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(decoded).isInstanceOfSatisfying(Rejected.class, rejected -> assertThat(rejected.reason())
                .isEqualTo("key field 'language' is 'en|fr'; no key field may contain '|'"));
    }
}
