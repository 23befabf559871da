package org.gatekeeper.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.netflix.hollow.core.index.key.PrimaryKey;
import com.netflix.hollow.core.schema.HollowObjectSchema;
import com.netflix.hollow.core.schema.HollowSchema;
import com.netflix.hollow.core.write.HollowWriteStateEngine;
import com.netflix.hollow.core.write.objectmapper.HollowObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DatasetTest {

    @Test
    void registry_holdsTheSixSpecDatasetsWithTheirTopicsAndKeys() {
        Map<String, String> typeByName = Dataset.ALL.stream()
                .collect(Collectors.toMap(Dataset::name, Dataset::hollowTypeName));

        assertThat(typeByName).containsExactlyInAnyOrderEntriesOf(Map.of(
                "videos", "Video", "contracts", "Contract", "assets", "Asset",
                "localizations", "Localization", "ratings", "Rating", "countries", "CountryPolicy"));
        assertThat(Dataset.LOCALIZATIONS.keyFields()).containsExactly("videoId", "language");
        assertThat(Dataset.RATINGS.keyFields()).containsExactly("videoId", "ratingSystem");
        assertThat(Dataset.COUNTRIES.topic("gatekeeper")).isEqualTo("gatekeeper.countries");
        assertThat(Dataset.VIDEOS.deadLetterTopic("acme")).isEqualTo("acme.videos.dlq");
    }

    @Test
    void named_unknownDataset_listsTheValidNames() {
        assertThat(Dataset.named("ratings")).isSameAs(Dataset.RATINGS);
        assertThatThrownBy(() -> Dataset.named("rating"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown dataset 'rating'; expected one of videos, contracts, assets, localizations, "
                        + "ratings, countries");
    }

    @Test
    void hollowSchemas_useTheSpecTypeNamesFieldNamesAndPrimaryKeys() {
        HollowWriteStateEngine engine = new HollowWriteStateEngine();
        HollowObjectMapper mapper = new HollowObjectMapper(engine);
        for (Dataset<?> dataset : Dataset.ALL) {
            mapper.initializeTypeState(dataset.type());
        }
        mapper.initializeTypeState(VideoStatus.class);

        for (Dataset<?> dataset : Dataset.ALL) {
            HollowObjectSchema schema = (HollowObjectSchema) engine.getSchema(dataset.hollowTypeName());
            List<String> fields = dataset.schema().fields().stream().map(f -> f.name()).toList();
            for (String field : fields) {
                assertThat(schema.getPosition(field)).as("%s.%s", dataset, field).isGreaterThanOrEqualTo(0);
            }
            assertThat(schema.numFields()).as("%s has exactly the SPEC fields", dataset).isEqualTo(fields.size());
            PrimaryKey key = schema.getPrimaryKey();
            assertThat(key).as("%s primary key", dataset).isNotNull();
            assertThat(key.getFieldPaths()).hasSize(dataset.keyFields().size());
        }
        HollowObjectSchema status = (HollowObjectSchema) engine.getSchema("VideoStatus");
        assertThat(status.getPrimaryKey().getFieldPaths()).containsExactly("videoId");
        assertThat(engine.getSchema("CountryStatus")).isNotNull();
        assertThat(((HollowObjectSchema) engine.getSchema("CountryStatus")).getPrimaryKey())
                .as("identical statuses are deduplicated, so no primary key").isNull();
        assertThat(engine.getSchema("Blocker")).isNotNull();
    }

    @Test
    void strings_areReferencedWhenRepeatedAndInlineWhenUnique() {
        HollowWriteStateEngine engine = new HollowWriteStateEngine();
        new HollowObjectMapper(engine).initializeTypeState(Video.class);
        HollowObjectSchema video = (HollowObjectSchema) engine.getSchema("Video");

        assertThat(video.getFieldType("title")).isEqualTo(HollowObjectSchema.FieldType.STRING);
        assertThat(video.getFieldType("originalLanguage")).isEqualTo(HollowObjectSchema.FieldType.REFERENCE);
        assertThat(video.getReferencedType("originalLanguage")).isEqualTo("String");
        assertThat(engine.getSchema("String").getSchemaType()).isEqualTo(HollowSchema.SchemaType.OBJECT);
    }
}
