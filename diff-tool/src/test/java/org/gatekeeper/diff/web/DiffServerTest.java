package org.gatekeeper.diff.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import org.gatekeeper.diff.PublishedOutputs;
import org.gatekeeper.model.store.BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page's HTTP surface over real published outputs: API, errors, escaping, token, loopback binding. */
class DiffServerTest {
    @TempDir
    static Path dataDir;
    static BlobStore store;
    static PublishedOutputs outputs;
    static DiffServer server;
    static DiffServer guarded;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() {
        store = BlobStore.directory(dataDir);
        outputs = new PublishedOutputs(store, 3);
        server = DiffServer.start(store, DiffServer.Settings.loopback(0), Clock.systemUTC());
        guarded = DiffServer.start(store, DiffServer.Settings.loopback(0).withToken("s3cret-token"), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        server.close();
        guarded.close();
        store.close();
    }

    static HttpResponse<String> get(DiffServer target, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.uri() + path));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void health_andMetrics() throws Exception {
        HttpResponse<String> health = get(server, "/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).get("status").asText()).isEqualTo("ok");
        assertThat(health.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");

        HttpResponse<String> metrics = get(server, "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("gatekeeper_http_requests_total").contains("jvm_memory_used_bytes");
    }

    @Test
    void apiVersions_newestFirst_withHeaderTags() throws Exception {
        HttpResponse<String> response = get(server, "/api/versions/liveness-prod");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
        JsonNode versions = JSON.readTree(response.body());
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).get("version").asLong()).isEqualTo(outputs.prod2());
        assertThat(versions.get(1).get("version").asLong()).isEqualTo(outputs.prod1());
        assertThat(versions.get(0).get("headerTags").get("gatekeeper.environment").asText()).isEqualTo("PROD");
        assertThat(versions.get(0).get("announcedAt").asText()).endsWith("Z");
    }

    @Test
    void apiDiff_andApiStatus() throws Exception {
        HttpResponse<String> diff = get(server, "/api/diff?from=liveness-prod:" + outputs.prod1()
                + "&to=liveness-preprod:" + outputs.preprod() + "&kind=stopped-live&limit=5");

        assertThat(diff.statusCode()).isEqualTo(200);
        JsonNode json = JSON.readTree(diff.body());
        assertThat(json.get("summary").get("stoppedLive").asLong()).isPositive();
        assertThat(json.get("matching").asLong()).isEqualTo(json.get("summary").get("stoppedLive").asLong());
        assertThat(json.get("changes")).hasSize(5).allSatisfy(c -> {
            assertThat(c.get("change").asText()).isEqualTo("stopped-live");
            assertThat(c.get("before").get("live").asBoolean()).isTrue();
            assertThat(c.get("after").get("live").asBoolean()).isFalse();
        });

        long videoId = json.get("changes").get(0).get("videoId").asLong();
        HttpResponse<String> status = get(server, "/api/status/" + videoId + "?namespace=liveness-preprod");
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(status.body()).get("countries")).hasSize(outputs.countries());

        // During a rollback the status is that of the version clients serve, unless asked for another.
        videoId = org.gatekeeper.core.LivenessReader.readAll(store.namespace("liveness-prod")
                .loadState(outputs.prod2())).get(0).getVideoId(); // in both PROD versions
        store.namespace("liveness-prod").pin(outputs.prod1());
        try {
            HttpResponse<String> pinned = get(server, "/api/status/" + videoId);
            assertThat(pinned.statusCode()).as(pinned.body()).isEqualTo(200);
            assertThat(JSON.readTree(pinned.body()).get("version").asLong()).isEqualTo(outputs.prod1());
            assertThat(JSON.readTree(get(server, "/api/status/" + videoId + "?version=latest").body())
                    .get("version").asLong()).isEqualTo(outputs.prod2());
        } finally {
            store.namespace("liveness-prod").unpin();
        }
        assertThat(JSON.readTree(get(server, "/api/status/" + videoId).body()).get("version").asLong())
                .isEqualTo(outputs.prod2());
    }

