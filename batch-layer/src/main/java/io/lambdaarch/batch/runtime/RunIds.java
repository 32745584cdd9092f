package io.lambdaarch.batch.runtime;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Run ids: sortable by start time, unique enough that two runs never share a manifest ({@code 20261126T091530Z-3fa2c1}). */
public final class RunIds {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private RunIds() {
    }

    public static String next(Clock clock) {
        byte[] random = new byte[3];
        ThreadLocalRandom.current().nextBytes(random);
        return FORMAT.format(clock.instant()) + "-" + HexFormat.of().formatHex(random);
    }
}
