package io.lambdaarch.batch.archive;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The S3 layout of docs/design.md#the-s3-archive. Data keys are a pure function of what the file holds, so a retried run
 * that lands the same range writes the same key and replaces the object instead of adding a second copy.
 *
 * <pre>
 * raw/tweets/ingest_date=YYYY-MM-DD/part-&lt;partition&gt;-&lt;firstOffset&gt;-&lt;lastOffset&gt;.jsonl.gz
 * quarantine/tweets/ingest_date=YYYY-MM-DD/part-&lt;partition&gt;-&lt;firstOffset&gt;-&lt;lastOffset&gt;.jsonl.gz
 * manifests/&lt;run-id&gt;.manifest
 * manifests/raw_batch.jsonpaths
 * </pre>
 */
public final class ArchiveKeys {
    /** The dataset name in every data key. */
    public static final String DATASET = "tweets";
    /** Where run manifests live. */
    public static final String MANIFEST_PREFIX = "manifests/";
    /** The JSONPaths file Redshift's COPY maps archive lines to raw_batch columns with. */
    public static final String RAW_BATCH_JSONPATHS = MANIFEST_PREFIX + "raw_batch.jsonpaths";

    private static final Pattern DATA_KEY = Pattern.compile(
            "(raw|quarantine)/" + DATASET + "/ingest_date=(\\d{4}-\\d{2}-\\d{2})/part-(\\d+)-(\\d+)-(\\d+)\\.jsonl\\.gz");

    private ArchiveKeys() {
    }

    /** The prefix under which every file of {@code kind} lives. */
    public static String prefix(ArchiveKind kind) {
        return kind.prefix() + "/" + DATASET + "/";
    }

    /** The key of a data file whose first record was ingested at {@code firstIngestTime}. */
    public static String dataKey(ArchiveKind kind, Instant firstIngestTime, int partition, long firstOffset, long lastOffset) {
        return prefix(kind) + "ingest_date=" + ingestDate(firstIngestTime) + "/part-" + partition + "-" + firstOffset
                + "-" + lastOffset + ".jsonl.gz";
    }

    /** The UTC date of an ingest time: files never span two dates. */
    public static LocalDate ingestDate(Instant ingestTime) {
        return LocalDate.ofInstant(ingestTime, ZoneOffset.UTC);
    }

    /** The manifest of one run. */
    public static String manifestKey(String runId) {
        return MANIFEST_PREFIX + runId + ".manifest";
    }

    /** What a data key says about its file, or empty when the key is not a data key of this layout. */
    public static Optional<DataKey> parse(String key) {
        Matcher matcher = DATA_KEY.matcher(key);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            ArchiveKind kind = matcher.group(1).equals(ArchiveKind.RAW.prefix()) ? ArchiveKind.RAW : ArchiveKind.QUARANTINE;
            return Optional.of(new DataKey(key, kind, LocalDate.parse(matcher.group(2)), Integer.parseInt(matcher.group(3)),
                    Long.parseLong(matcher.group(4)), Long.parseLong(matcher.group(5))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The parts of a data key. */
    public record DataKey(String key, ArchiveKind kind, LocalDate ingestDate, int partition, long firstOffset, long lastOffset) {
    }
}
