-- lambda-arch warehouse schema for PostgreSQL (the local stack and the tests).
-- Every timestamp is TIMESTAMP WITHOUT TIME ZONE holding UTC, so DATE_TRUNC never depends on the session zone.
-- Idempotent: services run it at start-up. serving_view is created by the serving layer (see serving_view.sql).

-- Every valid landed event, once per Kafka coordinate, repeats included (the master data); first_copies says which count.
CREATE TABLE IF NOT EXISTS raw_batch (
    event_id        VARCHAR(19)   NOT NULL,
    created_at      TIMESTAMP     NOT NULL,
    location        VARCHAR(1024) NOT NULL,
    followers_count BIGINT        NOT NULL,
    favorite_count  BIGINT        NOT NULL,
    retweet_count   BIGINT        NOT NULL,
    kafka_partition INTEGER       NOT NULL,
    kafka_offset    BIGINT        NOT NULL,
    ingest_time     TIMESTAMP     NOT NULL,
    lang            VARCHAR(1024),
    PRIMARY KEY (kafka_partition, kafka_offset)
);
CREATE INDEX IF NOT EXISTS raw_batch_event_id ON raw_batch (event_id, ingest_time);

-- The first-copy index: for every event id in raw_batch, the copy that counts (earliest ingest_time, ties to the lower
-- kafka_partition, then kafka_offset), with the columns the view reads. Kept in the landing transaction, after the COPY
-- and before the offsets; batch runs aggregate it with no deduplication, a full recompute all of it below the cutoff,
-- an incremental run only the ingest times between the previous cutoff and the new one (docs/batch-layer.md).
CREATE TABLE IF NOT EXISTS first_copies (
    event_id        VARCHAR(19)   NOT NULL PRIMARY KEY,
    created_at      TIMESTAMP     NOT NULL,
    location        VARCHAR(1024) NOT NULL,
    followers_count BIGINT        NOT NULL,
    favorite_count  BIGINT        NOT NULL,
    retweet_count   BIGINT        NOT NULL,
    kafka_partition INTEGER       NOT NULL,
    kafka_offset    BIGINT        NOT NULL,
    ingest_time     TIMESTAMP     NOT NULL,
    lang            VARCHAR(1024)
);
CREATE INDEX IF NOT EXISTS first_copies_ingest_time ON first_copies (ingest_time);

-- The batch view: all raw_batch rows with ingest_time < the cutoff of the latest recompute.
-- Measures are NUMERIC(38, 0) here and in speed_view: three valid counts of 2^63-1 already pass BIGINT. The schema
-- installer widens the BIGINT measures of a warehouse made by an earlier release in place (MeasureColumnsUpgrade).
CREATE TABLE IF NOT EXISTS batch_view (
    event_hour    TIMESTAMP     NOT NULL,
    location      VARCHAR(1024) NOT NULL,
    tweet_count   NUMERIC(38, 0) NOT NULL,
    followers_sum NUMERIC(38, 0) NOT NULL,
    favorites_sum NUMERIC(38, 0) NOT NULL,
    retweets_sum  NUMERIC(38, 0) NOT NULL,
    PRIMARY KEY (event_hour, location)
);

-- The day grain of batch_view: its rows summed by UTC day (event_day = DATE_TRUNC('day', event_hour)). The batch layer
-- derives the days whose hour rows changed in the same transaction as batch_view (ViewRollups), so the two never
-- disagree; the serving layer reads it for the whole days of a range.
CREATE TABLE IF NOT EXISTS batch_view_day (
    event_day     TIMESTAMP     NOT NULL,
    location      VARCHAR(1024) NOT NULL,
    tweet_count   NUMERIC(38, 0) NOT NULL,
    followers_sum NUMERIC(38, 0) NOT NULL,
    favorites_sum NUMERIC(38, 0) NOT NULL,
    retweets_sum  NUMERIC(38, 0) NOT NULL,
    PRIMARY KEY (event_day, location)
);

-- The speed view: recent events by ingest bucket; never merges two buckets.
CREATE TABLE IF NOT EXISTS speed_view (
    ingest_bucket TIMESTAMP     NOT NULL,
    event_hour    TIMESTAMP     NOT NULL,
    location      VARCHAR(1024) NOT NULL,
    tweet_count   NUMERIC(38, 0) NOT NULL,
    followers_sum NUMERIC(38, 0) NOT NULL,
    favorites_sum NUMERIC(38, 0) NOT NULL,
    retweets_sum  NUMERIC(38, 0) NOT NULL,
    PRIMARY KEY (ingest_bucket, event_hour, location)
);

-- Next offset to land per partition, advanced in the same transaction as the COPY of the data.
-- topic_id is the Kafka topic id the offsets belong to: a topic deleted and created again restarts its offsets,
-- and the batch layer refuses to land it over the old archive keys.
CREATE TABLE IF NOT EXISTS landing_offsets (
    topic           VARCHAR(249) NOT NULL,
    kafka_partition INTEGER      NOT NULL,
    next_offset     BIGINT       NOT NULL,
    updated_at      TIMESTAMP    NOT NULL,
    topic_id        VARCHAR(32),
    PRIMARY KEY (topic, kafka_partition)
);

