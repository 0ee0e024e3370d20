package io.clickstream.local.livepage;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** The live page's DOM as a browser rendered it: what each chart drew and what each headline number shows. */
public final class LivePageDom {

    private final Document dom;

    private LivePageDom(Document dom) {
        this.dom = dom;
    }

    public static LivePageDom parse(String html) {
        return new LivePageDom(Jsoup.parse(html));
    }

    /** Per chart panel, the values it drew (its {@code data-points}; -1 while it drew nothing). */
    public Map<String, Integer> chartPoints() {
        Map<String, Integer> points = new LinkedHashMap<>();
        for (Element chart : dom.select(".chart[data-panel]")) {
            String p = chart.attr("data-points");
            points.put(chart.attr("data-panel"), p.isEmpty() ? -1 : Integer.parseInt(p));
        }
        return points;
    }

    /** Per chart panel, the SVG shapes (paths) ECharts drew into it: axes, lines, bars, funnel stages. */
    public Map<String, Integer> chartShapes() {
        Map<String, Integer> shapes = new LinkedHashMap<>();
        for (Element chart : dom.select(".chart[data-panel]")) {
            shapes.put(chart.attr("data-panel"), chart.select("svg path").size());
        }
        return shapes;
    }

    /** Per headline number, the text shown. */
    public Map<String, String> stats() {
        Map<String, String> stats = new LinkedHashMap<>();
        for (Element stat : dom.select(".stat[data-stat]")) {
            stats.put(stat.attr("data-stat"), stat.selectFirst("b").text());
        }
        return stats;
    }

    /** How many times the page drew fresh data. */
    public int refreshes() {
        return Integer.parseInt(dom.body().attr("data-refreshes"));
    }

    public String status() {
        Element status = dom.getElementById("status");
        return status == null ? "" : status.text();
    }

    /** The text of every SVG label drawn, e.g. country codes and page paths on the bar charts. */
    public String chartText(String panel) {
        Element chart = dom.selectFirst(".chart[data-panel=\"" + panel + "\"]");
        return chart == null ? "" : chart.select("svg text").eachText().toString();
    }
}
