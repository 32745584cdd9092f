package io.lambdaarch.common.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.postgresql.copy.CopyIn;
import org.postgresql.util.ByteStreamWriter;

class PostgresStreamedLoadTest {
    private final RecordingCopyIn copyIn = new RecordingCopyIn();

    @Test
    void shouldGatherSmallWritesAndSendLargeOnesStraightInOrder() throws Exception {
        PostgresStreamedLoad load = new PostgresStreamedLoad(copyIn, "raw_batch", 8);

        load.write(bytes("a,1\n"), 0, 4);
        load.write(bytes("b,2\n"), 0, 4);
        assertThat(copyIn.writes).as("gathered while they fit").isEmpty();
        load.write(bytes("xx c,3\n"), 3, 4);
        load.write(bytes("a long line,4\n"), 0, 14);
        List<String> loaded = new ArrayList<>();
        long rows = load.finish(null, (url, count) -> loaded.add(url + "=" + count));

        assertThat(copyIn.writes).containsExactly("a,1\nb,2\n", "c,3\n", "a long line,4\n");
        assertThat(copyIn.sent()).isEqualTo("a,1\nb,2\nc,3\na long line,4\n");
        assertThat(rows).isEqualTo(4);
        assertThat(loaded).containsExactly("COPY raw_batch FROM STDIN=4");
        load.close();
        assertThat(copyIn.cancelled).as("a finished load is not cancelled").isFalse();
    }

    @Test
    void shouldCancelAnUnfinishedCopyOnClose() throws Exception {
        try (PostgresStreamedLoad load = new PostgresStreamedLoad(copyIn, "raw_batch", 8)) {
            load.write(bytes("a,1\n"), 0, 4);
            assertThat(load.streamsRows()).isTrue();
        }

        assertThat(copyIn.cancelled).isTrue();
        assertThat(copyIn.ended).isFalse();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A COPY that records what reaches the socket and counts lines as rows. */
    private static final class RecordingCopyIn implements CopyIn {
        private final List<String> writes = new ArrayList<>();
        private final ByteArrayOutputStream all = new ByteArrayOutputStream();
        private Optional<Long> rows = Optional.empty();
        private boolean ended;
        private boolean cancelled;

        String sent() {
            return all.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void writeToCopy(byte[] buf, int off, int siz) {
            writes.add(new String(buf, off, siz, StandardCharsets.UTF_8));
            all.write(buf, off, siz);
        }

        @Override
        public void writeToCopy(ByteStreamWriter from) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void flushCopy() {
        }

        @Override
        public long endCopy() {
            ended = true;
            rows = Optional.of(sent().chars().filter(c -> c == '\n').count());
            return rows.get();
        }

        @Override
        public int getFieldCount() {
            return 0;
        }

        @Override
        public int getFormat() {
            return 0;
        }

        @Override
        public int getFieldFormat(int field) {
            return 0;
        }

        @Override
        public boolean isActive() {
            return !ended && !cancelled;
        }

        @Override
        public void cancelCopy() {
            cancelled = true;
        }

        @Override
        public long getHandledRowCount() {
            return rows.orElse(-1L);
        }
    }
}
