package org.gatekeeper.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import com.netflix.hollow.core.util.StateEngineRoundTripper;
import com.netflix.hollow.core.write.HollowWriteStateEngine;
import com.netflix.hollow.core.write.objectmapper.HollowObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.Localization;
import org.junit.jupiter.api.Test;

class HollowTypeReaderTest {

    /** The raw-byte shortcut and the fallback agree with {@link String#isBlank} on every kind of first char. */
    @Test
    void isBlank_agreesWithStringIsBlank() throws IOException {
        List<String> titles = List.of("", " ", "\t\n", "\u2003", "\u3000 ", "\u2003x", " x", "x", "é", "\u00a0",
                "😀", "Title 42 pt-BR", "\u0000");
        HollowWriteStateEngine write = new HollowWriteStateEngine();
        HollowObjectMapper mapper = new HollowObjectMapper(write);
        List<Integer> ordinals = new ArrayList<>();
        for (int i = 0; i < titles.size(); i++) {
            ordinals.add(mapper.add(new Localization(i, "en", titles.get(i), "synopsis")));
        }
        HollowReadStateEngine read = new HollowReadStateEngine();
        StateEngineRoundTripper.roundTripSnapshot(write, read);
        HollowTypeReader reader = new HollowTypeReader(read, Dataset.LOCALIZATIONS.hollowTypeName());
        int title = reader.field("title");

        for (int i = 0; i < titles.size(); i++) {
            assertThat(reader.isBlank(ordinals.get(i), title)).as("'%s'", titles.get(i))
                    .isEqualTo(titles.get(i).isBlank());
        }
    }
}
