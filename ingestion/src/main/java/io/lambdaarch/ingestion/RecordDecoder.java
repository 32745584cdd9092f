package io.lambdaarch.ingestion;

import io.lambdaarch.common.event.EventJson;
import io.lambdaarch.common.event.EventValidator;
import io.lambdaarch.ingestion.source.RecordFormat;
import io.lambdaarch.ingestion.x.XPayloadConverter;
import java.util.List;

/**
 * Turns a raw record into what it holds, in order: one event for an event record or an X stream payload, one per post
 * for an X response page, a skip for an X system message. Every event ends in the common validator.
 */
@FunctionalInterface
public interface RecordDecoder {
    List<DecodedItem> decode(byte[] raw);

    /**
     * The decoder for records written in {@code format}; X payloads get {@code sourceName} as their source. Not
     * thread-safe (it keeps a canonical writer): one per ingestion loop.
     */
    static RecordDecoder forFormat(RecordFormat format, String sourceName, EventValidator validator) {
        return switch (format) {
            case EVENT -> {
                EventJson.Writer writer = new EventJson().writer();
                yield raw -> List.of(new DecodedItem.Checked(validator.validateForForwarding(raw, writer), raw));
            }
            case X_V2 -> new XPayloadConverter(validator, sourceName)::decode;
        };
    }
}