    @Test
    void malformedParameters_get400_unknownThings404_withOneLineAndNoStackTrace() throws Exception {
        String[][] cases = {
                {"/api/diff?from=liveness-prod&to=liveness-prod:latest", "400", "is not NAMESPACE:VERSION"},
                {"/api/diff?from=liveness-prod:latest&to=liveness-prod:abc", "400", "is not a number, 'latest' or 'served'"},
                {"/api/diff?from=liveness-prod:latest&to=liveness-prod:latest&kind=flipped", "400", "kind 'flipped'"},
                {"/api/diff?from=liveness-prod:latest&to=liveness-prod:latest&limit=-3", "400", "limit '-3'"},
                {"/api/status/abc", "400", "video id 'abc'"},
                {"/api/status/99999999", "404", "video 99999999 is not in liveness-prod"},
                {"/api/versions/nowhere", "404", "no namespace 'nowhere'"},
                {"/api/versions/%3Cscript%3E", "400", "is not a namespace name"},
                {"/api/diff?from=liveness-prod:1&to=liveness-prod:latest", "404", "no retained version 1"},
                {"/video/abc?from=liveness-prod:latest&to=liveness-preprod:latest", "400", "video id 'abc'"},
                {"/compare?from=liveness-prod:latest", "400", "give both from and to"},
                {"/nothing/here", "404", "no page at /nothing/here"},
                {"/api/status/1?namespace=videos", "400", "'videos' is not a liveness output"},
                {"/api/status/1?namespace=nosuch", "404", "no namespace 'nosuch'"},
                {"/compare?from=liveness-prod:latest&to=liveness-preprod:latest&page=99999999999", "400",
                        "page must be between 1 and 1000000"},
        };
        for (String[] c : cases) {
            HttpResponse<String> response = get(server, c[0]);
            assertThat(response.statusCode()).as(c[0]).isEqualTo(Integer.parseInt(c[1]));
            assertThat(response.body()).as(c[0]).doesNotContain("Exception").doesNotContain("at org.")
                    .doesNotContain("<script>");
            assertThat(message(response)).as(c[0]).contains(c[2]).doesNotContain("\n");
        }
    }

