package io.clickstream.gold;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The command line that runs the Gold job in its own JVM through Spark's {@code SparkSubmit} entry point (what the
 * {@code spark-submit} script runs), in local mode: used by the local stack and the tests. JDK-only, so a launcher
 * with another Scala on its classpath can build it.
 */
public final class GoldJobCommand {

    /** Spark 3.5 on JDK 17 needs these packages opened (and direct method handles off). */
    public static final List<String> SPARK_OPENS = List.of(
            "java.lang",
            "java.lang.invoke",
            "java.lang.reflect",
            "java.io",
            "java.net",
            "java.nio",
            "java.util",
            "java.util.concurrent",
            "java.util.concurrent.atomic",
            "sun.nio.ch",
            "sun.nio.cs",
            "sun.security.action",
            "sun.util.calendar");
    /** The job's main class, by name: loading {@code GoldJob} here would need Spark on the launcher's classpath. */
    public static final String MAIN_CLASS = "io.clickstream.gold.GoldJob";

    public static final String DEFAULT_HEAP = "1g";
    public static final String DEFAULT_MASTER = "local[2]";
    /** What the {@code spark-submit} script runs. */
    public static final String SPARK_SUBMIT = "org.apache.spark.deploy.SparkSubmit";

    private GoldJobCommand() {}

    /**
     * {@code java ... SparkSubmit --master MASTER --class GoldJob JOB_JAR JOB_ARGS}, with {@code classpath} holding
     * Spark, the Hudi bundle and the PostgreSQL driver (gold-spark-job's {@code target/classpath.txt}).
     */
    public static List<String> command(
            String classpath, Path jobJar, String master, String heap, List<String> jobArgs) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions(heap));
        command.add("-cp");
        command.add(classpath);
        command.add(SPARK_SUBMIT);
        command.addAll(sparkSubmitArgs(jobJar, master, jobArgs));
        return command;
    }

    /** The JVM options Spark needs on JDK 17, with the heap. */
    public static List<String> jvmOptions(String heap) {
        List<String> options = new ArrayList<>();
        options.add("-Xmx" + heap);
        SPARK_OPENS.forEach(p -> options.add("--add-opens=java.base/" + p + "=ALL-UNNAMED"));
        options.add("-Djdk.reflect.useDirectMethodHandle=false");
        return options;
    }

    /** {@code SparkSubmit}'s arguments: {@code --master MASTER ... --class GoldJob JOB_JAR JOB_ARGS}. */
    public static List<String> sparkSubmitArgs(Path jobJar, String master, List<String> jobArgs) {
        return sparkSubmitArgs(jobJar, master, Map.of(), jobArgs);
    }

    /**
     * As {@link #sparkSubmitArgs(Path, String, List)} with more Spark properties ({@code --conf key=value}, e.g.
     * {@code spark.hadoop.fs.s3a.endpoint}); never a secret: argv is visible to every user of the machine.
     */
    public static List<String> sparkSubmitArgs(
            Path jobJar, String master, Map<String, String> sparkConf, List<String> jobArgs) {
        List<String> args = new ArrayList<>(List.of(
                "--master",
                master,
                "--name",
                "clickstream-gold",
                "--conf",
                "spark.ui.enabled=false",
                "--conf",
                "spark.serializer=org.apache.spark.serializer.KryoSerializer",
                "--conf",
                "spark.sql.warehouse.dir=" + System.getProperty("java.io.tmpdir") + "/clickstream-gold-warehouse"));
        new TreeMap<>(sparkConf).forEach((key, value) -> args.addAll(List.of("--conf", key + "=" + value)));
        args.addAll(List.of("--class", MAIN_CLASS, jobJar.toString()));
        args.addAll(jobArgs);
        return args;
    }
}
