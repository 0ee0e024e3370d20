package io.clickstream.connect.hudi.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.connect.hudi.HudiSinkConnector;
import io.clickstream.connect.hudi.TestConfigs;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

class ObjectStoreSettingsTest {

    private static final String ZOOKEEPER_LOCK = "org.apache.hudi.client.transaction.lock.ZookeeperBasedLockProvider";

    private static Map<String, String> s3aBronze() {
        Map<String, String> props = TestConfigs.bronze(Path.of("/tmp/unused"));
        props.put(HudiSinkConfig.TABLE_PATH, "s3a://lake/bronze/clickstream");
        return props;
    }

    private static Map<String, List<String>> crossFieldErrors(Map<String, String> props) {
        return HudiSinkConfig.crossFieldProblems(
                        new org.apache.kafka.common.config.AbstractConfig(HudiSinkConfig.CONFIG_DEF, props, false))
                .entrySet()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
    }

    @Test
    void anS3aTableWithTheDefaultFileLockIsRefusedOnTheLockProviderKey() {
        Map<String, List<String>> errors = crossFieldErrors(s3aBronze());
        assertThat(errors.get(ObjectStoreSettings.LOCK_PROVIDER))
                .as("reason on hoodie.write.lock.provider")
                .singleElement()
                .asString()
                .contains("check-then-put")
                .contains(ObjectStoreSettings.SINGLE_WRITER);
    }

    @Test
    void hudisFileSystemLockIsRefusedOnObjectStoresToo() {
        Map<String, String> props = s3aBronze();
        props.put(
                ObjectStoreSettings.LOCK_PROVIDER,
                "org.apache.hudi.client.transaction.lock.FileSystemBasedLockProvider");
        assertThat(crossFieldErrors(props)).as("errors").containsKey(ObjectStoreSettings.LOCK_PROVIDER);
    }

    @Test
    void anAtomicLockOrTheSingleWriterOptInMakesAnS3aTableValid() {
        Map<String, String> zookeeper = s3aBronze();
        zookeeper.put(ObjectStoreSettings.LOCK_PROVIDER, ZOOKEEPER_LOCK);
        Map<String, String> singleWriter = s3aBronze();
        singleWriter.put(ObjectStoreSettings.SINGLE_WRITER, "true");
        assertThat(crossFieldErrors(zookeeper)).as("ZooKeeper lock").isEmpty();
        assertThat(crossFieldErrors(singleWriter)).as("single writer opt-in").isEmpty();
    }

    @Test
    void aLocalTableKeepsTheDefaultFileLock() {
        assertThat(crossFieldErrors(TestConfigs.bronze(Path.of("/tmp/t"))))
                .as("errors")
                .isEmpty();
    }

    @Test
    void s3aCredentialsArePasswordsThatStillReachHadoopAsTheyAre() {
        Map<String, String> props = s3aBronze();
        props.put(ObjectStoreSettings.SINGLE_WRITER, "true");
        props.put(ObjectStoreSettings.S3A_ACCESS_KEY, "AKIDEXAMPLE");
        props.put(ObjectStoreSettings.S3A_SECRET_KEY, "wJalrXUtnFEMI-secret");
        HudiSinkConfig config = new HudiSinkConfig(props);
        for (String key : ObjectStoreSettings.SECRET_KEYS) {
            assertThat(HudiSinkConfig.CONFIG_DEF.configKeys().get(key).type)
                    .as(key)
                    .isEqualTo(ConfigDef.Type.PASSWORD);
        }
        assertThat(config.getPassword(ObjectStoreSettings.S3A_SECRET_KEY))
                .as("typed value")
                .hasToString(Password.HIDDEN);
        assertThat(config.hadoopProperties())
                .as("pass-through to Hadoop")
                .containsEntry(ObjectStoreSettings.S3A_SECRET_KEY, "wJalrXUtnFEMI-secret")
                .containsEntry(ObjectStoreSettings.S3A_ACCESS_KEY, "AKIDEXAMPLE");
    }

    @Test
    void validationReportsSecretsAsPasswordsWhichConnectMasks() {
        Map<String, String> props = TestConfigs.bronze(Path.of("/tmp/t"));
        props.put(ObjectStoreSettings.S3A_SECRET_KEY, "wJalrXUtnFEMI-secret");
        ConfigValue secret = new HudiSinkConnector()
                .validate(props).configValues().stream()
                        .filter(v -> v.name().equals(ObjectStoreSettings.S3A_SECRET_KEY))
                        .findFirst()
                        .orElseThrow();
        assertThat(secret.value())
                .as("validated value")
                .isInstanceOf(Password.class)
                .hasToString(Password.HIDDEN);
    }
}
