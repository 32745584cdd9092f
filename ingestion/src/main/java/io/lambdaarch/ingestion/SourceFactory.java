package io.lambdaarch.ingestion;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.ingestion.config.SourceKind;
import io.lambdaarch.ingestion.config.SourceSettings;
import io.lambdaarch.ingestion.replay.ReplaySource;
import io.lambdaarch.ingestion.source.EventSource;
import io.lambdaarch.ingestion.synthetic.SyntheticGenerator;
import io.lambdaarch.ingestion.synthetic.SyntheticSource;
import io.lambdaarch.ingestion.x.XApiClient;
import io.lambdaarch.ingestion.x.XApiException;
import io.lambdaarch.ingestion.x.XRulesSync;
import io.lambdaarch.ingestion.x.XStreamSource;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.function.Supplier;

/** Opens the source a config names; for the X stream this syncs the rules first. */
public final class SourceFactory {
    private final Clock clock;
    private final Sleeper sleeper;
    private final Supplier<HttpClient> httpClients;

    public SourceFactory(Clock clock, Sleeper sleeper, Supplier<HttpClient> httpClients) {
        this.clock = requireNonNull(clock, "clock is null");
        this.sleeper = requireNonNull(sleeper, "sleeper is null");
        this.httpClients = requireNonNull(httpClients, "httpClients is null");
    }

    /** Opens the source; throws {@link TerseException} if it cannot be opened (missing file, X refusing the rules). */
    public EventSource open(SourceSettings settings, int maxRecordBytes) throws InterruptedException {
        SourceKind source = settings.kind();
        return switch (source) {
            case SYNTHETIC -> new SyntheticSource(new SyntheticGenerator(((SourceSettings.Synthetic) settings).workload()));
            case REPLAY -> {
                SourceSettings.Replay replay = (SourceSettings.Replay) settings;
                yield ReplaySource.open(replay.file(), replay.format(), maxRecordBytes);
            }
            case X_STREAM -> openXStream((SourceSettings.XStream) settings, maxRecordBytes);
        };
    }

    private EventSource openXStream(SourceSettings.XStream settings, int maxRecordBytes) throws InterruptedException {
        XApiClient api = new XApiClient(httpClients.get(), settings.apiUrl(), settings.bearerToken());
        if (settings.rules().isPresent()) {
            try {
                new XRulesSync(api).sync(settings.rules().get());
            } catch (XApiException e) {
                throw new TerseException("Cannot sync the filtered-stream rules: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new TerseException("Cannot reach the X API at " + settings.apiUrl() + " to sync the rules: " + e.getMessage(), e);
            }
        }
        return new XStreamSource(api, clock, sleeper, settings.stallTimeout(), maxRecordBytes);
    }
}
