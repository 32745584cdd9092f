package io.lambdaarch.serving;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariDataSource;
import io.lambdaarch.common.config.KafkaSettings;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.kafka.KafkaClientFactory;
import io.lambdaarch.common.ledger.BatchRunsReader;
import io.lambdaarch.common.ledger.ViewDefinitions;
import io.lambdaarch.common.view.ViewDefinition;
import io.lambdaarch.serving.api.ClientDisconnects;
import io.lambdaarch.serving.api.ErrorMapper;
import io.lambdaarch.serving.api.HostAllowlist;
import io.lambdaarch.serving.api.JsonMapping;
import io.lambdaarch.serving.api.PipelineApi;
import io.lambdaarch.serving.api.ServingApi;
import io.lambdaarch.serving.api.ServingHttpServer;
import io.lambdaarch.serving.cache.CachingQueries;
import io.lambdaarch.serving.config.ServingConfig;
import io.lambdaarch.serving.freshness.FreshnessReader;
import io.lambdaarch.serving.freshness.FreshnessService;
import io.lambdaarch.serving.freshness.LatestSpeedCommit;
import io.lambdaarch.serving.index.IndexedQueries;
import io.lambdaarch.serving.index.ServingIndexKeeper;
import io.lambdaarch.serving.index.ServingIndexLoader;
import io.lambdaarch.serving.freshness.ViewCompleteness;
import io.lambdaarch.serving.kafka.OffsetsSource;
import io.lambdaarch.serving.kafka.OffsetsState;
import io.lambdaarch.serving.kafka.TopicOffsetsMonitor;
import io.lambdaarch.serving.kafka.TopicTotals;
import io.lambdaarch.serving.metrics.QueryTimings;
import io.lambdaarch.serving.metrics.ServingMetrics;
import io.lambdaarch.serving.sql.QueryAdmission;
import io.lambdaarch.serving.sql.ReadTransactions;
import io.lambdaarch.serving.sql.ServingQueries;
import io.lambdaarch.serving.sql.ServingSchema;
import io.lambdaarch.serving.sql.ServingViewSql;
import io.lambdaarch.serving.sql.ServingViews;
import io.lambdaarch.serving.sql.WarehouseHealth;
import io.lambdaarch.serving.sql.WarehousePool;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running serving layer: every declared view's merged view in place, a read-only connection pool, the Kafka offsets monitor and the
 * HTTP server. {@link #start} wires it; {@link #close} stops every part.
 */
public final class ServingApplication implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServingApplication.class);
    static final String POOL_NAME = "serving";
    static final String MONITOR_POOL_NAME = "serving-monitor";
    static final String HEALTH_POOL_NAME = "serving-health";
    static final String METRICS_POOL_NAME = "serving-metrics";
    static final String INDEX_POOL_NAME = "serving-index";
    /** How far back the dashboard's DLQ rate goes. */
    static final Duration DLQ_HISTORY = Duration.ofHours(1);

    private final List<AutoCloseable> parts;
    private final String host;
    private final int port;

    private ServingApplication(List<AutoCloseable> parts, String host, int port) {
        this.parts = List.copyOf(parts);
        this.host = host;
        this.port = port;
    }

    /**
     * Creates the merged view of every declared view if it is missing, then starts serving on the configured address.
     * A warehouse that cannot be reached is a {@link TerseException} naming it.
     */
    public static ServingApplication start(ServingConfig config, Clock clock) {
        requireNonNull(config, "config is null");
        if (ServingSchema.prepare(config.warehouse(), config.views(), config.warehouseSchema())) {
            LOG.info("Created the missing serving views in {}", config.warehouse().redactedUrl());
        }
        return serve(config, clock);
    }

    /** Starts the pool, the offsets monitor and the server, assuming the merged views are in place. */
    // Visible for testing
    static ServingApplication serve(ServingConfig config, Clock clock) {
        requireNonNull(config, "config is null");
        requireNonNull(clock, "clock is null");
        ServingViews views = ServingViews.of(config.warehouse().warehouse(), config.views(), config.warehouseSchema(),
                config.queryTimeout());
        // The ledger and freshness queries are the same for every view: the default view's SQL names the tables.
        ServingViewSql viewSql = new ServingViewSql(config.warehouse().warehouse(), config.views().defaultView(),
                config.warehouseSchema());
        List<AutoCloseable> parts = new ArrayList<>();
        try {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            parts.add(registry::close);
            new JvmMemoryMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            JvmGcMetrics gcMetrics = new JvmGcMetrics();
            gcMetrics.bindTo(registry);
            parts.add(gcMetrics);

            HikariDataSource pool = WarehousePool.create(config.warehouse(), POOL_NAME, config.poolSize(), Optional.of(registry));
            parts.add(pool);
            // As many running as the pool has connections, so the pool itself never makes a request wait.
            QueryAdmission admission = new QueryAdmission(config.poolSize(), config.queueSize(),
                    WarehousePool.CONNECTION_TIMEOUT);
            Gauge.builder("serving.queries.running", admission, QueryAdmission::running)
                    .description("API reads holding a warehouse connection").register(registry);
            Gauge.builder("serving.queries.waiting", admission, QueryAdmission::waiting)
                    .description("API reads waiting for a warehouse connection; more than "
                            + ServingConfig.QUEUE_SIZE + " are refused with 503").register(registry);
            ReadTransactions reads = new ReadTransactions(pool, admission);
            // Its own connection: /health never waits behind the API's queries.
            WarehouseHealth health = new WarehouseHealth(
                    WarehousePool.create(config.warehouse(), HEALTH_POOL_NAME, 1, Optional.of(registry)));
            parts.add(health);
            ClientDisconnects disconnects = new ClientDisconnects();
            parts.add(disconnects);
            FreshnessReader freshnessReader = new FreshnessReader(viewSql, config.queryTimeout());
            Optional<TopicTotals> dlq = config.kafka()
                    .map(kafka -> new TopicTotals(kafka.dlqTopic(), DLQ_HISTORY));
            OffsetsSource offsets = offsetsSource(config, clock, freshnessReader, registry, dlq, parts);
            FreshnessService freshness = new FreshnessService(freshnessReader, offsets, clock,
                    new ViewCompleteness(new ViewDefinitions(viewSql.ledgerTables()), config.views().defaultView()));
            // Its own connection: loading the index holds one for seconds, which no request should wait behind.
            HikariDataSource indexPool = WarehousePool.create(config.warehouse(), INDEX_POOL_NAME, 1, Optional.of(registry));
            parts.add(indexPool);
            // Every view of a shape the in-memory index holds (IndexedQueries.supports) is answered from one of its own;
            // the others by SQL through the response cache. The keepers share one connection: loads take turns.
            ReadTransactions indexReads = new ReadTransactions(indexPool);
            List<IndexedQueries> indexedQueries = new ArrayList<>();
            for (ServingQueries view : views.all()) {
                ViewDefinition definition = view.view().definition();
                if (!IndexedQueries.supports(definition)) {
                    LOG.info("View {} is not of a shape the in-memory index holds (one time dimension, at least one"
                            + " other): it is served by SQL", view.view().name());
                    continue;
                }
                ServingViewSql indexedSql = new ServingViewSql(config.warehouse().warehouse(), view.view(),
                        config.warehouseSchema());
                ServingIndexKeeper index = new ServingIndexKeeper(view.view().name(), new ServingIndexLoader(indexedSql,
                        definition, config.queryTimeout(), config.indexRows()), indexReads, config.indexRows(), registry);
                parts.add(index);
                index.start();
                indexedQueries.add(new IndexedQueries(view, index, indexedSql, config.queryTimeout(), registry));
            }
            CachingQueries cachingQueries = new CachingQueries(indexedQueries, new QueryTimings(registry),
                    config.cacheRows(), registry);
            ServingApi api = new ServingApi(reads, views, cachingQueries, freshness, health, disconnects);
            PipelineApi pipeline = new PipelineApi(reads, new BatchRunsReader(viewSql.ledgerTables(), config.queryTimeout()),
                    config.kafka().map(KafkaSettings::dlqTopic).orElse(KafkaSettings.DLQ_TOPIC.defaultValue().orElseThrow()), dlq);
            // Its own connection: a scrape never waits behind the API's queries (an operator needs the figures most
            // under load), and the API pool's own metrics count requests only.
            HikariDataSource metricsPool = WarehousePool.create(config.warehouse(), METRICS_POOL_NAME, 1, Optional.of(registry));
            parts.add(metricsPool);
            ServingMetrics metrics = new ServingMetrics(registry, new ReadTransactions(metricsPool), freshness,
                    config.kafka().map(KafkaSettings::topic).orElse(KafkaSettings.TOPIC.defaultValue().orElseThrow()), offsets, dlq);

            ServingHttpServer server = new ServingHttpServer(api, pipeline, new ErrorMapper(), registry, metrics,
                    JsonMapping.createMapper(), new HostAllowlist(config.allowedHosts(), config.host()));
            parts.add(server);
            int port = server.start(config.host(), config.port());
            LOG.info("Serving layer listening on http://{}:{}", config.host(), port);
            return new ServingApplication(parts, config.host(), port);
        } catch (RuntimeException e) {
            closeAll(parts);
            throw e;
        }
    }

    public int port() {
        return port;
    }

    /** The server's base address, e.g. {@code http://127.0.0.1:8080/}. */
    public URI baseUri() {
        String address = host;
        if (host.contains(":")) {
            address = "[" + host + "]";
        }
        return URI.create("http://" + address + ":" + port + "/");
    }

    @Override
    public void close() {
        closeAll(parts);
    }

    private static OffsetsSource offsetsSource(ServingConfig config, Clock clock, FreshnessReader freshnessReader,
            MeterRegistry registry, Optional<TopicTotals> dlq, List<AutoCloseable> parts) {
        if (config.kafka().isEmpty()) {
            OffsetsState unknown = OffsetsState.unknown("Kafka is not configured (LAMBDA_KAFKA_BOOTSTRAP is not set)");
            return () -> unknown;
        }
        // Its own connection: the API's pool (and its metrics) serve requests only.
        HikariDataSource monitorPool = WarehousePool.create(config.warehouse(), MONITOR_POOL_NAME, 1, Optional.of(registry));
        parts.add(monitorPool);
        ReadTransactions monitorReads = new ReadTransactions(monitorPool);
        TopicOffsetsMonitor monitor = new TopicOffsetsMonitor(TopicOffsetsMonitor.createAdmin(new KafkaClientFactory(config.kafka().get())),
                config.kafka().get().topic(), config.lagRefresh(), clock,
                () -> monitorReads.read(c -> freshnessReader.latestCommit(c).flatMap(LatestSpeedCommit::maxIngestTime)),
                dlq);
        parts.add(monitor);
        monitor.start();
        return monitor;
    }

    // In reverse order of start: the server stops taking requests before the pool goes away.
    private static void closeAll(List<AutoCloseable> parts) {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                LOG.warn("Failed to stop {}", parts.get(i).getClass().getSimpleName(), e);
            }
        }
    }
}
