package io.lambdaarch.serving.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class QueryAdmissionTest {
    @Test
    void shouldRefuseAtOnceWhenTheQueueIsFull() throws Exception {
        QueryAdmission admission = new QueryAdmission(1, 1, Duration.ofSeconds(30));
        QueryAdmission.Permit running = admission.enter();
        CompletableFuture<QueryAdmission.Permit> queued = new CompletableFuture<>();
        Thread waiter = new Thread(() -> queued.complete(admission.enter()), "queued-request");
        waiter.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);

        long start = System.nanoTime();
        assertThatThrownBy(admission::enter)
                .isInstanceOf(WarehouseBusyException.class)
                .hasMessageContaining("1 requests are already waiting");
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(1));

        running.close();
        queued.get(10, TimeUnit.SECONDS).close();
        admission.enter().close();
    }

    @Test
    void shouldRefuseAfterWaitingTooLong() {
        QueryAdmission admission = new QueryAdmission(1, 5, Duration.ofMillis(300));
        try (QueryAdmission.Permit running = admission.enter()) {
            long start = System.nanoTime();
            assertThatThrownBy(admission::enter)
                    .isInstanceOf(WarehouseBusyException.class)
                    .hasMessageContaining("within 300 ms");
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
        }
        // the refused request gave its place back
        admission.enter().close();
    }
}
