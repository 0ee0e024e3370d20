package io.clickstream.simulator;

import io.clickstream.simulator.event.ClickEvent;
import io.clickstream.simulator.event.ClickEventJson;
import io.clickstream.simulator.model.EventClock;
import io.clickstream.simulator.model.ModelSettings;
import io.clickstream.simulator.model.RateLimiter;
import io.clickstream.simulator.model.TrafficModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces one task's share of the clickstream.
 *
 * <p>Offsets: the source partition is {@code {"task": index, "task.count": count, "seed": seed}} (one stream per
 * task of a given layout and seed) and the offset is {@code {"seq": records produced}}. On start the task reads its
 * offset and replays the deterministic model up to it without rendering, so the next record is exactly the one after
 * the last committed record.
 *
 * <p>{@code poll()} returns within about {@value #MAX_POLL_WAIT_MS} ms: it waits for the rate limiter at most that
 * long (on a latch that {@code stop()} releases) and returns {@code null} when nothing is due.
 */
public class ClickstreamSourceTask extends SourceTask {
    private static final Logger log = LoggerFactory.getLogger(ClickstreamSourceTask.class);

    static final String PARTITION_TASK = "task";
    static final String PARTITION_TASK_COUNT = "task.count";
    static final String PARTITION_SEED = "seed";
    static final String OFFSET_SEQ = "seq";
    static final long MAX_POLL_WAIT_MS = 100;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private ClickstreamSourceConfig config;
    private TaskAssignment assignment;
    private TrafficModel model;
    private RateLimiter limiter;
    private Map<String, Object> sourcePartition;
    private String topic;
    private int batchMax;
    private boolean eventTimestamps;

    private long startedNanos;
    private long startPosition;
    private long lastReportNanos;
    private long lastReportPosition;
    private boolean finishedLogged;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new ClickstreamSourceConfig(props);
        assignment = TaskAssignment.fromProps(config, props);
        topic = config.topic();
        batchMax = config.batchMaxRecords();
        eventTimestamps = config.recordTimestampIsEventTime();
        sourcePartition = sourcePartition(assignment.index(), assignment.count(), config.seed());
        model = new TrafficModel(
                modelSettings(config, assignment),
                config.simulatedClock() ? EventClock.simulated(config.clockStart()) : EventClock.wall());

        long resumeAt = committedPosition();
        if (resumeAt > 0) {
            long t0 = System.nanoTime();
            model.skip(resumeAt);
            log.info(
                    "Task {}/{} resumed at seq={} (replayed the model in {} ms)",
                    assignment.index(),
                    assignment.count(),
                    resumeAt,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        }
        limiter = new RateLimiter(assignment.eventsPerSecond());
        startedNanos = System.nanoTime();
        lastReportNanos = startedNanos;
        startPosition = model.position();
        lastReportPosition = startPosition;
        log.info(
                "Task {}/{} started: topic={} events.per.second={} max.events={} users.concurrent={} "
                        + "users={}..{} clock={} seed={} session.mean.page.views={} think.time.mean.ms={} "
                        + "bounce.probability={} conversion.rate={} bot.share={} late.event.share={} "
                        + "duplicate.share={} malformed.share={} ip.unknown.share={} ipv6.share={} "
                        + "batch.max.records={} record.timestamp={}",
                assignment.index(),
                assignment.count(),
                topic,
                limiter.unlimited() ? "unlimited" : assignment.eventsPerSecond(),
                assignment.maxEvents() == TaskAssignment.UNLIMITED ? "unlimited" : assignment.maxEvents(),
                assignment.concurrentUsers(),
                assignment.firstUser(),
                assignment.firstUser() + assignment.userCount() - 1,
                config.simulatedClock() ? "simulated from " + config.clockStart() : "wall",
                config.seed(),
                config.sessionMeanPageViews(),
                config.thinkTimeMeanMs(),
                config.bounceProbability(),
                config.conversionRate(),
                config.botShare(),
                config.lateEventShare(),
                config.duplicateShare(),
                config.malformedShare(),
                config.ipUnknownShare(),
                config.ipv6Share(),
                batchMax,
                eventTimestamps ? "event time" : "producer time");
    }

    /** The model settings of one task; public for the tests of stages downstream (e.g. the Silver transforms). */
    public static ModelSettings modelSettings(ClickstreamSourceConfig config, TaskAssignment assignment) {
        return new ModelSettings(
                config.seed(),
                ModelSettings.streamSeed(config.seed(), assignment.index(), assignment.count()),
                assignment.concurrentUsers(),
                assignment.firstUser(),
                assignment.userCount(),
                config.sessionMeanPageViews(),
                config.sessionInactivityTimeoutMs(),
                config.thinkTimeMeanMs(),
                config.bounceProbability(),
                config.conversionRate(),
                config.botShare(),
                config.lateEventShare(),
                config.lateEventMaxDelayMs(),
                config.duplicateShare(),
                config.malformedShare(),
                config.ipUnknownShare(),
                config.ipv6Share(),
                config.catalogProducts());
    }

    /**
     * The partition in a fixed key order: the worker stores offsets under the partition's JSON text, and
     * {@code Map.of} iterates in an order that changes from one JVM to the next, so a restarted worker would not
     * find the offsets its predecessor committed.
     */
    static Map<String, Object> sourcePartition(int index, int count, long seed) {
        Map<String, Object> partition = new LinkedHashMap<>();
        partition.put(PARTITION_TASK, index);
        partition.put(PARTITION_TASK_COUNT, count);
        partition.put(PARTITION_SEED, seed);
        return Collections.unmodifiableMap(partition);
    }

    private long committedPosition() {
        if (context == null || context.offsetStorageReader() == null) {
            return 0;
        }
        Map<String, Object> offset = context.offsetStorageReader().offset(sourcePartition);
        if (offset == null || !(offset.get(OFFSET_SEQ) instanceof Number seq)) {
            return 0;
        }
        return seq.longValue();
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (stopped.getCount() == 0) {
            return null;
        }
        int wanted = batchMax;
        if (assignment.maxEvents() != TaskAssignment.UNLIMITED) {
            long left = assignment.maxEvents() - model.position();
            if (left <= 0) {
                if (!finishedLogged) {
                    finishedLogged = true;
                    log.info(
                            "Task {}/{} produced its {} records; idle from now on",
                            assignment.index(),
                            assignment.count(),
                            assignment.maxEvents());
                }
                // Nothing more to produce: wait a little so the worker does not spin on us.
                stopped.await(MAX_POLL_WAIT_MS, TimeUnit.MILLISECONDS);
                return null;
            }
            wanted = (int) Math.min(wanted, left);
        }
        // Wait (at most MAX_POLL_WAIT_MS) for a full batch rather than returning a few records at a time: at low
        // rates a poll then carries ~0.1 s of events, which keeps exactly-once transactions few and large.
        long waitNanos = Math.min(limiter.nanosUntil(wanted), TimeUnit.MILLISECONDS.toNanos(MAX_POLL_WAIT_MS));
        if (waitNanos > 0 && stopped.await(waitNanos, TimeUnit.NANOSECONDS)) {
            return null;
        }
        int granted = limiter.acquireUpTo(wanted);
        if (granted == 0) {
            return null;
        }
        List<SourceRecord> records = new ArrayList<>(granted);
        for (int i = 0; i < granted; i++) {
            records.add(toRecord(model.next(), model.position()));
        }
        reportProgress();
        return records;
    }

    /**
     * The Kafka timestamp is the event time on the wall clock. On the simulated clock it is left to the producer
     * (send time): simulated event times lie anywhere, often months back, and brokers apply time-based retention to
     * record timestamps — a topic would delete such records at its next retention check. The event time is in the
     * value either way.
     */
    private SourceRecord toRecord(ClickEvent event, long seqAfter) {
        return new SourceRecord(
                sourcePartition,
                Map.of(OFFSET_SEQ, seqAfter),
                topic,
                null,
                Schema.STRING_SCHEMA,
                event.sessionId(),
                Schema.STRING_SCHEMA,
                ClickEventJson.toJson(event),
                // null: the producer stamps the record (see record.timestamp; simulated time vs. retention).
                eventTimestamps ? event.timestampMillis() : null);
    }

    private void reportProgress() {
        long now = System.nanoTime();
        long sinceReport = now - lastReportNanos;
        if (sinceReport < TimeUnit.MILLISECONDS.toNanos(config.progressLogIntervalMs())) {
            return;
        }
        long position = model.position();
        double recent = (position - lastReportPosition) / (sinceReport / 1e9);
        double overall = (position - startPosition) / ((now - startedNanos) / 1e9);
        log.info(
                "Task {}/{}: {} records (seq), {} sessions started, {}/s over the last {} s, {}/s since start",
                assignment.index(),
                assignment.count(),
                position,
                model.sessionsStarted(),
                String.format("%.1f", recent),
                TimeUnit.NANOSECONDS.toSeconds(sinceReport),
                String.format("%.1f", overall));
        lastReportNanos = now;
        lastReportPosition = position;
    }

    @Override
    public void stop() {
        stopped.countDown();
        if (model != null) {
            log.info("Task {}/{} stopping at seq={}", assignment.index(), assignment.count(), model.position());
        }
    }
}