    @Test
    void aDamagedBlob_gets500_namingWhatTheStoreRefused(@TempDir Path copy) throws Exception {
        try (var files = java.nio.file.Files.walk(dataDir.resolve("liveness-prod"))) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(dataDir.relativize(file).toString());
                if (java.nio.file.Files.isDirectory(file)) {
                    java.nio.file.Files.createDirectories(target);
                    continue;
                }
                byte[] bytes = java.nio.file.Files.readAllBytes(file);
                String name = file.getFileName().toString();
                if (file.getParent().getFileName().toString().equals("liveness-prod")
                        && (name.startsWith("snapshot-") || name.startsWith("delta-"))) {
                    bytes[bytes.length / 2] ^= 0x5a; // every state blob: no version of PROD reads
                }
                java.nio.file.Files.write(target, bytes);
            }
        }
        try (BlobStore broken = BlobStore.directory(copy);
             DiffServer page = DiffServer.start(broken, DiffServer.Settings.loopback(0), Clock.systemUTC())) {
            HttpResponse<String> response = get(page, "/api/diff?from=liveness-prod:latest&to=liveness-prod:latest");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(500);
            assertThat(message(response)).contains("cannot load liveness-prod:")
                    .containsPattern("(?i)checksum|crc|refused|damaged").doesNotContain("\n");
        }
    }

    /** What a person or a client reads: the JSON error field, or the page's text with entities decoded. */
    private static String message(HttpResponse<String> response) throws Exception {
        if (response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            return JSON.readTree(response.body()).get("error").asText();
        }
        String body = response.body();
        String error = body.substring(body.indexOf("<p class=\"error\">") + 17, body.indexOf("</p>",
                body.indexOf("<p class=\"error\">")));
        return error.replace("&#39;", "'").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    @Test
    void pages_escapeEveryValue() throws Exception {
        long scripted = outputs.scriptTitleVideo();
        HttpResponse<String> video = get(server, "/video/" + scripted + "?from=liveness-prod:" + outputs.prod1()
                + "&to=liveness-preprod:" + outputs.preprod());
        HttpResponse<String> why = get(server, "/why?video=" + scripted + "&version=" + outputs.prod1());
        HttpResponse<String> reflected = get(server, "/why?video=1&namespace=%3Cb%3Ex");

        assertThat(video.statusCode()).isEqualTo(200);
        assertThat(video.body()).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
                .doesNotContain("<script>alert");
        assertThat(why.statusCode()).isEqualTo(200);
        assertThat(why.body()).contains("&lt;script&gt;alert(").doesNotContain("<script>alert");
        assertThat(reflected.statusCode()).isEqualTo(400);
        assertThat(reflected.body()).doesNotContain("<b>x");
    }

    @Test
    void homeAndCompare_render() throws Exception {
        HttpResponse<String> home = get(server, "/");
        HttpResponse<String> compare = get(server, "/compare");

        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("liveness-prod").contains("id=\"staleness\"").contains("live-pairs-chart");
        assertThat(compare.statusCode()).isEqualTo(200);
        assertThat(compare.body()).contains("Paired automatically").contains("id=\"changes\"")
                .contains("spec-v1+subtitles-in-first-sorted-metadata-language");
    }

    /** The picker starts on the newest PROD version against the newest PREPROD one, not on one version twice. */
    @Test
    void pick_preselectsTheNewestProdAndPreprodVersions() throws Exception {
        HttpResponse<String> pick = get(server, "/pick");

        assertThat(pick.statusCode()).isEqualTo(200);
        String from = pick.body().substring(pick.body().indexOf("name=\"from\""), pick.body().indexOf("name=\"to\""));
        String to = pick.body().substring(pick.body().indexOf("name=\"to\""));
        assertThat(from).contains("value=\"liveness-prod:" + outputs.prod2() + "\" selected>");
        assertThat(to).contains("value=\"liveness-preprod:" + outputs.preprod() + "\" selected>");
        assertThat(from.split(" selected>", -1)).hasSize(2);
        assertThat(to.split(" selected>", -1)).hasSize(2);
    }

    @Test
    void token_guardsEverythingButHealth() throws Exception {
        assertThat(get(guarded, "/health").statusCode()).isEqualTo(200);
        HttpResponse<String> refused = get(guarded, "/api/versions/liveness-prod");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
        assertThat(message(refused)).isEqualTo("a bearer token is required");
        assertThat(get(guarded, "/metrics").statusCode()).isEqualTo(401);
        HttpResponse<String> page = get(guarded, "/");
        assertThat(page.statusCode()).isEqualTo(401);
        assertThat(page.body()).contains("name=\"token\"").doesNotContain("s3cret-token");
        assertThat(get(guarded, "/api/versions/liveness-prod", "Authorization", "Bearer wrong").statusCode())
                .isEqualTo(401);
        assertThat(get(guarded, "/api/versions/liveness-prod", "Authorization", "Bearer s3cret-token").statusCode())
                .isEqualTo(200);
        HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(URI.create(guarded.uri() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=s3cret-token&next=/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location")).hasValue("/");
        HttpResponse<String> offsite = HTTP.send(HttpRequest.newBuilder(URI.create(guarded.uri() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=s3cret-token&next=%2F%5Cevil.example")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(offsite.headers().firstValue("Location")).as("never another host").hasValue("/");
        assertThat(login.headers().firstValue("Set-Cookie")).get().asString().contains("HttpOnly");
    }

    @Test
    void bindsLoopbackByDefault() {
        org.eclipse.jetty.server.ServerConnector connector = (org.eclipse.jetty.server.ServerConnector)
                server.jettyConnectors()[0];
        assertThat(connector.getHost()).isEqualTo("127.0.0.1");
    }
}
