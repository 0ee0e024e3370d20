package io.clickstream.connect.hudi;

import io.clickstream.connect.hudi.config.HudiSinkConfig;
import io.clickstream.connect.hudi.config.ObjectStoreSettings;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checks at connector validation that an {@code s3a://} table path can be reached with the connector's settings, so
 * that an unknown bucket, refused credentials or an endpoint that does not answer fail the config (naming the key to
 * fix) instead of the first commit. One listing of the bucket, with retries and timeouts cut to seconds: the
 * tasks keep S3A's patient defaults. Messages never contain a secret value: S3A's own text is reported only after
 * every configured secret is masked in it.
 */
public final class ObjectStoreProbe {

    /** S3A settings of the probe only: one attempt, short timeouts (S3A's defaults retry for minutes). */
    static final Map<String, String> FAST_FAILURE = Map.of(
            "fs.s3a.attempts.maximum", "1",
            "fs.s3a.retry.limit", "1",
            "fs.s3a.retry.interval", "100ms",
            "fs.s3a.retry.throttle.limit", "1",
            "fs.s3a.connection.establish.timeout", "3000",
            "fs.s3a.connection.timeout", "5000",
            "fs.s3a.bucket.probe", "0");

    private ObjectStoreProbe() {}

    /** The problem with an s3a:// table path, keyed by the key to fix; empty when the path is not s3a or reachable. */
    public static Optional<Map.Entry<String, String>> problem(HudiSinkConfig config) {
        URI uri = URI.create(config.tablePath().trim());
        if (!"s3a".equalsIgnoreCase(uri.getScheme())) {
            return Optional.empty();
        }
        Configuration conf = new Configuration();
        config.hadoopProperties().forEach(conf::set);
        FAST_FAILURE.forEach(conf::set);
        try (FileSystem fs = FileSystem.newInstance(uri, conf)) {
            // A listing of the bucket's root: unlike a HEAD, its error body names the cause (NoSuchBucket, ...).
            fs.listStatusIterator(new Path(uri.getScheme() + "://" + uri.getAuthority() + "/"))
                    .hasNext();
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of(classify(config, uri, e));
        }
    }

    private static Map.Entry<String, String> classify(HudiSinkConfig config, URI uri, Exception e) {
        String endpoint = config.hadoopProperties().getOrDefault(ObjectStoreSettings.S3A_ENDPOINT, "the AWS default");
        String detail = masked(config, e.getClass().getSimpleName() + ": " + e.getMessage());
        if (detail.contains("NoSuchBucket") || e.getClass().getSimpleName().equals("UnknownStoreException")) {
            return Map.entry(
                    HudiSinkConfig.TABLE_PATH,
                    "bucket '" + uri.getHost() + "' does not exist at " + ObjectStoreSettings.S3A_ENDPOINT + "="
                            + endpoint);
        }
        if (detail.contains("InvalidAccessKeyId")) {
            return Map.entry(ObjectStoreSettings.S3A_ACCESS_KEY, "the store does not know this access key (HTTP 403)");
        }
        if (detail.contains("SignatureDoesNotMatch")) {
            return Map.entry(
                    ObjectStoreSettings.S3A_SECRET_KEY,
                    "the store rejected the request signature: the secret key does not belong to the access key (HTTP 403)");
        }
        if (e instanceof AccessDeniedException || detail.contains("NoAuthWithAWS")) {
            return Map.entry(
                    ObjectStoreSettings.S3A_ACCESS_KEY,
                    "access to " + uri + " was denied with the credentials "
                            + "found (fs.s3a.* keys, environment, instance profile): " + detail);
        }
        if (unreachable(e)) {
            return Map.entry(
                    ObjectStoreSettings.S3A_ENDPOINT,
                    "no answer from " + endpoint + " within " + FAST_FAILURE.get("fs.s3a.connection.establish.timeout")
                            + " ms: " + detail);
        }
        return Map.entry(HudiSinkConfig.TABLE_PATH, "cannot list " + uri + ": " + detail);
    }

    private static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof SocketTimeoutException
                    || t instanceof UnknownHostException
                    || t instanceof InterruptedIOException
                    || t.getClass().getSimpleName().equals("ConnectTimeoutException")
                    || t.getClass().getSimpleName().equals("HttpHostConnectException")
                    || String.valueOf(t.getMessage()).contains("Unable to execute HTTP request")) {
                return true;
            }
        }
        return false;
    }

    /** The text with every configured secret value replaced, in case a library ever echoes one. */
    static String masked(HudiSinkConfig config, String text) {
        String result = text;
        for (String key : ObjectStoreSettings.SECRET_KEYS) {
            String secret = config.originalStrings().get(key);
            if (secret != null && !secret.isEmpty()) {
                result = result.replace(secret, "[hidden]");
            }
        }
        return result;
    }
}
