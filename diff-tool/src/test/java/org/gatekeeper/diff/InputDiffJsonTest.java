package org.gatekeeper.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.Video;
import org.gatekeeper.model.profile.CatalogPublisher;
import org.junit.jupiter.api.Test;

/** An input diff keeps a bounded list of changed records; its JSON says when a request asks past that list. */
class InputDiffJsonTest {
    @Test
    void aListShorterThanTheCountsAndTheRequest_isMarkedTruncated() {
        List<Video> before = new ArrayList<>();
        List<Video> after = new ArrayList<>();
        for (long id = 1; id <= 30; id++) {
            before.add(new Video(id, "MOVIE", 0, "en", "Old " + id, 90));
            after.add(new Video(id, "MOVIE", 0, "en", "New " + id, 90));
        }
        StateRef from = new StateRef("videos", 1, Map.of());
        StateRef to = new StateRef("videos", 2, Map.of());
        InputDiff diff = InputDiff.between(Dataset.VIDEOS, from, CatalogPublisher.inMemory(Dataset.VIDEOS, before), to,
                CatalogPublisher.inMemory(Dataset.VIDEOS, after), 10);

        ObjectNode asked20 = DiffJson.of(diff, OutputDiff.Filter.ALL, 0, 20);
        ObjectNode asked5 = DiffJson.of(diff, OutputDiff.Filter.ALL, 0, 5);

        assertThat(asked20.get("summary").get("changed").asLong()).isEqualTo(30);
        assertThat(asked20.get("changes").size()).isEqualTo(10);
        assertThat(asked20.get("truncated").asBoolean()).isTrue();
        assertThat(asked5.get("changes").size()).isEqualTo(5);
        assertThat(asked5.get("truncated").asBoolean()).as("the list holds what was asked").isFalse();
        InputDiff whole = InputDiff.between(Dataset.VIDEOS, from, CatalogPublisher.inMemory(Dataset.VIDEOS, before),
                to, CatalogPublisher.inMemory(Dataset.VIDEOS, after), 100);
        assertThat(DiffJson.of(whole, OutputDiff.Filter.ALL, 0, 1000).get("truncated").asBoolean()).isFalse();
    }
}
