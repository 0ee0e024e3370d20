package io.clickstream.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LakeTableTest {

    @Test
    void placesTheTableUnderAnyRoot() {
        assertThat(LakeTable.SILVER_EVENTS.under("s3a://lake")).isEqualTo("s3a://lake/silver/enriched_events");
        assertThat(LakeTable.SILVER_EVENTS.under("s3a://lake/")).isEqualTo("s3a://lake/silver/enriched_events");
        assertThat(LakeTable.DEAD_LETTERS.under("/data")).isEqualTo("/data/bronze/dead_letters");
    }

    @Test
    void pathsAndNamesAreDistinctAndRelative() {
        assertThat(Arrays.stream(LakeTable.values()).map(LakeTable::path))
                .doesNotHaveDuplicates()
                .allSatisfy(p -> assertThat(p).doesNotStartWith("/").doesNotEndWith("/"));
        assertThat(Arrays.stream(LakeTable.values()).map(LakeTable::tableName))
                .doesNotHaveDuplicates()
                .allSatisfy(n -> assertThat(n).matches("[a-z][a-z0-9_]*"));
    }
}
