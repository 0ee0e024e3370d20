package io.clickstream.simulator.model;

import java.util.List;

/**
 * The shop: categories, products with prices, search terms and the site's pages.
 *
 * <p>Products are numbered; a product's category and price are pure functions of its number and the seed, so the
 * catalog costs no memory and is the same in every task. Popularity is skewed (a few products get most views).
 */
public final class Catalog {
    public static final String SITE = "https://shop.example.com";
    public static final String CURRENCY = "USD";

    private static final List<String> CATEGORIES = List.of(
            "electronics",
            "computers",
            "phones",
            "books",
            "fashion",
            "shoes",
            "home-garden",
            "kitchen",
            "toys",
            "sports",
            "beauty",
            "grocery");
    /** Typical price (cents) per category, same order as {@link #CATEGORIES}. */
    private static final int[] TYPICAL_PRICE_CENTS = {
        12_900, 79_900, 49_900, 1_800, 3_900, 7_900, 4_500, 2_900, 2_500, 4_900, 1_900, 600
    };

    private static final List<String> SEARCH_TERMS = List.of(
            "wireless headphones",
            "running shoes",
            "laptop",
            "usb-c cable",
            "coffee maker",
            "phone case",
            "winter jacket",
            "lego",
            "yoga mat",
            "air fryer",
            "monitor 27 inch",
            "novel",
            "backpack",
            "smart watch",
            "desk lamp",
            "garden hose",
            "face cream",
            "tennis racket",
            "gaming mouse",
            "water bottle");
    private static final List<String> EXTERNAL_REFERRERS = List.of(
            "",
            "",
            "",
            "https://www.google.com/",
            "https://www.google.com/",
            "https://www.google.com/",
            "https://www.bing.com/",
            "https://duckduckgo.com/",
            "https://www.facebook.com/",
            "https://t.co/",
            "https://www.instagram.com/",
            "https://news.ycombinator.com/",
            "https://mail.example.org/newsletter");

    private final int productCount;
    private final long seed;

    public Catalog(long seed, int productCount) {
        this.seed = seed;
        this.productCount = productCount;
    }

    public int productCount() {
        return productCount;
    }

    public int categoryCount() {
        return CATEGORIES.size();
    }

    public int searchTermCount() {
        return SEARCH_TERMS.size();
    }

    public int externalReferrerCount() {
        return EXTERNAL_REFERRERS.size();
    }

    /** A product drawn with a skewed popularity: low numbers are the best sellers. */
    public int popularProduct(Rng rng) {
        double u = rng.nextDouble();
        return (int) (productCount * u * u);
    }

    public int categoryOf(int product) {
        return Rng.index(Rng.mix(seed, 0x70726f64L + product), CATEGORIES.size());
    }

    public String categoryName(int category) {
        return CATEGORIES.get(category);
    }

    /** Price in cents: the category's typical price times 0.25–4 (log-uniform), ending in 9. */
    public long priceCents(int product) {
        double factor = Math.pow(16, Rng.unit(Rng.mix(seed, 0x7072696365L + product))) / 4;
        long cents = Math.round(TYPICAL_PRICE_CENTS[categoryOf(product)] * factor);
        return Math.max(99, cents / 10 * 10 + 9);
    }

    public String productId(int product) {
        return "P" + (100_000 + product);
    }

    public String searchTerm(int term) {
        return SEARCH_TERMS.get(term);
    }

    public String externalReferrer(int index) {
        return EXTERNAL_REFERRERS.get(index);
    }

    // Pages are packed into an int (kind in the top byte, argument below) so a session remembers its last page in
    // four bytes; pageUrl() turns one into its URL.
    public static final int HOME = 1;
    public static final int CATEGORY_PAGE = 2;
    public static final int DEALS = 3;
    public static final int SEARCH_PAGE = 4;
    public static final int PRODUCT_PAGE = 5;
    public static final int CART = 6;
    public static final int CHECKOUT = 7;
    public static final int CONFIRMATION = 8;
    public static final int EXTERNAL = 9;

    public static int page(int kind, int argument) {
        return (kind << 24) | argument;
    }

    public static int kindOf(int page) {
        return page >>> 24;
    }

    public static int argumentOf(int page) {
        return page & 0xFFFFFF;
    }

    public String pageUrl(int page) {
        int arg = argumentOf(page);
        return switch (kindOf(page)) {
            case HOME -> SITE + "/";
            case CATEGORY_PAGE -> SITE + "/c/" + categoryName(arg);
            case DEALS -> SITE + "/deals";
            case SEARCH_PAGE -> SITE + "/search?q=" + searchTerm(arg).replace(' ', '+');
            case PRODUCT_PAGE -> SITE + "/p/" + productId(arg);
            case CART -> SITE + "/cart";
            case CHECKOUT -> SITE + "/checkout";
            case CONFIRMATION -> SITE + "/checkout/confirmation";
            case EXTERNAL -> externalReferrer(arg);
            default -> "";
        };
    }
}
