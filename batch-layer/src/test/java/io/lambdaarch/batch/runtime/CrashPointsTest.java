package io.lambdaarch.batch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CrashPointsTest {

    @Test
    void shouldHaltOnlyAtTheArmedPointWithTheStatusOfKill9() {
        List<Integer> halts = new ArrayList<>();
        StringWriter out = new StringWriter();
        CrashPoints points = new CrashPoints(Optional.of(CrashPoint.AFTER_UPLOAD), new PrintWriter(out), halts::add);

        points.reached(CrashPoint.MID_UPLOAD);
        points.reached(CrashPoint.AFTER_COPY_BEFORE_COMMIT);
        assertThat(halts).isEmpty();

        points.reached(CrashPoint.AFTER_UPLOAD);
        assertThat(halts).containsExactly(137);
        assertThat(out.toString()).contains("halting at crash point after-upload");
    }

    @Test
    void shouldNameEveryPointForTheCommandLine() {
        assertThat(CrashPoint.externalNames()).containsExactly("mid-upload", "mid-copy", "after-upload", "after-first-copies",
                "after-copy-before-commit", "during-recompute", "during-incremental");
        assertThat(CrashPoint.fromExternalName("DURING-RECOMPUTE")).contains(CrashPoint.DURING_RECOMPUTE);
        assertThat(CrashPoint.fromExternalName("later")).isEmpty();
    }
}
