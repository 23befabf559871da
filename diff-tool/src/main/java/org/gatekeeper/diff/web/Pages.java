package org.gatekeeper.diff.web;

import static org.gatekeeper.diff.web.Html.esc;
import static org.gatekeeper.diff.web.Html.url;

import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import com.netflix.hollow.core.read.engine.object.HollowObjectTypeReadState;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.gatekeeper.core.LastEvaluation;
import org.gatekeeper.core.LivenessReader;
import org.gatekeeper.core.OutputTags;
import org.gatekeeper.diff.ChangeKind;
import org.gatekeeper.diff.DiffException;
import org.gatekeeper.diff.DiffService;
import org.gatekeeper.diff.InputDiff;
import org.gatekeeper.diff.OutputDiff;
import org.gatekeeper.diff.PairChange;
import org.gatekeeper.diff.StateDiff;
import org.gatekeeper.diff.StateRef;
import org.gatekeeper.model.Blocker;
import org.gatekeeper.model.CountryStatus;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.VideoStatus;
import org.gatekeeper.model.store.AnnouncedVersion;
import org.gatekeeper.model.store.BlobNamespace;

/** The HTML pages, rendered on the server: no script, every value escaped, charts as inline SVG. */
final class Pages {
    static final int PAGE_SIZE = 50;
    /** SPEC §4's rules as a checklist: a heading and the blocker codes that fail it. */
    private static final List<String[]> CHECKLIST = List.of(
            new String[] {"Contract & window", "NO_CONTRACT", "WINDOW_NOT_OPEN", "WINDOW_CLOSED"},
            new String[] {"Video", "MISSING_VIDEO"}, new String[] {"Audio", "MISSING_AUDIO"},
            new String[] {"Dubs", "MISSING_DUB"}, new String[] {"Subtitles", "MISSING_SUBTITLES"},
            new String[] {"Title", "MISSING_TITLE"}, new String[] {"Synopsis", "MISSING_SYNOPSIS"},
            new String[] {"Rating", "MISSING_RATING"}, new String[] {"Live child", "NO_LIVE_CHILD"});

