package io.clickstream.simulator.model;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Client IP addresses: random hosts inside real, well-known allocations of many countries, so that a GeoIP lookup
 * (MaxMind GeoLite2-City, 2019 data) resolves most of them to a city; plus private, shared and documentation
 * ranges for the "unknown" share.
 *
 * <p>The table lists large access ISPs and universities per country. Each network was checked against GeoLite2-City
 * of November 2019 by sampling random hosts (see {@code IpPoolGeoLiteTest}); IPv6 networks are /40s of access ISPs
 * because GeoLite's IPv6 data is city-precise only for the parts ISPs actually announce.
 *
 * <p>Everything is a pure function of hashes: the caller passes the stable hash of a user (for the network) and of a
 * session (for the host), so no per-user state is stored.
 */
public final class IpPool {

    /** A network from the table: the country it geolocates to and its address range. */
    public record Network(String country, boolean ipv6, long base, int prefix) {
        /** For IPv4 the address is in the low 32 bits of {@code base}; for IPv6 {@code base} is the upper 64 bits. */
        String host(long hostHash) {
            if (!ipv6) {
                long mask = prefix == 0 ? 0xFFFFFFFFL : (0xFFFFFFFFL >>> prefix);
                int ip = (int) ((base & ~mask & 0xFFFFFFFFL) | (hostHash & mask));
                // Network and broadcast-looking hosts (x.x.x.0, x.x.x.255) look odd in a log; nudge them inside.
                if ((ip & 0xFF) == 0) {
                    ip |= 1;
                } else if ((ip & 0xFF) == 0xFF) {
                    ip ^= 1;
                }
                return formatIpv4(ip);
            }
            long mask = prefix >= 64 ? 0 : (-1L >>> prefix);
            long hi = (base & ~mask) | (Rng.mix(hostHash) & mask);
            return formatIpv6(hi, hostHash | 1);
        }

        public boolean contains(InetAddress address) {
            byte[] b = address.getAddress();
            if (ipv6 != (b.length == 16)) {
                return false;
            }
            long value = 0;
            for (int i = 0; i < (ipv6 ? 8 : 4); i++) {
                value = (value << 8) | (b[i] & 0xFF);
            }
            int bits = ipv6 ? 64 : 32;
            return prefix == 0
                    || (value >>> (bits - prefix)) == ((ipv6 ? base : base & 0xFFFFFFFFL) >>> (bits - prefix));
        }
    }

    private record Country(String code, int weight, List<Network> v4, List<Network> v6) {}

    private static final IpPool DEFAULT = buildDefault();

    private final List<Country> countries = new ArrayList<>();
    private final List<Network> reserved = new ArrayList<>();
    private final List<Network> botNetworks = new ArrayList<>();
    private final List<Country> v4Countries = new ArrayList<>();
    private final List<Country> v6Countries = new ArrayList<>();
    private int[] cumulativeV4 = new int[0];
    private int[] cumulativeV6 = new int[0];

    /** The built-in table (53 countries). */
    public static IpPool defaultPool() {
        return DEFAULT;
    }

    /** The network a user's addresses come from: a country by traffic weight, then one of its networks. */
    public Network userNetwork(long userHash, boolean ipv6) {
        int[] cumulative = ipv6 ? cumulativeV6 : cumulativeV4;
        List<Country> eligible = ipv6 ? v6Countries : v4Countries;
        int pick = Rng.index(userHash, cumulative[cumulative.length - 1]);
        int i = 0;
        while (cumulative[i] <= pick) {
            i++;
        }
        List<Network> networks = ipv6 ? eligible.get(i).v6 : eligible.get(i).v4;
        return networks.get(Rng.index(Rng.mix(userHash, 7), networks.size()));
    }

    /** A host inside a private, shared or documentation range (what a proxy or a broken tracker reports). */
    public String reservedAddress(long hostHash) {
        return reserved.get(Rng.index(hostHash, reserved.size())).host(Rng.mix(hostHash, 3));
    }

    /** The network a bot crawls from: {@link UserAgentPool.BotNetwork#ordinal()} of its agent. */
    public Network botNetwork(int networkIndex) {
        return botNetworks.get(Math.min(Math.max(networkIndex, 0), botNetworks.size() - 1));
    }

