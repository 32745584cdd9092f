package io.lambdaarch.ingestion;

import io.lambdaarch.ingestion.source.EventSource;
import io.lambdaarch.ingestion.source.RecordFormat;
import io.lambdaarch.ingestion.source.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/** A source over a fixed list of records; {@code onPoll} runs before each record is handed over, with its position. */
final class ListSource implements EventSource {
    private final List<SourceRecord> records = new ArrayList<>();
    private IntConsumer onPoll = position -> { };
    private int next;
    boolean closed;

    static ListSource of(String... lines) {
        ListSource source = new ListSource();
        for (String line : lines) {
            source.add(new SourceRecord(line.getBytes(StandardCharsets.UTF_8), "list:" + (source.records.size() + 1)));
        }
        return source;
    }

    ListSource add(SourceRecord record) {
        records.add(record);
        return this;
    }

    ListSource onPoll(IntConsumer action) {
        this.onPoll = action;
        return this;
    }

    @Override
    public String name() {
        return "list";
    }

    @Override
    public RecordFormat format() {
        return RecordFormat.EVENT;
    }

    @Override
    public SourceRecord poll(Duration timeout) {
        if (next >= records.size()) {
            return null;
        }
        onPoll.accept(next);
        return records.get(next++);
    }

    @Override
    public boolean exhausted() {
        return next >= records.size();
    }

    @Override
    public void close() {
        closed = true;
    }
}
