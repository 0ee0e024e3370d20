package io.clickstream.connect.transforms.parse;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What Silver keeps of an event's URLs: the page's path and UTM parameters, the referrer's host. Syntax is
 * checked with {@link URI} (RFC 2396 with the JDK's usual leniencies); nothing is fetched or resolved.
 */
final class UrlParts {
  private UrlParts() {
  }

  /** The page URL's parts; the URL must be absolute http(s) with a host. */
  record Page(String path, String utmSource, String utmMedium, String utmCampaign) {
  }

  static Page page(String field, String url) {
    URI uri = uri(field, url);
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      throw new InvalidEvent(field, "not an absolute http(s) URL");
    }
    if (uri.getHost() == null) {
      throw new InvalidEvent(field, "URL without a host");
    }
    String path = uri.getRawPath();
    String source = null;
    String medium = null;
    String campaign = null;
    String query = uri.getRawQuery();
    if (query != null && query.contains("utm_")) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        switch (name) {
          case "utm_source" -> source = queryValue(field, value);
          case "utm_medium" -> medium = queryValue(field, value);
          case "utm_campaign" -> campaign = queryValue(field, value);
          default -> {
          }
        }
      }
    }
    return new Page(path == null || path.isEmpty() ? "/" : path, source, medium, campaign);
  }

  /** The referrer's lower-case host (null when it has none, e.g. {@code android-app:} referrers without one). */
  static String referrerHost(String field, String referrer) {
    URI uri = uri(field, referrer);
    if (!uri.isAbsolute()) {
      throw new InvalidEvent(field, "not an absolute URL");
    }
    String host = uri.getHost();
    return host == null ? null : host.toLowerCase(Locale.ROOT);
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
