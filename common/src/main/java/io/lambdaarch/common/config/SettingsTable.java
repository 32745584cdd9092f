package io.lambdaarch.common.config;

import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders settings as the Markdown table README.md shows between {@value #BEGIN} and {@value #END}, so the table is
 * written from the declarations rather than by hand (a test in the demo module compares the two).
 */
public final class SettingsTable {
    /** The marker line before the table in README.md. */
    public static final String BEGIN = "<!-- settings:begin -->";
    /** The marker line after the table in README.md. */
    public static final String END = "<!-- settings:end -->";

    private SettingsTable() {
    }

    /** The table, one row per setting in the given order, each line ending in a newline. */
    public static String render(List<Setting<?>> settings) {
        StringBuilder table = new StringBuilder()
                .append("| variable | default | accepts | used by | meaning |\n")
                .append("|---|---|---|---|---|\n");
        for (Setting<?> setting : settings) {
            table.append("| `").append(setting.name()).append("` | ")
                    .append(cell(setting.defaultDescription())).append(" | ")
                    .append(cell(setting.type().accepts())).append(" | ")
                    .append(usedBy(setting)).append(" | ")
                    .append(cell(setting.doc())).append(" |\n");
        }
        return table.toString();
    }

    private static String usedBy(Setting<?> setting) {
        if (setting.services().equals(EnumSet.allOf(Service.class))) {
            return "all";
        }
        return EnumSet.copyOf(setting.services()).stream().map(Service::externalName).collect(Collectors.joining(", "));
    }

    // A bare | would end the cell early.
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
