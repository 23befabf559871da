package org.gatekeeper.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.gatekeeper.embedded.PostgresServer;
import org.gatekeeper.model.Asset;
import org.gatekeeper.model.CountryPolicy;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.producer.DatasetProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JDBC source against a real PostgreSQL server started from the machine's Debian package. */
class JdbcSourceTest extends SweepTestSupport {
    static PostgresServer postgres;
    static final Properties LOGIN = new Properties();

    @BeforeAll
    static void startPostgres() throws SQLException {
        postgres = PostgresServer.start();
        LOGIN.setProperty("user", "postgres");
        sql("CREATE TABLE assets (id text PRIMARY KEY, video_id bigint NOT NULL, kind text, language text, "
                + "status text)",
                "CREATE TABLE country_policies (country text PRIMARY KEY, rating_system text, "
                + "metadata_languages text[], subtitle_languages text[], dub_languages text)");
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    static void sql(String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), LOGIN);
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    @Test
    void repairSweep_fromATable_sendsWhatDiffers_andReportsABadRowByNumber() throws SQLException {
        sql("DELETE FROM assets",
                "INSERT INTO assets VALUES ('a-1', 1, 'VIDEO', '', 'READY'), ('a-2', 1, 'SUBTITLE', 'fr', 'READY'), "
                        + "('a-3', 2, 'AUDIO', 'de', 'PENDING'), ('a-4', 2, 'VIDEO', 'en', 'READY')");
        Dataset<Asset> dataset = Dataset.ASSETS;
        DatasetProducer<Asset> producer = startProducer(dataset);
        publishUpstream(dataset, List.of(new Asset("a-1", 1, "VIDEO", "", "READY"),
                new Asset("a-3", 2, "AUDIO", "de", "FAILED"), new Asset("a-9", 9, "VIDEO", "", "READY")));
        catchUp(producer);
        JdbcSource<Asset> source = new JdbcSource<>(dataset, postgres.jdbcUrl(), LOGIN,
                "SELECT id, video_id, kind, language, status FROM assets ORDER BY id");

        SweepReport report = Sweep.builder(source, store.namespace(dataset.name()), settings(SweepMode.REPAIR))
                .build().run();
        catchUp(producer);

        assertThat(report.inSync()).isEqualTo(1); // a-1
        assertThat(report.stale()).isEqualTo(1); // a-3: PENDING in the table
        assertThat(report.missing()).isEqualTo(1); // a-2
        assertThat(report.ghosts()).isEqualTo(1); // a-9
        assertThat(report.ghostsKept()).as("not deleted: the bad row a-4 could be any record").isEqualTo(1);
        assertThat(report.invalid()).isEqualTo(1); // a-4: a VIDEO asset with a language
        assertThat(report.invalidSamples()).singleElement().asString()
                .startsWith("row 4: field 'language' must be \"\" for a VIDEO asset");
        assertThat(report.source()).doesNotContain("password");
        assertThat(announcedRecords(store.namespace(dataset.name()), dataset)).containsExactlyInAnyOrder(
                new Asset("a-1", 1, "VIDEO", "", "READY"), new Asset("a-2", 1, "SUBTITLE", "fr", "READY"),
                new Asset("a-3", 2, "AUDIO", "de", "PENDING"), new Asset("a-9", 9, "VIDEO", "", "READY"));
    }

    @Test
    void fullSweep_readsSqlArraysAndJsonArrayText() throws SQLException {
        sql("DELETE FROM country_policies",
                "INSERT INTO country_policies VALUES ('US', 'MPAA', ARRAY['en'], ARRAY['en','es'], '[\"es\"]'), "
                        + "('FR', '', ARRAY['fr','en'], ARRAY[]::text[], '[]'), "
                        + "('XX', '', ARRAY['en'], ARRAY['en'], '[\"en\"], \"country\": \"YY\"')");
        Dataset<CountryPolicy> dataset = Dataset.COUNTRIES;
        DatasetProducer<CountryPolicy> producer = startProducer(dataset);
        JdbcSource<CountryPolicy> source = new JdbcSource<>(dataset, postgres.jdbcUrl(), LOGIN,
                "SELECT * FROM country_policies ORDER BY country");

        SweepReport report = Sweep.builder(source, store.namespace(dataset.name()), settings(SweepMode.FULL))
                .build().run();
        catchUp(producer);

        assertThat(source.estimatedSize()).hasValue(3);
        assertThat(report.read()).isEqualTo(2);
        assertThat(report.invalid()).as("a list column that is not one JSON array cannot smuggle in fields")
                .isEqualTo(1);
        assertThat(announcedRecords(store.namespace(dataset.name()), dataset)).containsExactlyInAnyOrder(
                new CountryPolicy("US", "MPAA", List.of("en"), List.of("en", "es"), List.of("es")),
                new CountryPolicy("FR", "", List.of("fr", "en"), List.of(), List.of()));
    }

    @Test
    void aQueryWithoutAFieldsColumn_failsNamingTheField() {
        JdbcSource<Asset> source = new JdbcSource<>(Dataset.ASSETS, postgres.jdbcUrl(), LOGIN,
                "SELECT id, video_id, kind, status FROM assets");

        assertThatThrownBy(() -> Sweep.builder(source, store.namespace("assets"), settings(SweepMode.FULL))
                .build().run())
                .isInstanceOf(SweepException.class)
                .hasMessageContaining("no column for field 'language'")
                .hasMessageContaining("columns: id, video_id, kind, status");
    }
}
