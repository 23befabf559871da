package org.gatekeeper.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.gatekeeper.model.Asset;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.Localization;
import org.gatekeeper.model.profile.CatalogPublisher;
import org.junit.jupiter.api.Test;

class HeapBenchTest {
    @Test
    void inlineStringsCountOneByteForAsciiAndMoreForOtherCharacters() {
        List<Localization> localizations = List.of(
                new Localization(1, "fr", "Été", "ab"), // É and é 2 bytes each, t 1: 5; ab: 2
                new Localization(2, "ja", "東京", ""), // 3 bytes a character: 6
                new Localization(3, "fr", "", "   ")); // 3

        long bytes = HeapBench.inlineStringBytes(CatalogPublisher.inMemory(Dataset.LOCALIZATIONS, localizations));

        // the referenced languages live in the shared String type and are not inline
        assertEquals(5 + 2 + 6 + 3, bytes);
    }

    @Test
    void referencedFieldsAreNotCounted() {
        List<Asset> assets = List.of(new Asset("a-1", 1, "AUDIO", "en", "READY"),
                new Asset("v-1", 1, "VIDEO", "", "PENDING"));

        long bytes = HeapBench.inlineStringBytes(CatalogPublisher.inMemory(Dataset.ASSETS, assets));

        assertEquals(6, bytes); // the two ids only
    }
}