    public int botNetworkCount() {
        return botNetworks.size();
    }

    /** Whether the address lies in one of the table's public networks (user or bot). */
    public boolean isPublicTableAddress(InetAddress address) {
        for (Country c : countries) {
            for (Network n : c.v4) {
                if (n.contains(address)) {
                    return true;
                }
            }
            for (Network n : c.v6) {
                if (n.contains(address)) {
                    return true;
                }
            }
        }
        return botNetworks.stream().anyMatch(n -> n.contains(address));
    }

    /** Whether the address lies in one of the private/shared/documentation ranges used for unknown addresses. */
    public boolean isReserved(InetAddress address) {
        return reserved.stream().anyMatch(n -> n.contains(address));
    }

    /** Country codes of the table (users only). */
    public List<String> countryCodes() {
        return countries.stream().map(Country::code).toList();
    }

    /** All user networks of the table, for checks against a GeoIP database. */
    public List<Network> userNetworks() {
        List<Network> all = new ArrayList<>();
        countries.forEach(c -> {
            all.addAll(c.v4);
            all.addAll(c.v6);
        });
        return all;
    }

    public List<Network> botNetworks() {
        return List.copyOf(botNetworks);
    }

    private IpPool country(String code, int weight, String... cidrs) {
        List<Network> v4 = new ArrayList<>();
        List<Network> v6 = new ArrayList<>();
        for (String cidr : cidrs) {
            Network n = parse(code, cidr);
            (n.ipv6() ? v6 : v4).add(n);
        }
        countries.add(new Country(code, weight, List.copyOf(v4), List.copyOf(v6)));
        return this;
    }

    private void seal() {
        countries.stream().filter(c -> !c.v4.isEmpty()).forEach(v4Countries::add);
        countries.stream().filter(c -> !c.v6.isEmpty()).forEach(v6Countries::add);
        cumulativeV4 = cumulative(v4Countries);
        cumulativeV6 = cumulative(v6Countries);
    }

    private static int[] cumulative(List<Country> eligible) {
        int[] sums = new int[eligible.size()];
        int sum = 0;
        for (int i = 0; i < sums.length; i++) {
            sum += eligible.get(i).weight;
            sums[i] = sum;
        }
        return sums;
    }

