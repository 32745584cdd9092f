package io.lambdaarch.bench.views;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.view.ViewCatalog;
import io.lambdaarch.common.view.ViewsFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * bench/views/one-view.json is the "one view" side of issue 16's comparison (docs/benchmarks.md): it must stay the
 * shipped default view exactly, or the comparison would measure a different view rather than the cost of a second one.
 */
class OneViewFileTest {
    @Test
    void holdsTheShippedDefaultViewAloneWithItsRollups() throws Exception {
        ViewCatalog oneView = ViewsFile.read(Path.of("views", "one-view.json"));
        ViewCatalog shipped = ViewCatalog.shipped();

        assertThat(shipped.views()).hasSizeGreaterThan(1);
        assertThat(oneView.views()).containsExactly(shipped.defaultView());
    }
}
