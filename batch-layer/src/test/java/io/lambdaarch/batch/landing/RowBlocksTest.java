package io.lambdaarch.batch.landing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RowBlocksTest {

    @Test
    void shouldHandOnWholeLinesInBlocksOfAtMostTheBlockSize() throws InterruptedException {
        RowBlocks blocks = new RowBlocks(10, 10);
        RowBlocks.Writer writer = blocks.writer();

        for (String line : List.of("aaa\n", "bbb\n", "ccc\n", "a line longer than a block\n", "d\n")) {
            writer.append(bytes(line), line.length());
        }
        writer.handOff();
        writer.handOff();

        assertThat(drain(blocks)).containsExactly("aaa\nbbb\n", "ccc\n", "a line longer than a block\n", "d\n");
    }

    @Test
    void shouldMakeAWriterWaitWhileTheHandOffIsFull() throws InterruptedException {
        RowBlocks blocks = new RowBlocks(2, 4);
        AtomicInteger appended = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        Thread drain = new Thread(() -> {
            try {
                RowBlocks.Writer writer = blocks.writer();
                for (int i = 0; i < 5; i++) {
                    writer.append(bytes(i + "ab\n"), 4);
                    appended.incrementAndGet();
                }
                writer.handOff();
                done.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        drain.start();

        // Two blocks queued and a third line in the writer's own block; the fourth line waits for room.
        assertThat(done.await(300, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(appended.get()).isEqualTo(3);
        List<String> received = new ArrayList<>();
        while (received.size() < 5) {
            blocks.poll(Duration.ofSeconds(5)).map(b -> new String(b.bytes(), 0, b.length(), StandardCharsets.UTF_8))
                    .ifPresent(received::add);
        }
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(received).containsExactly("0ab\n", "1ab\n", "2ab\n", "3ab\n", "4ab\n");
        drain.join();
    }

    @Test
    void shouldReleaseAWaitingWriterWithoutInterruptingItOnceTheRunStops() throws InterruptedException {
        RowBlocks blocks = new RowBlocks(1, 4);
        RowBlocks.Writer writer = blocks.writer();
        writer.append(bytes("0ab\n"), 4);
        writer.handOff();
        List<Throwable> failures = new ArrayList<>();
        Thread drain = new Thread(() -> {
            try {
                writer.append(bytes("1ab\n"), 4);
                writer.handOff();
            } catch (RuntimeException | InterruptedException e) {
                failures.add(e);
            }
        });
        drain.start();
        drain.join(200);
        assertThat(drain.isAlive()).as("waiting for room").isTrue();

        blocks.stop();
        drain.join(5_000);

        assertThat(drain.isAlive()).isFalse();
        assertThat(failures).singleElement().isInstanceOf(CancellationException.class);
        assertThat(blocks.stopped()).isTrue();
    }

    private static List<String> drain(RowBlocks blocks) {
        List<String> texts = new ArrayList<>();
        for (Optional<RowBlocks.Block> block = blocks.poll(); block.isPresent(); block = blocks.poll()) {
            texts.add(new String(block.get().bytes(), 0, block.get().length(), StandardCharsets.UTF_8));
        }
        return texts;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