    static Network parse(String country, String cidr) {
        int slash = cidr.indexOf('/');
        String host = cidr.substring(0, slash);
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        byte[] b = literal(host);
        if (b.length == 4) {
            long v = 0;
            for (byte x : b) {
                v = (v << 8) | (x & 0xFF);
            }
            return new Network(country, false, v, prefix);
        }
        if (prefix > 64) {
            throw new IllegalArgumentException("IPv6 networks must be /64 or wider: " + cidr);
        }
        long hi = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (b[i] & 0xFF);
        }
        return new Network(country, true, hi, prefix);
    }

    private static byte[] literal(String host) {
        try {
            // Only literals are passed here, so no name lookup happens.
            InetAddress a = InetAddress.getByName(host);
            if (!(a instanceof Inet4Address) && !(a instanceof Inet6Address)) {
                throw new IllegalArgumentException(host);
            }
            return a.getAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + host, e);
        }
    }

    static String formatIpv4(int ip) {
        return ((ip >>> 24) & 0xFF) + "." + ((ip >>> 16) & 0xFF) + "." + ((ip >>> 8) & 0xFF) + "." + (ip & 0xFF);
    }

    /** RFC 5952 text: lower-case hex, no leading zeros, the longest run (≥ 2) of zero groups as "::". */
    static String formatIpv6(long hi, long lo) {
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) (hi >>> (48 - 16 * i)) & 0xFFFF;
            g[4 + i] = (int) (lo >>> (48 - 16 * i)) & 0xFFFF;
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLen - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(g[i]));
        }
        return out.toString();
    }

    private static IpPool buildDefault() {
        IpPool p = new IpPool();
        // Weights are rough shares of e-commerce traffic; networks: (ISP or university) as named by GeoLite2-ASN.
        p.country(
                "US",
                200,
                "73.0.0.0/8",
                "98.192.0.0/10",
                "24.0.0.0/12",
                "141.161.0.0/16", // Comcast, Georgetown U.
                "2603:3021:1a00::/40",
                "2606:6000:6700::/40",
                "2600:8803:900::/40"); // Comcast, Charter, Cox
        p.country("CA", 30, "99.224.0.0/11", "70.24.0.0/13", "2604:3d09:b100::/40"); // Rogers, Bell, Shaw
        p.country("MX", 20, "189.128.0.0/10", "177.225.0.0/16", "2806:2f0:9100::/40"); // Telmex, Megacable, Totalplay
        p.country(
                "BR",
                30,
                "152.249.0.0/16",
                "177.140.0.0/16",
                "177.177.0.0/16",
                "2804:7f4:3400::/40"); // Vivo, Claro, Oi
        p.country("AR", 10, "152.168.0.0/16", "190.178.0.0/16", "157.92.0.0/16"); // Cablevision, Telefonica, UBA
        p.country("CL", 6, "200.83.0.0/16", "190.164.0.0/16", "190.20.0.0/16"); // VTR, Telefonica Chile
        p.country("CO", 6, "181.48.0.0/12"); // Telmex Colombia
        p.country("PE", 4, "190.232.0.0/13"); // Telefonica del Peru
        p.country(
                "GB",
                60,
                "86.0.0.0/11",
                "81.96.0.0/12",
                "86.128.0.0/10",
                "90.192.0.0/11",
                "2.96.0.0/13",
                "2a00:23c0:c400::/40"); // Virgin, BT, Sky, TalkTalk
        p.country(
                "DE",
                60,
                "84.128.0.0/10",
                "91.0.0.0/10",
                "79.192.0.0/10", // Deutsche Telekom
                "2001:a61:a00::/40",
                "2a00:6020:1d00::/40"); // M-net, Deutsche Glasfaser
        p.country(
                "FR",
                45,
                "78.192.0.0/10",
                "86.192.0.0/10",
                "2a01:cb19::/40",
                "2a02:8434:1200::/40"); // Free, Orange, SFR
        p.country("ES", 25, "83.32.0.0/11", "88.0.0.0/11", "2a02:2e02:8400::/40"); // Telefonica, Orange
        p.country("IT", 25, "79.0.0.0/10", "176.206.0.0/16", "80.116.0.0/16", "151.97.0.0/16"); // TIM, Wind Tre, GARR
        p.country(
                "NL",
                15,
                "84.80.0.0/13",
                "77.160.0.0/12",
                "2001:1c05:2f00::/40",
                "2a02:a44f:ef00::/40"); // KPN, Vodafone
        p.country("BE", 8, "91.176.0.0/13", "2a02:1808:200::/40", "2a02:a018::/40"); // Proximus, Telenet
        p.country("CH", 8, "83.76.0.0/14", "178.192.0.0/13", "85.0.0.0/13"); // Swisscom
        p.country("AT", 6, "138.232.0.0/16", "137.208.0.0/16", "143.50.0.0/16", "2a02:8389:2100::/40"); // Unis, Magenta
        p.country("SE", 8, "83.248.0.0/13", "90.230.0.0/16"); // Telia
        p.country("NO", 5, "84.208.0.0/13", "2001:4648:700::/40"); // Telia, Telenor
        p.country("DK", 5, "90.184.0.0/16", "83.72.0.0/16", "2a02:980:4300::/40"); // TDC, Telenor
        p.country("FI", 4, "91.158.0.0/16", "82.181.0.0/16"); // Elisa, DNA
        p.country("PL", 12, "83.0.0.0/11", "79.184.0.0/13", "2a01:111f:d00::/40"); // Orange Polska
        p.country("CZ", 5, "188.175.0.0/16", "147.229.0.0/16"); // Nej.cz, Brno U. of Tech.
        p.country("RU", 20, "95.24.0.0/13", "178.64.0.0/13"); // Beeline, Rostelecom
        p.country("UA", 6, "93.72.0.0/13", "93.79.0.0/16"); // Kyiv ISPs, Volia
        p.country("TR", 12, "78.160.0.0/11", "88.224.0.0/11"); // Turk Telekom
        p.country("IL", 4, "79.176.0.0/13"); // Bezeq
        p.country("SA", 6, "151.173.0.0/16", "2001:16a2:5300::/40"); // STC
        p.country("AE", 5, "92.98.0.0/16", "5.30.0.0/16"); // Etisalat, du
        p.country("EG", 6, "41.32.0.0/12", "197.32.0.0/12"); // TE Data
        p.country("ZA", 6, "105.227.0.0/16", "197.89.0.0/16", "102.182.0.0/16"); // Telkom, Optinet, Afrihost
        p.country("NG", 3, "197.210.0.0/16"); // MTN Nigeria
        p.country("MA", 2, "41.248.0.0/16", "41.141.0.0/16"); // Maroc Telecom
        p.country(
                "IN",
                40,
                "122.160.0.0/12",
                "139.167.0.0/16",
                "171.61.0.0/16", // Airtel, Jio
                "2401:4900:2000::/40",
                "2409:4055:500::/40");
        p.country("PK", 4, "39.50.0.0/16"); // PTCL
        p.country("CN", 40, "123.112.0.0/12", "116.224.0.0/12", "2408:84f9::/40"); // Unicom, China Telecom
        p.country(
                "JP",
                35,
                "126.15.0.0/16",
                "164.161.0.0/16",
                "240f:64:6400::/40",
                "2400:2410:8000::/40"); // SoftBank, KDDI
        p.country(
                "KR", 15, "125.178.0.0/16", "147.47.0.0/16", "164.125.0.0/16", "2001:e60:d100::/40"); // LG U+, SNU, KT
        p.country("TW", 6, "36.224.0.0/12", "210.69.0.0/16", "140.116.0.0/16"); // HiNet, NCKU
        p.country("HK", 4, "42.98.0.0/16", "61.239.0.0/16", "143.89.0.0/16"); // HKT, HKBN, HKUST
        p.country("SG", 4, "116.86.0.0/15"); // StarHub
        p.country("MY", 4, "175.136.0.0/13"); // TM Net
        p.country("TH", 4, "124.120.0.0/16", "184.22.0.0/16"); // True, AIS
        p.country("VN", 4, "14.177.0.0/16", "2402:800:4100::/40"); // VNPT, Viettel
        p.country("ID", 6, "180.254.0.0/16", "139.192.0.0/16"); // Telkom, Linknet
        p.country("PH", 4, "112.205.0.0/16", "130.105.0.0/16"); // PLDT, Sky
        p.country(
                "AU",
                15,
                "58.160.0.0/12",
                "128.250.0.0/16",
                "138.25.0.0/16",
                "2001:8000:1100::/40"); // Telstra, U. Melb.
        p.country("NZ", 3, "130.195.0.0/16", "49.224.0.0/16", "156.62.0.0/16"); // VUW, Vodafone, AUT
        p.country("IE", 4, "86.40.0.0/13", "2a02:8084:6100::/40"); // Eir, Virgin Media
        p.country("PT", 4, "85.240.0.0/13", "2001:8a0:6e00::/40"); // MEO
        p.country("GR", 4, "94.64.0.0/13", "2a02:582:7c00::/40"); // OTE
        p.country("HU", 4, "84.0.0.0/14", "2001:4c4e:2d00::/40"); // Magyar Telekom
        p.country("RO", 4, "86.120.0.0/13", "2a02:2f0e:d000::/40"); // RCS & RDS
        // Crawlers, in the order of UserAgentPool.BotNetwork: Google's, Bing's, a cloud range for every other bot.
        p.botNetworks.add(parse("US", "66.249.64.0/19"));
        p.botNetworks.add(parse("US", "40.77.167.0/24"));
        p.botNetworks.add(parse("US", "3.80.0.0/12"));
        for (String cidr : List.of(
                "10.0.0.0/8",
                "172.16.0.0/12",
                "192.168.0.0/16",
                "100.64.0.0/10",
                "169.254.0.0/16",
                "192.0.2.0/24",
                "198.51.100.0/24",
                "203.0.113.0/24",
                "198.18.0.0/15",
                "fc00::/7",
                "fe80::/10",
                "2001:db8::/32")) {
            p.reserved.add(parse("--", cidr));
        }
        p.seal();
        return p;
    }
}
