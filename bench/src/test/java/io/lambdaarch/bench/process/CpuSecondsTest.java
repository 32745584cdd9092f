package io.lambdaarch.bench.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CpuSecondsTest {
    @Test
    void utimeAndStimeShouldBeReadAfterTheCommandNameWhateverItHolds() {
        // A name with a space and a parenthesis; utime 1234 and stime 56 are fields 14 and 15.
        String stat = "4242 (a (b) c) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 56 7 8 20 0 40 0 100 1000 200";
        assertThat(CpuSeconds.ticks(stat)).isEqualTo(1290);
    }

    @Test
    void thisProcessShouldHaveUsedSomeCpuAndAnEmptySetNone() {
        assertThat(CpuSeconds.ofProcess(ProcessHandle.current().pid()).orElseThrow()).isPositive();
        assertThat(CpuSeconds.ofProcesses(List.of())).isEmpty();
    }
}
