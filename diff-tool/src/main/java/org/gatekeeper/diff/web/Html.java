package org.gatekeeper.diff.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * The one way the pages put text into HTML: every value that did not come from this code goes through
 * {@link #esc(Object)} (element text and quoted attribute values alike), and every URL parameter through
 * {@link #url(Object)}. Titles, countries and blocker details are upstream data and may hold markup.
 */
final class Html {
    private Html() {
    }

    static String esc(Object value) {
        String text = String.valueOf(value);
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String url(Object value) {
        return URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8);
    }

    static String age(Instant then, Instant now) {
        long seconds = Math.max(0, Duration.between(then, now).getSeconds());
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 7200) {
            return seconds / 60 + " min";
        }
        if (seconds < 172_800) {
            return seconds / 3600 + " h";
        }
        return seconds / 86_400 + " d";
    }

    static String page(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + esc(title) + " · Gatekeeper</title><style>" + CSS + "</style></head><body>"
                + "<header><a href=\"/\" class=\"brand\">Gatekeeper</a><nav><a href=\"/\">Home</a>"
                + "<a href=\"/compare\">PREPROD vs PROD</a><a href=\"/pick\">Pick two versions</a>"
                + "<a href=\"/why\">Why not live?</a></nav></header><main><h1>" + esc(title) + "</h1>" + body
                + "</main></body></html>";
    }

    private static final String CSS = """
            body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
            header{background:#1d2330;color:#fff;padding:10px 24px;display:flex;gap:24px;align-items:center}
            header a{color:#fff;text-decoration:none;margin-right:16px}.brand{font-weight:700}
            main{padding:16px 24px;max-width:1400px}h1{font-size:22px}h2{font-size:17px;margin-top:28px}
            table{border-collapse:collapse;background:#fff;margin:8px 0}
            #checklist{display:block;overflow-x:auto;max-width:100%}
            th,td{border:1px solid #dde1e7;padding:4px 8px;text-align:left;vertical-align:top}
            th{background:#eef0f4}td.num{text-align:right;font-variant-numeric:tabular-nums}
            .cards{display:flex;flex-wrap:wrap;gap:12px}.card{background:#fff;border:1px solid #dde1e7;
            padding:10px 14px;min-width:130px}.card b{display:block;font-size:20px}
            .live{color:#127a3a;font-weight:600}.notlive{color:#b3261e;font-weight:600}
            tr.changed td{background:#fff6d6}.differs{background:#fff6d6}
            .error{background:#fde7e6;border:1px solid #b3261e;padding:10px}
            form.inline{display:flex;gap:8px;flex-wrap:wrap;align-items:end;margin:8px 0}
            label{display:flex;flex-direction:column;font-size:12px;color:#555}
            .muted{color:#666}.pager a{margin-right:12px}svg text{font:11px system-ui,sans-serif}
            """;
}