    private final DiffService service;
    private final Clock clock;
    /** Header tags of announced versions (immutable once announced), the newest few hundred. */
    private final Map<String, Map<String, String>> tags = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Map<String, String>> eldest) {
                    return size() > 512;
                }
            });

    Pages(DiffService service, Clock clock) {
        this.service = service;
        this.clock = clock;
    }

    /** Header tags of a version: immutable once announced, so cached. */
    Map<String, String> tags(String namespace, long version) {
        String key = namespace + ":" + version;
        Map<String, String> cached = tags.get(key);
        if (cached == null) {
            cached = service.namespace(namespace).headerTags(version);
            tags.put(key, cached);
        }
        return cached;
    }

    /**
     * A liveness output namespace from a parameter (default {@code liveness-prod}): an unknown one is not found
     * (404), an input is refused (400).
     */
    static String outputNamespace(DiffService service, String parameter) {
        String namespace = parameter == null || parameter.isBlank() ? "liveness-prod" : parameter;
        service.namespace(namespace);
        if (!namespace.startsWith("liveness-")) {
            throw new DiffException(DiffException.Reason.MALFORMED, "namespace '" + DiffServer.shorten(namespace)
                    + "' is not a liveness output (liveness-prod, liveness-preprod, ...)");
        }
        return namespace;
    }

    // ---------------------------------------------------------------- home

    String home() {
        Instant now = clock.instant();
        StringBuilder body = new StringBuilder();
        body.append("<p class=\"muted\">Store: ").append(esc(service.store().location())).append("</p>");
        body.append("<h2>Namespaces</h2><table id=\"namespaces\"><tr><th>namespace</th><th>latest version</th>"
                + "<th>announced</th><th>age</th><th>retained versions</th><th>pinned</th></tr>");
        for (String name : service.store().namespaces()) {
            BlobNamespace namespace = service.store().namespace(name);
            List<AnnouncedVersion> history = namespace.history();
            AnnouncedVersion latest = history.isEmpty() ? null : history.get(history.size() - 1);
            body.append("<tr><td>").append(esc(name)).append("</td><td>")
                    .append(latest == null ? "—" : esc(latest.version())).append("</td><td>")
                    .append(latest == null ? "—" : esc(latest.announcedAt())).append("</td><td class=\"num\">")
                    .append(latest == null ? "—" : esc(Html.age(latest.announcedAt(), now))).append("</td><td class=\"num\">")
                    .append(history.size()).append("</td><td>")
                    .append(namespace.pinnedVersion().isPresent() ? esc(namespace.pinnedVersion().getAsLong()) : "")
                    .append("</td></tr>");
        }
        body.append("</table>");
        body.append(staleness(now));
        body.append(livePairsChart());
        return Html.page("Overview", body.toString());
    }

    /**
     * Each input: the version PROD last evaluated (its note, newer than its latest output's header when the
     * evaluations since changed nothing), and how old it is now; the input's newest version.
     */
    private String staleness(Instant now) {
        Optional<StateRef> prod = latest("liveness-prod");
        Optional<LastEvaluation> last = service.store().namespaces().contains("liveness-prod")
                ? LastEvaluation.read(service.store().namespace("liveness-prod")) : Optional.empty();
        StringBuilder html = new StringBuilder("<h2>Input staleness</h2>");
        Map<String, String> pins = new HashMap<>();
        if (last.isPresent()) {
            last.get().inputs().forEach((dataset, version) -> pins.put(dataset, Long.toString(version)));
            html.append("<p class=\"muted\">As PROD last evaluated them, at T=")
                    .append(esc(Instant.ofEpochMilli(last.get().evaluatedAt()))).append(" (")
                    .append(esc(last.get().outcome())).append(", output version ")
                    .append(esc(last.get().outputVersion())).append(")</p>");
        } else if (prod.isPresent()) {
            Dataset.ALL.forEach(dataset -> pins.put(dataset.name(), prod.get().headerTags().get(
                    OutputTags.input(dataset))));
            html.append("<p class=\"muted\">As pinned by PROD version ").append(esc(prod.get().version()))
                    .append("</p>");
        } else {
            return html.append("<p>No PROD output yet: the gatekeeper publishes once every input has a version.</p>")
                    .toString();
        }
        html.append("<table id=\"staleness\"><tr><th>input</th><th>pinned version</th><th>announced</th>"
                + "<th>age now</th><th>newest version</th></tr>");
        for (Dataset<?> dataset : Dataset.ALL) {
            String pinned = pins.get(dataset.name());
            BlobNamespace namespace = service.store().namespace(dataset.name());
            Optional<AnnouncedVersion> announcement = pinned == null ? Optional.empty() : namespace.history().stream()
                    .filter(v -> Long.toString(v.version()).equals(pinned)).findFirst();
            html.append("<tr><td>").append(esc(dataset.name())).append("</td><td>").append(esc(pinned))
                    .append("</td><td>").append(announcement.map(a -> esc(a.announcedAt())).orElse("—"))
                    .append("</td><td class=\"num\">")
                    .append(announcement.map(a -> esc(Html.age(a.announcedAt(), now))).orElse("—"))
                    .append("</td><td>").append(namespace.announcedVersion().isPresent()
                            ? esc(namespace.announcedVersion().getAsLong()) : "—").append("</td></tr>");
        }
        return html.append("</table>").toString();
    }

    /** Live pairs of the last 60 PROD versions, from their header tags (no state is loaded). */
    private String livePairsChart() {
        List<AnnouncedVersion> history = service.store().namespaces().contains("liveness-prod")
                ? service.store().namespace("liveness-prod").history() : List.of();
        List<AnnouncedVersion> recent = history.subList(Math.max(0, history.size() - 60), history.size());
        StringBuilder html = new StringBuilder("<h2>Live pairs per PROD version</h2>");
        List<long[]> points = new ArrayList<>();
        for (AnnouncedVersion version : recent) {
            String live = tags("liveness-prod", version.version()).get(OutputTags.LIVE_PAIRS);
            if (live != null && live.matches("\\d{1,18}")) {
                points.add(new long[] {version.version(), Long.parseLong(live)});
            }
        }
        if (points.isEmpty()) {
            return html.append("<p>No PROD versions with pair counts yet.</p>").toString();
        }
        long max = points.stream().mapToLong(p -> p[1]).max().orElse(1);
        int width = 760;
        int height = 160;
        int bar = Math.max(2, width / points.size() - 2);
        html.append("<svg id=\"live-pairs-chart\" width=\"").append(width + 60).append("\" height=\"")
                .append(height + 30).append("\" role=\"img\" aria-label=\"live pairs per PROD version\">");
        for (int i = 0; i < points.size(); i++) {
            long[] point = points.get(i);
            int h = (int) Math.max(1, point[1] * height / Math.max(1, max));
            html.append("<rect x=\"").append(50 + i * (bar + 2)).append("\" y=\"").append(height - h + 5)
                    .append("\" width=\"").append(bar).append("\" height=\"").append(h)
                    .append("\" fill=\"#3b6fd8\"><title>version ").append(point[0]).append(": ")
                    .append(String.format("%,d", point[1])).append(" live pairs</title></rect>");
        }
        html.append("<text x=\"0\" y=\"14\">").append(String.format("%,d", max)).append("</text>")
                .append("<text x=\"50\" y=\"").append(height + 22).append("\">").append(points.get(0)[0])
                .append(" … ").append(points.get(points.size() - 1)[0]).append("</text></svg>");
        return html.toString();
    }

    // ---------------------------------------------------------------- compare

    String compare(Context ctx) {
        String fromSpec = ctx.queryParam("from");
        String toSpec = ctx.queryParam("to");
        String pairing = "";
        if (blank(fromSpec) && blank(toSpec)) {
            DiffService.ReleasePair pair = service.preprodVsProd();
            StateRef preprod = pair.preprod();
            String follows = Long.toString(pair.prod().version());
            fromSpec = pair.prod().label();
            toSpec = preprod.label();
            pairing = "<p class=\"muted\" id=\"pairing\">Paired automatically: PREPROD version "
                    + esc(preprod.version()) + " evaluated the inputs and instant of PROD version " + esc(follows)
                    + ".</p>";
        } else if (blank(fromSpec) || blank(toSpec)) {
            throw new DiffException(DiffException.Reason.MALFORMED, "give both from and to, or neither");
        }
        StateRef from = service.resolve(fromSpec);
        StateRef to = service.resolve(toSpec);
        StateDiff diff = service.diff(from, to);
        StringBuilder body = new StringBuilder(pairing);
        body.append(tagsSideBySide(from, to));
        if (diff instanceof OutputDiff output) {
            body.append(outputSummary(output));
            body.append(changesTable(ctx, output));
        } else if (diff instanceof InputDiff input) {
            body.append(inputSummary(input));
        }
        return Html.page(from.label() + " → " + to.label(), body.toString());
    }

    private String tagsSideBySide(StateRef from, StateRef to) {
        StringBuilder html = new StringBuilder("<h2>Header tags</h2><table id=\"tags\"><tr><th>tag</th><th>")
                .append(esc(from.label())).append("</th><th>").append(esc(to.label())).append("</th></tr>");
        TreeSet<String> names = new TreeSet<>(from.headerTags().keySet());
        names.addAll(to.headerTags().keySet());
        for (String name : names) {
            String a = from.headerTags().getOrDefault(name, "");
            String b = to.headerTags().getOrDefault(name, "");
            html.append("<tr").append(a.equals(b) ? "" : " class=\"changed\"").append("><td>").append(esc(name))
                    .append("</td><td>").append(esc(a)).append("</td><td>").append(esc(b)).append("</td></tr>");
        }
        return html.append("</table>").toString();
    }

    private String outputSummary(OutputDiff diff) {
        OutputDiff.Summary s = diff.summary();
        StringBuilder html = new StringBuilder("<h2>Summary</h2><div class=\"cards\" id=\"summary\">");
        card(html, "changed-pairs", "changed pairs", s.changedPairs());
        s.byKind().forEach((kind, count) -> card(html, kind.label(), kind.label().replace('-', ' '), count));
        card(html, "live-before", "live pairs before", s.livePairsBefore());
        card(html, "live-after", "live pairs after", s.livePairsAfter());
        card(html, "videos-added", "videos added", s.videosAdded());
        card(html, "videos-removed", "videos removed", s.videosRemoved());
        html.append("</div>");
        List<OutputDiff.CountryCounts> countries = new ArrayList<>(diff.byCountry());
        countries.sort((a, b) -> Long.compare(b.changedPairs(), a.changedPairs()));
        Map<String, Long> topCountries = new LinkedHashMap<>();
        countries.stream().limit(20).forEach(c -> topCountries.put(c.country(), c.changedPairs()));
        html.append("<h2>Changed pairs by country (top 20)</h2>").append(barChart("by-country", topCountries));
        Map<String, Long> gaining = new LinkedHashMap<>();
        Map<String, Long> losing = new LinkedHashMap<>();
        diff.byBlocker().forEach(b -> {
            gaining.put(b.code(), b.pairsGaining());
            losing.put(b.code(), b.pairsLosing());
        });
        html.append("<h2>Blocker codes</h2><table id=\"by-blocker\"><tr><th>code</th><th>pairs gaining it</th>"
                + "<th>pairs losing it</th></tr>");
        gaining.forEach((code, count) -> html.append("<tr><td>").append(esc(code)).append("</td><td class=\"num\">")
                .append(String.format("%,d", count)).append("</td><td class=\"num\">")
                .append(String.format("%,d", losing.get(code))).append("</td></tr>"));
        return html.append("</table>").toString();
    }

    private static void card(StringBuilder html, String id, String label, long value) {
        html.append("<div class=\"card\" id=\"card-").append(esc(id)).append("\"><b>").append(String.format("%,d", value))
                .append("</b>").append(esc(label)).append("</div>");
    }

    private static String barChart(String id, Map<String, Long> values) {
        if (values.isEmpty()) {
            return "<p>Nothing changed.</p>";
        }
        long max = values.values().stream().mapToLong(Long::longValue).max().orElse(1);
        int row = 18;
        StringBuilder svg = new StringBuilder("<svg id=\"").append(esc(id)).append("\" width=\"640\" height=\"")
                .append(values.size() * row + 4).append("\" role=\"img\">");
        int y = 0;
        for (Map.Entry<String, Long> entry : values.entrySet()) {
            int w = (int) Math.max(1, entry.getValue() * 480 / Math.max(1, max));
            svg.append("<text x=\"0\" y=\"").append(y + 13).append("\">").append(esc(entry.getKey()))
                    .append("</text><rect x=\"80\" y=\"").append(y + 2).append("\" width=\"").append(w)
                    .append("\" height=\"14\" fill=\"#d8893b\"></rect><text x=\"").append(86 + w).append("\" y=\"")
                    .append(y + 13).append("\">").append(String.format("%,d", entry.getValue())).append("</text>");
            y += row;
        }
        return svg.append("</svg>").toString();
    }

    private String changesTable(Context ctx, OutputDiff diff) {
        OutputDiff.Filter filter = filter(ctx);
        long page = longParam(ctx, "page", 1);
        if (page < 1 || page > 1_000_000) {
            throw new DiffException(DiffException.Reason.MALFORMED, "page must be between 1 and 1000000, got " + page);
        }
        long matching = diff.count(filter);
        String from = diff.from().label();
        String to = diff.to().label();
        StringBuilder html = new StringBuilder("<h2>Changed pairs</h2><form class=\"inline\" method=\"get\" "
                + "action=\"/compare\" id=\"filter\"><input type=\"hidden\" name=\"from\" value=\"")
                .append(esc(from)).append("\"><input type=\"hidden\" name=\"to\" value=\"").append(esc(to))
                .append("\"><label>Country<select name=\"country\"><option value=\"\">any</option>");
        diff.byCountry().forEach(c -> html.append("<option").append(c.country().equals(filter.country())
                ? " selected" : "").append(">").append(esc(c.country())).append("</option>"));
        html.append("</select></label><label>Change<select name=\"kind\"><option value=\"\">any</option>");
        for (ChangeKind kind : ChangeKind.values()) {
            html.append("<option value=\"").append(kind.label()).append("\"").append(kind == filter.kind()
                    ? " selected" : "").append(">").append(kind.label()).append("</option>");
        }
        html.append("</select></label><label>Blocker code<select name=\"code\"><option value=\"\">any</option>");
        diff.byBlocker().forEach(b -> html.append("<option").append(b.code().equals(filter.blockerCode())
                ? " selected" : "").append(">").append(esc(b.code())).append("</option>"));
        html.append("</select></label><label>Video id<input name=\"video\" size=\"10\" value=\"")
                .append(filter.videoId() == null ? "" : esc(filter.videoId())).append("\"></label>"
                        + "<button>Filter</button></form>");
        long pages = Math.max(1, (matching + PAGE_SIZE - 1) / PAGE_SIZE);
        html.append("<p id=\"matching\">").append(String.format("%,d", matching)).append(" matching pairs; page ")
                .append(page).append(" of ").append(pages).append("</p>");
        html.append("<table id=\"changes\"><tr><th>video</th><th>country</th><th>change</th><th>before</th>"
                + "<th>after</th></tr>");
        for (PairChange change : diff.changes(filter, (page - 1) * PAGE_SIZE, PAGE_SIZE)) {
            html.append("<tr><td><a class=\"video-link\" href=\"/video/").append(change.videoId()).append("?from=")
                    .append(url(from)).append("&amp;to=").append(url(to)).append("\">").append(change.videoId())
                    .append("</a></td><td>").append(esc(change.country())).append("</td><td>")
                    .append(esc(change.kind().label())).append("</td><td>").append(statusCell(change.before()))
                    .append("</td><td>").append(statusCell(change.after())).append("</td></tr>");
        }
        html.append("</table><p class=\"pager\">");
        String base = "/compare?from=" + url(from) + "&amp;to=" + url(to)
                + (filter.country() == null ? "" : "&amp;country=" + url(filter.country()))
                + (filter.kind() == null ? "" : "&amp;kind=" + url(filter.kind().label()))
                + (filter.blockerCode() == null ? "" : "&amp;code=" + url(filter.blockerCode()))
                + (filter.videoId() == null ? "" : "&amp;video=" + filter.videoId());
        if (page > 1) {
            html.append("<a href=\"").append(base).append("&amp;page=").append(page - 1).append("\">previous</a>");
        }
        if (page < pages) {
            html.append("<a id=\"next-page\" href=\"").append(base).append("&amp;page=").append(page + 1)
                    .append("\">next</a>");
        }
        return html.append("</p>").toString();
    }

    private static String statusCell(CountryStatus status) {
        if (status == null) {
            return "<span class=\"muted\">—</span>";
        }
        StringBuilder html = new StringBuilder(status.isLive() ? "<span class=\"live\">live</span>"
                : "<span class=\"notlive\">not live</span>");
        for (Blocker blocker : status.getBlockers()) {
            html.append(" ").append(esc(blocker));
        }
        if (status.isLive()) {
            html.append(" <span class=\"muted\">").append(esc(Instant.ofEpochMilli(status.getWindowStart())))
                    .append(" – ").append(esc(Instant.ofEpochMilli(status.getWindowEnd()))).append("</span>");
        }
        return html.toString();
    }

    private String inputSummary(InputDiff diff) {
        InputDiff.Summary s = diff.summary();
        StringBuilder html = new StringBuilder("<h2>Summary</h2><div class=\"cards\" id=\"summary\">");
        card(html, "added", "records added", s.added());
        card(html, "removed", "records removed", s.removed());
        card(html, "changed", "records changed", s.changed());
        html.append("</div><h2>Changed fields</h2><table id=\"fields\"><tr><th>field</th><th>records</th></tr>");
        s.changedByField().forEach((field, count) -> html.append("<tr><td>").append(esc(field))
                .append("</td><td class=\"num\">").append(String.format("%,d", count)).append("</td></tr>"));
        html.append("</table><h2>Records (first ").append(s.listed()).append(")</h2><table id=\"changes\"><tr>"
                + "<th>key</th><th>change</th><th>fields</th></tr>");
        for (InputDiff.RecordChange change : diff.changes()) {
            html.append("<tr><td>").append(esc(change.key())).append("</td><td>").append(esc(change.change()))
                    .append("</td><td>");
            change.fields().forEach(f -> html.append(esc(f.field())).append(": ").append(esc(f.before()))
                    .append(" → ").append(esc(f.after())).append("<br>"));
            html.append("</td></tr>");
        }
        return html.append("</table>").toString();
    }

    // ---------------------------------------------------------------- pick two versions

    String pick(Context ctx) {
        StringBuilder html = new StringBuilder("<p>Any two versions of a namespace (or a PROD and a PREPROD "
                + "version).</p><form class=\"inline\" method=\"get\" action=\"/compare\" id=\"pick\">");
        html.append(versionSelect("from", "liveness-prod")).append(versionSelect("to", "liveness-preprod"))
                .append("<button>Compare</button></form><p class=\"muted\">Input datasets diff record by record: "
                        + "use <code>/compare?from=videos:V1&amp;to=videos:V2</code> or <code>gatekeeper diff</code>."
                        + "</p>");
        return Html.page("Pick two versions", html.toString());
    }

    /** Every output version, newest first per namespace; {@code preferred}'s newest is selected. */
    private String versionSelect(String name, String preferred) {
        StringBuilder html = new StringBuilder("<label>").append(name).append("<select name=\"").append(name)
                .append("\">");
        for (String namespace : service.store().namespaces()) {
            if (!namespace.startsWith("liveness-")) {
                continue;
            }
            boolean first = namespace.equals(preferred);
            for (AnnouncedVersion version : service.versions(namespace).stream().limit(200).toList()) {
                String value = namespace + ":" + version.version();
                html.append("<option value=\"").append(esc(value)).append(first ? "\" selected>" : "\">")
                        .append(esc(value)).append(" (").append(esc(version.announcedAt())).append(")</option>");
                first = false;
            }
        }
        return html.append("</select></label>").toString();
    }

    // ---------------------------------------------------------------- video drill-down

    String video(Context ctx, long videoId) {
        String fromSpec = ctx.queryParam("from");
        String toSpec = ctx.queryParam("to");
        if (blank(fromSpec) || blank(toSpec)) {
            throw new DiffException(DiffException.Reason.MALFORMED, "a drill-down needs from and to");
        }
        StateDiff diff = service.diff(service.resolve(fromSpec), service.resolve(toSpec));
        if (!(diff instanceof OutputDiff output)) {
            throw new DiffException(DiffException.Reason.MALFORMED, "a drill-down compares two liveness outputs");
        }
        if (!output.hasVideo(videoId)) {
            throw new DiffException(DiffException.Reason.NOT_FOUND, "video " + videoId + " is in neither "
                    + output.from().label() + " nor " + output.to().label());
        }
        String title = title(output.to(), videoId).or(() -> title(output.from(), videoId)).orElse("(no title)");
        StringBuilder html = new StringBuilder("<p id=\"video-title\">Title: <b>").append(esc(title))
                .append("</b></p><p><a href=\"/compare?from=").append(url(output.from().label())).append("&amp;to=")
                .append(url(output.to().label())).append("&amp;video=").append(videoId)
                .append("\">only this video's changes</a> · <a href=\"/why?video=").append(videoId)
                .append("\">why not live?</a></p><table id=\"grid\"><tr><th>country</th><th>")
                .append(esc(output.from().label())).append("</th><th>").append(esc(output.to().label()))
                .append("</th></tr>");
        output.video(videoId).forEach((country, pair) -> {
            boolean changed = pair[0] == null || !pair[0].equals(pair[1]);
            html.append("<tr").append(changed ? " class=\"changed\"" : "").append(" data-country=\"")
                    .append(esc(country)).append("\"><td>").append(esc(country)).append("</td><td>")
                    .append(statusCell(pair[0])).append("</td><td>").append(statusCell(pair[1])).append("</td></tr>");
        });
        return Html.page("Video " + videoId, html.append("</table>").toString());
    }

    /** The video's title in the {@code videos} version an output pinned, when that version is still retained. */
    private Optional<String> title(StateRef output, long videoId) {
        String version = output.headerTags().get(OutputTags.input(Dataset.VIDEOS));
        if (version == null) {
            return Optional.empty();
        }
        try {
            HollowReadStateEngine videos = service.load(service.resolve("videos:" + version));
            HollowObjectTypeReadState type = (HollowObjectTypeReadState) videos.getTypeState("Video");
            int idField = type.getSchema().getPosition("id");
            BitSet ordinals = type.getPopulatedOrdinals();
            for (int o = ordinals.nextSetBit(0); o >= 0; o = ordinals.nextSetBit(o + 1)) {
                if (type.readLong(o, idField) == videoId) {
                    return Optional.of(org.gatekeeper.model.codec.HollowRecordReader.of(Dataset.VIDEOS)
                            .read(videos, o).getTitle());
                }
            }
        } catch (RuntimeException e) {
            return Optional.empty(); // the input version is no longer retained, or holds no Video type
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- why not live

    String why(Context ctx) {
        String video = ctx.queryParam("video");
        String namespace = outputNamespace(service, ctx.queryParam("namespace"));
        String version = Optional.ofNullable(ctx.queryParam("version")).filter(v -> !v.isBlank()).orElse("served");
        StringBuilder html = new StringBuilder("<form class=\"inline\" method=\"get\" action=\"/why\" id=\"why-form\">"
                + "<label>Video id<input name=\"video\" value=\"").append(video == null ? "" : esc(video))
                .append("\"></label><label>Namespace<input name=\"namespace\" value=\"").append(esc(namespace))
                .append("\"></label><label>Version<input name=\"version\" value=\"").append(esc(version))
                .append("\"></label><button>Check</button></form>");
        if (blank(video)) {
            return Html.page("Why not live?", html.toString());
        }
        long videoId = DiffServer.videoId(video);
        StateRef ref = service.resolve(namespace + ":" + version);
        VideoStatus status = LivenessReader.read(service.load(ref), videoId).orElseThrow(() -> new DiffException(
                DiffException.Reason.NOT_FOUND, "video " + videoId + " is not in " + ref.label()));
        String title = title(ref, videoId).orElse("(no title)");
        long live = status.getCountries().stream().filter(CountryStatus::isLive).count();
        html.append("<p id=\"why-summary\"><b>").append(esc(title)).append("</b> (video ").append(videoId)
                .append(") in ").append(esc(ref.label())).append(": live in ").append(live).append(" of ")
                .append(status.getCountries().size()).append(" countries.</p><table id=\"checklist\"><tr>"
                        + "<th>country</th><th>live</th>");
        CHECKLIST.forEach(rule -> html.append("<th>").append(esc(rule[0])).append("</th>"));
        html.append("</tr>");
        for (CountryStatus country : status.getCountries()) {
            html.append("<tr data-country=\"").append(esc(country.getCountry())).append("\"><td>")
                    .append(esc(country.getCountry())).append("</td><td>")
                    .append(country.isLive() ? "<span class=\"live\">yes</span>" : "<span class=\"notlive\">no</span>")
                    .append("</td>");
            for (String[] rule : CHECKLIST) {
                List<String> failed = new ArrayList<>();
                for (Blocker blocker : country.getBlockers()) {
                    for (int i = 1; i < rule.length; i++) {
                        if (rule[i].equals(blocker.getCode())) {
                            failed.add(blocker.toString());
                        }
                    }
                }
                html.append("<td>").append(failed.isEmpty() ? "✓" : "✗ " + esc(String.join(", ", failed)))
                        .append("</td>");
            }
            html.append("</tr>");
        }
        return Html.page("Why not live?", html.append("</table>").toString());
    }

    // ---------------------------------------------------------------- parameters

    static OutputDiff.Filter filter(Context ctx) {
        String country = emptyToNull(ctx.queryParam("country"));
        String kindLabel = emptyToNull(ctx.queryParam("kind"));
        ChangeKind kind = kindLabel == null ? null : ChangeKind.ofLabel(kindLabel);
        if (kindLabel != null && kind == null) {
            throw new DiffException(DiffException.Reason.MALFORMED, "kind '" + DiffServer.shorten(kindLabel)
                    + "' is not one of became-live, stopped-live, blockers-changed, window-changed, pair-added, "
                    + "pair-removed");
        }
        String code = emptyToNull(ctx.queryParam("code"));
        String video = emptyToNull(ctx.queryParam("video"));
        return new OutputDiff.Filter(country, kind, code, video == null ? null : DiffServer.videoId(video));
    }

    static long longParam(Context ctx, String name, long fallback) {
        String text = emptyToNull(ctx.queryParam(name));
        if (text == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text);
            if (value < 0 || (name.equals("limit") && value > 100_000)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new DiffException(DiffException.Reason.MALFORMED, name + " '" + DiffServer.shorten(text)
                    + "' is not a whole number in range");
        }
    }

    private Optional<StateRef> latest(String namespace) {
        if (!service.store().namespaces().contains(namespace)
                || service.store().namespace(namespace).announcedVersion().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(service.resolve(namespace + ":latest"));
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static String emptyToNull(String text) {
        return blank(text) ? null : text;
    }
}
