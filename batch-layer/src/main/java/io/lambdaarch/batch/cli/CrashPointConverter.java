package io.lambdaarch.batch.cli;

import io.lambdaarch.batch.runtime.CrashPoint;
import java.util.Iterator;
import picocli.CommandLine;

/** Converts and completes {@code --crash-at} values by their external (lower-case, hyphenated) names. */
final class CrashPointConverter implements Iterable<String> {

    static CrashPoint convert(String value) {
        return CrashPoint.fromExternalName(value).orElseThrow(() -> new CommandLine.TypeConversionException(
                "'" + value + "' is not a crash point; expected one of " + String.join(", ", CrashPoint.externalNames())));
    }

    @Override
    public Iterator<String> iterator() {
        return CrashPoint.externalNames().iterator();
    }
}