-- One row per committed landing run. landed_through: every record ingested before it is in raw_batch.
CREATE TABLE IF NOT EXISTS landing_runs (
    run_id          VARCHAR(64) NOT NULL PRIMARY KEY,
    topic           VARCHAR(249) NOT NULL,
    started_at      TIMESTAMP   NOT NULL,
    finished_at     TIMESTAMP   NOT NULL,
    landed_through  TIMESTAMP   NOT NULL,
    valid_records   BIGINT      NOT NULL,
    invalid_records BIGINT      NOT NULL,
    files           INTEGER     NOT NULL,
    bytes           BIGINT      NOT NULL
);

-- One row per successful recompute, committed with the new batch_view. The latest row's cutoff is the boundary.
-- status is 'succeeded' for such a run; serving_view reads only succeeded rows (the latest by finished_at).
-- mode is 'full' or 'incremental'; NULL in rows of releases before incremental runs, which were all full.
-- Which definition (by fingerprint) each declared view's batch tables hold, written by the batch run that builds them;
-- a view whose fingerprint differs from the views file's is rebuilt (docs/batch-layer.md#changing-the-views).
CREATE TABLE IF NOT EXISTS view_definitions (
    name        VARCHAR(64) NOT NULL PRIMARY KEY,
    fingerprint VARCHAR(64) NOT NULL,
    state       VARCHAR(16) NOT NULL,
    since       TIMESTAMP   NOT NULL
);

CREATE TABLE IF NOT EXISTS batch_runs (
    run_id                VARCHAR(64) NOT NULL PRIMARY KEY,
    started_at            TIMESTAMP   NOT NULL,
    finished_at           TIMESTAMP   NOT NULL,
    cutoff                TIMESTAMP   NOT NULL,
    ingest_bucket_seconds BIGINT      NOT NULL,
    rows_in               BIGINT      NOT NULL,
    rows_out              BIGINT      NOT NULL,
    duration_ms           BIGINT      NOT NULL,
    status                VARCHAR(16) NOT NULL,
    mode                  VARCHAR(16)
);

-- One row per applied speed-layer micro-batch; a replayed batch_id is skipped. query_id is Spark's id of the
-- checkpoint: a new one means the checkpoint was replaced, and the job rebuilds speed_view only when started with
-- --replace-checkpoint (else it fails). The serving layer reports freshness
-- from the latest row: max_ingest_time (lag in seconds), retained_from (speed_view holds every ingest bucket from there
-- on, for the gap check) and next_offsets (JSON {"<partition>": <next offset to read>, ...} after this batch, for the lag
-- in records). ingest_watermark = max_ingest_time - the speed layer's watermark delay.
CREATE TABLE IF NOT EXISTS speed_commits (
    query_name            VARCHAR(128) NOT NULL,
    query_id              VARCHAR(36)  NOT NULL,
    batch_id              BIGINT       NOT NULL,
    committed_at          TIMESTAMP    NOT NULL,
    ingest_watermark      TIMESTAMP,
    max_ingest_time       TIMESTAMP,
    retained_from         TIMESTAMP,
    ingest_bucket_seconds BIGINT       NOT NULL,
    input_rows            BIGINT       NOT NULL,
    invalid_rows          BIGINT       NOT NULL,
    rows_upserted         BIGINT       NOT NULL,
    next_offsets          VARCHAR(4096),
    PRIMARY KEY (query_name, batch_id)
);

-- The one writer of speed_view: the checkpoint whose micro-batches it holds, the running driver that holds the lease
-- (NULL once released by a clean stop) and the fencing epoch. A take-over bumps the epoch; every micro-batch
-- transaction updates heartbeat_at only where the epoch is still its own, so a fenced driver cannot commit.
CREATE TABLE IF NOT EXISTS speed_lease (
    query_name   VARCHAR(128)  NOT NULL PRIMARY KEY,
    checkpoint   VARCHAR(1024) NOT NULL,
    epoch        BIGINT        NOT NULL,
    holder       VARCHAR(256),
    acquired_at  TIMESTAMP     NOT NULL,
    heartbeat_at TIMESTAMP     NOT NULL
);

-- Micro-batches that read records at or behind the watermark (Spark drops them): speed_view may be short in the ingest
-- buckets first_bucket..last_bucket until a batch cutoff passes last_bucket. Committed with the batch's speed_commits row.
CREATE TABLE IF NOT EXISTS speed_late_rows (
    query_name   VARCHAR(128) NOT NULL,
    batch_id     BIGINT       NOT NULL,
    first_bucket TIMESTAMP    NOT NULL,
    last_bucket  TIMESTAMP    NOT NULL,
    detected_at  TIMESTAMP    NOT NULL,
    PRIMARY KEY (query_name, batch_id)
);

-- The changed groups of a micro-batch as the speed job's executors write them, per Spark partition (a retried task
-- deletes its partition's rows first); the driver applies one batch into speed_view in the transaction that records it
-- in speed_commits, and deletes its rows there. epoch is the writer's lease epoch, so a fenced driver's rows are never applied.
CREATE TABLE IF NOT EXISTS speed_view_incoming (
    epoch           BIGINT        NOT NULL,
    batch_id        BIGINT        NOT NULL,
    spark_partition INTEGER       NOT NULL,
    ingest_bucket   TIMESTAMP     NOT NULL,
    event_hour      TIMESTAMP     NOT NULL,
    location        VARCHAR(1024) NOT NULL,
    tweet_count     NUMERIC(38, 0) NOT NULL,
    followers_sum   NUMERIC(38, 0) NOT NULL,
    favorites_sum   NUMERIC(38, 0) NOT NULL,
    retweets_sum    NUMERIC(38, 0) NOT NULL,
    PRIMARY KEY (epoch, batch_id, ingest_bucket, event_hour, location)
);
