package io.lambdaarch.ingestion.x;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the stream's rules equal to the configured ones: deletes the rules that are not configured, adds the
 * configured ones that are missing, and leaves the rest alone (so matching rules keep their ids).
 */
public final class XRulesSync {
    private static final Logger LOG = LoggerFactory.getLogger(XRulesSync.class);

    private final XApiClient api;

    public XRulesSync(XApiClient api) {
        this.api = requireNonNull(api, "api is null");
    }

    /**
     * What a sync changed.
     *
     * @param kept rules that were already there
     * @param added rules added
     * @param deleted rules deleted
     */
    public record Result(int kept, int added, int deleted) {
    }

    /** Syncs to {@code wanted}; returns what changed. */
    public Result sync(List<XRule> wanted) throws IOException, InterruptedException, XApiException {
        List<XRule> current = api.rules();
        List<String> delete = new ArrayList<>();
        for (XRule rule : current) {
            if (wanted.stream().noneMatch(rule::sameAs)) {
                delete.add(rule.id());
            }
        }
        List<XRule> add = new ArrayList<>();
        for (XRule rule : wanted) {
            if (current.stream().noneMatch(rule::sameAs) && add.stream().noneMatch(rule::sameAs)) {
                add.add(rule);
            }
        }
        if (!delete.isEmpty()) {
            api.deleteRules(delete);
        }
        if (!add.isEmpty()) {
            api.addRules(add);
        }
        Result result = new Result(current.size() - delete.size(), add.size(), delete.size());
        LOG.info("X stream rules synced: {} kept, {} added, {} deleted", result.kept(), result.added(), result.deleted());
        return result;
    }
}
