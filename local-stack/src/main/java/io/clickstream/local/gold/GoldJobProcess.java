package io.clickstream.local.gold;

import io.clickstream.gold.GoldJobCommand;
import io.clickstream.local.process.ChildClasspath;
import io.clickstream.local.process.ManagedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Gold job as a {@link ManagedProcess} of the local stack: {@link GoldJobMain} (SparkSubmit in {@code local[2]},
 * {@code -Xmx1g}) on gold-spark-job's {@code target/classpath.txt} plus the launcher's own classes, log
 * {@code <logDir>/gold-job.log}. Stopping it sends SIGTERM (the query stops between batches), then SIGKILL after
 * {@link #STOP_TIMEOUT}.
 */
public final class GoldJobProcess {

    public static final String NAME = "gold-job";
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private GoldJobProcess() {}

    /** The job's process (not started); {@code goldModule} is the built gold-spark-job directory. */
    public static ManagedProcess create(Path goldModule, Path logDir, List<String> jobArgs) {
        return create(goldModule, logDir, jobArgs, Map.of(), Map.of());
    }

    /**
     * As {@link #create(Path, Path, List)}, with Hadoop settings (e.g. {@code fs.s3a.endpoint}) as
     * {@code spark.hadoop.*} properties and variables added to the job's environment (credentials: see
     * {@link SilverSource}).
     */
    public static ManagedProcess create(
            Path goldModule,
            Path logDir,
            List<String> jobArgs,
            Map<String, String> hadoopSettings,
            Map<String, String> environment) {
        Path classpathFile = goldModule.resolve("target/classpath.txt");
        Path jar;
        try (var jars = Files.list(goldModule.resolve("target"))) {
            jar = jars.filter(p -> p.getFileName().toString().matches("gold-spark-job-.*\\.jar"))
                    .findFirst()
                    .orElse(null);
        } catch (IOException e) {
            jar = null;
        }
        if (jar == null || !Files.exists(classpathFile)) {
            throw new IllegalStateException("The Gold job is not built under " + goldModule
                    + ": run ./run.sh --rebuild (mvn -DskipTests -pl local-stack -am install)");
        }
        String classpath;
        try {
            classpath = Files.readString(classpathFile).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the Gold job's classpath " + classpathFile, e);
        }
        ManagedProcess.Builder builder = ManagedProcess.builder(NAME, GoldJobMain.class.getName())
                .classpath(ChildClasspath.launcherClassesAnd(classpath))
                .logDir(logDir)
                .stopTimeout(STOP_TIMEOUT);
        GoldJobCommand.jvmOptions(GoldJobCommand.DEFAULT_HEAP).forEach(builder::jvmOption);
        environment.forEach(builder::environment);
        Map<String, String> sparkConf = new HashMap<>();
        hadoopSettings.forEach((key, value) -> sparkConf.put("spark.hadoop." + key, value));
        GoldJobCommand.sparkSubmitArgs(jar.toAbsolutePath(), GoldJobCommand.DEFAULT_MASTER, sparkConf, jobArgs)
                .forEach(builder::arg);
        return builder.build();
    }
}
