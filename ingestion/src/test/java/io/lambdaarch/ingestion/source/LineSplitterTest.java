package io.lambdaarch.ingestion.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.ingestion.source.LineSplitter.Line;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {
    private final List<Line> lines = new ArrayList<>();

    @Test
    void shouldSplitOnLineFeedsAndDropTheCarriageReturnOfCrLf() {
        LineSplitter splitter = new LineSplitter(100);
        feed(splitter, "one\r\ntwo\nthree");
        splitter.finish(lines::add);
        assertThat(texts()).containsExactly("one", "two", "three");
    }

    @Test
    void shouldKeepACarriageReturnInsideALine() {
        LineSplitter splitter = new LineSplitter(100);
        feed(splitter, "a\rb\n");
        splitter.finish(lines::add);
        assertThat(texts()).containsExactly("a\rb");
    }

    @Test
    void shouldJoinLinesSplitAcrossChunksIncludingACrLfOnTheBoundary() {
        LineSplitter splitter = new LineSplitter(100);
        feed(splitter, "{\"id\":");
        feed(splitter, "1}\r");
        feed(splitter, "\n\r\n");
        feed(splitter, "ü");
        splitter.finish(lines::add);
        assertThat(texts()).containsExactly("{\"id\":1}", "", "ü");
        assertThat(lines.get(1).blank()).isTrue();
    }

    @Test
    void shouldCutLongLinesButReportTheirFullLength() {
        LineSplitter splitter = new LineSplitter(4);
        feed(splitter, "abcdefgh\nxy\n");
        assertThat(lines).hasSize(2);
        assertThat(new String(lines.get(0).bytes(), StandardCharsets.UTF_8)).isEqualTo("abcd");
        assertThat(lines.get(0).length()).isEqualTo(8);
        assertThat(lines.get(0).truncated()).isTrue();
        assertThat(lines.get(1).truncated()).isFalse();
    }

    @Test
    void shouldNotEmitAnEmptyLastLine() {
        LineSplitter splitter = new LineSplitter(10);
        feed(splitter, "a\n");
        splitter.finish(lines::add);
        assertThat(texts()).containsExactly("a");
    }

    @Test
    void shouldReadDirectBuffers() {
        LineSplitter splitter = new LineSplitter(10);
        byte[] bytes = "x\ny\n".getBytes(StandardCharsets.UTF_8);
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length);
        direct.put(bytes).flip();
        splitter.feed(direct, lines::add);
        assertThat(texts()).containsExactly("x", "y");
        assertThat(direct.hasRemaining()).isFalse();
    }

    private void feed(LineSplitter splitter, String text) {
        splitter.feed(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), lines::add);
    }

    private List<String> texts() {
        return lines.stream().map(l -> new String(l.bytes(), StandardCharsets.UTF_8)).toList();
    }
}
