package io.clickstream.connect.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IpLiteralTest {
    @Test
    void theClientsAddressIsTheFirstOfAListWithoutPortOrBrackets() {
        assertThat(IpLiteral.clientAddress("203.0.113.7, 10.0.0.1"))
                .as("a list")
                .isEqualTo("203.0.113.7");
        assertThat(IpLiteral.clientAddress("1.2.3.4:5678")).as("a port").isEqualTo("1.2.3.4");
        assertThat(IpLiteral.clientAddress("[2001:db8::1]")).as("brackets").isEqualTo("2001:db8::1");
        assertThat(IpLiteral.clientAddress("[2001:db8::1]:443,1.2.3.4"))
                .as("all three")
                .isEqualTo("2001:db8::1");
        assertThat(IpLiteral.clientAddress("2001:db8::1")).as("bare IPv6").isEqualTo("2001:db8::1");
        assertThat(IpLiteral.clientAddress("1.2.3.4:0")).as("port 0").isEqualTo("1.2.3.4");
        for (String bad : new String[] {
            "",
            ",1.2.3.4",
            "1.2.3.4:65536",
            "1.2.3.4:",
            "1.2.3.4:x",
            "[1.2.3.4]",
            "[2001:db8::1",
            "[2001:db8::1]443",
            "2001:db8::1]",
            "[]",
            "1.2.3.4:80:80",
            "a.b.c.d",
            "fe80::1%eth0"
        }) {
            assertThat(IpLiteral.clientAddress(bad)).as("'%s'", bad).isNull();
        }
    }

    @Test
    void aListOfAnyLengthCostsNoMoreThanItsFirstEntry() {
        String longList = "91.177.75.8" + ", 10.0.0.1".repeat(1_000_000);
        String longEntry = "1".repeat(10_000_000);
        // Reading past the first entry would cost ~10 MB of characters a call, 20 GB for the loop.
        assertTimeout(Duration.ofSeconds(10), () -> {
            for (int i = 0; i < 2_000; i++) {
                assertThat(IpLiteral.clientAddress(longList)).isEqualTo("91.177.75.8");
                assertThat(IpLiteral.clientAddress(longEntry)).isNull();
            }
        });
    }
}
