package io.clickstream.connect.transforms.parse;

import io.clickstream.connect.text.TextChecks;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Silver keeps of an event's URLs: the page URL and the referrer, both absolute http(s) URLs with a host, as
 * sent but without user-info (credentials are never stored); the page's path and UTM parameters; the referrer's
 * host. Characters browsers send unescaped but RFC 2396 refuses ({@code ?q=a|b}, a space in the query) are escaped
 * before {@link URI} checks the syntax ({@link BrowserUrlText}), and a host with {@code _}, which {@link URI} reads
 * as no host, is read here. Nothing is fetched or resolved.
 */
final class UrlParts {
    /** A registry-style host {@link URI} does not take as a server host: labels with {@code _}, optional port. */
    private static final Pattern UNDERSCORE_HOST =
            Pattern.compile("([A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+)*\\.?)(?::[0-9]{0,5})?");

    private UrlParts() {}

    /** The page URL's parts: the URL to store, its path ({@code /} at least) and UTM parameters. */
    record Page(String url, String path, String utmSource, String utmMedium, String utmCampaign) {}

    /** The referrer to store and its lower-case host; {@link #NONE} for direct traffic. */
    record Referrer(String url, String host) {
        static final Referrer NONE = new Referrer(null, null);
    }

    private record Url(String stored, URI uri, String host) {}

    static Page page(String field, String text) {
        Url url = parse(field, text);
        String path = url.uri().getRawPath();
        String source = null;
        String medium = null;
        String campaign = null;
        String query = url.uri().getRawQuery();
        if (query != null && query.contains("utm_")) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                switch (name) {
                    case "utm_source" -> source = queryValue(field, value);
                    case "utm_medium" -> medium = queryValue(field, value);
                    case "utm_campaign" -> campaign = queryValue(field, value);
                    default -> {}
                }
            }
        }
        return new Page(url.stored(), path == null || path.isEmpty() ? "/" : path, source, medium, campaign);
    }

    static Referrer referrer(String field, String text) {
        Url url = parse(field, text);
        return new Referrer(url.stored(), url.host());
    }

    /**
     * The URL checked: http or https (not {@code javascript:}, {@code data:} and the like), a host, valid syntax
     * once the characters browsers leave unescaped are escaped; stored without user-info.
     */
    private static Url parse(String field, String text) {
        int authorityStart = text.regionMatches(true, 0, "http://", 0, 7)
                ? 7
                : text.regionMatches(true, 0, "https://", 0, 8) ? 8 : -1;
        if (authorityStart < 0) {
            throw new InvalidEvent(field, "not an absolute http(s) URL");
        }
        int authorityEnd = authorityEnd(text, authorityStart);
        String stored = text;
        int at = text.lastIndexOf('@', authorityEnd - 1);
        if (at >= authorityStart) {
            stored = text.substring(0, authorityStart) + text.substring(at + 1);
            authorityEnd -= at + 1 - authorityStart;
        }
        if (authorityEnd == authorityStart) {
            throw new InvalidEvent(field, "URL without a host");
        }
        URI uri = uri(field, BrowserUrlText.escapeFrom(stored, authorityEnd));
        String host = uri.getHost();
        if (host == null) {
            Matcher underscore = UNDERSCORE_HOST.matcher(stored.substring(authorityStart, authorityEnd));
            if (!underscore.matches()) {
                throw new InvalidEvent(field, "URL without a host");
            }
            host = underscore.group(1);
        }
        return new Url(stored, uri, host.toLowerCase(Locale.ROOT));
    }

    /** Where the authority (user-info, host, port) ends: at the first {@code /}, {@code ?} or {@code #}. */
    private static int authorityEnd(String text, int start) {
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                return i;
            }
        }
        return text.length();
    }

    private static URI uri(String field, String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new InvalidEvent(field, "not a valid URL: " + e.getReason() + " at index " + e.getIndex());
        }
    }

    private static String queryValue(String field, String raw) {
        try {
            String value = URLDecoder.decode(raw, StandardCharsets.UTF_8).trim();
            if (TextChecks.hasControlCharacter(value)) {
                throw new InvalidEvent(field, "a UTM parameter holds a control character");
            }
            return value.isEmpty() ? null : value;
        } catch (IllegalArgumentException e) {
            throw new InvalidEvent(field, "a UTM parameter is not valid percent-encoding: " + e.getMessage());
        }
    }
}
