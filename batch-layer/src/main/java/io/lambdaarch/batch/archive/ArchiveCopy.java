package io.lambdaarch.batch.archive;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.batch.s3.ArchiveStore;
import io.lambdaarch.common.warehouse.CopyFile;
import io.lambdaarch.common.warehouse.CopySource;
import io.lambdaarch.common.warehouse.Warehouse;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The archive's raw files as the warehouse's COPY reads them: streamed as CSV in the column order of
 * {@link ArchiveLines#RAW_BATCH_COLUMNS}, or read from S3 by the warehouse through the run's manifest and the
 * JSONPaths file, with the IAM role and region of the configuration.
 */
public final class ArchiveCopy {
    private final ArchiveStore store;
    private final Optional<String> iamRole;
    private final Optional<String> region;

    /**
     * @param iamRole the role a warehouse that reads S3 itself assumes
     * @param region the bucket's region for such a warehouse; empty when the bucket is in the warehouse's own region
     */
    public ArchiveCopy(ArchiveStore store, Optional<String> iamRole, Optional<String> region) {
        this.store = requireNonNull(store, "store is null");
        this.iamRole = requireNonNull(iamRole, "iamRole is null");
        this.region = requireNonNull(region, "region is null");
    }

    /** Puts what {@code warehouse}'s COPY needs next to the data: the JSONPaths file, when it reads S3 itself. */
    public void prepare(Warehouse warehouse) {
        if (warehouse.copyReadsS3()) {
            store.putBytes(ArchiveKeys.RAW_BATCH_JSONPATHS, Manifests.rawBatchJsonPaths(), "application/json");
        }
    }

    /** A landing run's raw files, each of which must load the records written to it; all listed in {@code manifestKey}. */
    public CopySource runFiles(List<ArchiveFile> files, String manifestKey) {
        return new Files(files.stream().map(f -> new CopyFile(f.key(), OptionalLong.of(f.records()))).toList(), manifestKey);
    }

    /** Raw files whose row counts are not known here; all listed in {@code manifestKey}. */
    public CopySource keys(List<String> keys, String manifestKey) {
        return new Files(keys.stream().map(k -> new CopyFile(k, OptionalLong.empty())).toList(), manifestKey);
    }

    private final class Files implements CopySource {
        private final List<CopyFile> files;
        private final String manifestKey;

        Files(List<CopyFile> files, String manifestKey) {
            this.files = List.copyOf(files);
            this.manifestKey = manifestKey;
        }

        @Override
        public List<CopyFile> files() {
            return files;
        }

        @Override
        public String url(String key) {
            return store.url(key);
        }

        @Override
        public void writeCsv(String key, OutputStream out) throws Exception {
            CsvRowEncoder encoder = new CsvRowEncoder();
            new ArchiveReader(store).readRaw(key, row -> encoder.encode(row, out));
        }

        @Override
        public String manifestUrl() {
            return store.url(manifestKey);
        }

        @Override
        public String jsonPathsUrl() {
            return store.url(ArchiveKeys.RAW_BATCH_JSONPATHS);
        }

        @Override
        public Optional<String> iamRole() {
            return iamRole;
        }

        @Override
        public Optional<String> region() {
            return region;
        }
    }
}
