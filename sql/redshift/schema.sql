-- lambda-arch warehouse schema for Amazon Redshift (provisioned or Serverless).
-- Every timestamp is TIMESTAMP (without time zone) holding UTC. Primary keys are informational in Redshift:
-- the code keeps them true. VARCHAR lengths are bytes here: 256 code points of UTF-8 need up to 1024.
-- Idempotent: services run it at start-up. serving_view is created by the serving layer (see serving_view.sql).

-- Distributed by event_id so the recompute's per-id deduplication stays on one slice;
-- sorted by ingest_time because every recompute filters on ingest_time < cutoff.
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
)
DISTKEY (event_id)
SORTKEY (ingest_time);

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
)
DISTKEY (event_id)
SORTKEY (ingest_time);

-- Measures are DECIMAL(38, 0) here and in speed_view (Redshift's SUM of a BIGINT is a BIGINT and overflows at 2^63); the
-- schema installer rebuilds a BIGINT table of an earlier release in place (MeasureColumnsUpgrade).
-- Small and read by time range: replicated to every node, sorted by event_hour for range scans.
-- A batch run changes it in place inside one transaction (an incremental run MERGEs its delta, a full one DELETEs and
-- INSERTs), never by renaming a new table in under live readers. serving_view stays late-binding (WITH NO SCHEMA BINDING)
-- for the schema upgrade, which rebuilds narrow tables and swaps them in.
CREATE TABLE IF NOT EXISTS batch_view (
    event_hour    TIMESTAMP     NOT NULL,
    location      VARCHAR(1024) NOT NULL,
    tweet_count   DECIMAL(38, 0) NOT NULL,
    followers_sum DECIMAL(38, 0) NOT NULL,
    favorites_sum DECIMAL(38, 0) NOT NULL,
    retweets_sum  DECIMAL(38, 0) NOT NULL,
    PRIMARY KEY (event_hour, location)
)
DISTSTYLE ALL
SORTKEY (event_hour);

-- The day grain of batch_view (see sql/postgres/schema.sql), kept by the batch layer in the same transaction as
-- batch_view; laid out as batch_view is. A full recompute rebuilds it beside and swaps it in like batch_view.
CREATE TABLE IF NOT EXISTS batch_view_day (
    event_day     TIMESTAMP     NOT NULL,
    location      VARCHAR(1024) NOT NULL,
    tweet_count   DECIMAL(38, 0) NOT NULL,
    followers_sum DECIMAL(38, 0) NOT NULL,
    favorites_sum DECIMAL(38, 0) NOT NULL,
    retweets_sum  DECIMAL(38, 0) NOT NULL,
    PRIMARY KEY (event_day, location)
)
DISTSTYLE ALL
SORTKEY (event_day);

-- Sorted by ingest_bucket: the serving merge filters on ingest_bucket >= cutoff and retention deletes old buckets.
CREATE TABLE IF NOT EXISTS speed_view (
    ingest_bucket TIMESTAMP     NOT NULL,
    event_hour    TIMESTAMP     NOT NULL,
    location      VARCHAR(1024) NOT NULL,
    tweet_count   DECIMAL(38, 0) NOT NULL,
    followers_sum DECIMAL(38, 0) NOT NULL,
    favorites_sum DECIMAL(38, 0) NOT NULL,
    retweets_sum  DECIMAL(38, 0) NOT NULL,
    PRIMARY KEY (ingest_bucket, event_hour, location)
)
DISTSTYLE ALL
COMPOUND SORTKEY (ingest_bucket, event_hour);

-- topic_id: the Kafka topic id the offsets belong to (see sql/postgres/schema.sql).
CREATE TABLE IF NOT EXISTS landing_offsets (
    topic           VARCHAR(249) NOT NULL,
    kafka_partition INTEGER      NOT NULL,
    next_offset     BIGINT       NOT NULL,
    updated_at      TIMESTAMP    NOT NULL,
    topic_id        VARCHAR(32),
    PRIMARY KEY (topic, kafka_partition)
)
DISTSTYLE ALL;

CREATE TABLE IF NOT EXISTS landing_runs (
    run_id          VARCHAR(64)  NOT NULL PRIMARY KEY,
    topic           VARCHAR(249) NOT NULL,
    started_at      TIMESTAMP    NOT NULL,
    finished_at     TIMESTAMP    NOT NULL,
    landed_through  TIMESTAMP    NOT NULL,
    valid_records   BIGINT       NOT NULL,
    invalid_records BIGINT       NOT NULL,
    files           INTEGER      NOT NULL,
    bytes           BIGINT       NOT NULL
)
DISTSTYLE ALL;

-- status is 'succeeded' for a committed recompute; serving_view reads only succeeded rows (the latest by finished_at).
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
)
DISTSTYLE ALL;

-- next_offsets: JSON {"<partition>": <next offset to read>, ...} after this batch (the serving layer's lag in records).
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
)
DISTSTYLE ALL;

-- Redshift has no advisory locks: the batch job holds a row here (LOCK TABLE inside its transaction).
CREATE TABLE IF NOT EXISTS batch_lock (
    lock_name   VARCHAR(64)  NOT NULL PRIMARY KEY,
    holder      VARCHAR(256),
    acquired_at TIMESTAMP
)
DISTSTYLE ALL;

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
)
DISTSTYLE ALL;

-- Micro-batches that read records at or behind the watermark (Spark drops them): speed_view may be short in the ingest
-- buckets first_bucket..last_bucket until a batch cutoff passes last_bucket. Committed with the batch's speed_commits row.
CREATE TABLE IF NOT EXISTS speed_late_rows (
    query_name   VARCHAR(128) NOT NULL,
    batch_id     BIGINT       NOT NULL,
    first_bucket TIMESTAMP    NOT NULL,
    last_bucket  TIMESTAMP    NOT NULL,
    detected_at  TIMESTAMP    NOT NULL,
    PRIMARY KEY (query_name, batch_id)
)
DISTSTYLE ALL;

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
    tweet_count     DECIMAL(38, 0) NOT NULL,
    followers_sum   DECIMAL(38, 0) NOT NULL,
    favorites_sum   DECIMAL(38, 0) NOT NULL,
    retweets_sum    DECIMAL(38, 0) NOT NULL,
    PRIMARY KEY (epoch, batch_id, ingest_bucket, event_hour, location)
)
DISTSTYLE EVEN
COMPOUND SORTKEY (epoch, batch_id);
