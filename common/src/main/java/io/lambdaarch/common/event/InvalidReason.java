package io.lambdaarch.common.event;

/** Why a record was rejected; the code is stable and travels in the DLQ header and the quarantine files. */
public enum InvalidReason {
    MALFORMED_JSON("malformed_json"),
    NOT_AN_OBJECT("not_an_object"),
    UNSUPPORTED_VERSION("unsupported_version"),
    INVALID_ID("invalid_id"),
    INVALID_CREATED_AT("invalid_created_at"),
    INVALID_COUNT("invalid_count"),
    INVALID_USER("invalid_user"),
    INVALID_LOCATION("invalid_location"),
    INVALID_FIELD("invalid_field");

    private final String code;

    InvalidReason(String code) {
        this.code = code;
    }

    /** The stable, lower-case code of this reason. */
    public String code() {
        return code;
    }
}
