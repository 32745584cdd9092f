package io.lambdaarch.ingestion;

import io.lambdaarch.common.event.EventValidator;
import io.lambdaarch.common.event.ValidationResult;
import io.lambdaarch.ingestion.source.RecordFormat;
import io.lambdaarch.ingestion.x.XPayloadConverter;

/** Turns a raw record into a validated event or the reason it is invalid; every path ends in the common validator. */
@FunctionalInterface
public interface RecordDecoder {
    ValidationResult decode(byte[] raw);

    /** The decoder for records written in {@code format}; X payloads get {@code sourceName} as their source. */
    static RecordDecoder forFormat(RecordFormat format, String sourceName, EventValidator validator) {
        return switch (format) {
            case EVENT -> validator::validate;
            case X_V2 -> new XPayloadConverter(validator, sourceName)::decode;
        };
    }
}
