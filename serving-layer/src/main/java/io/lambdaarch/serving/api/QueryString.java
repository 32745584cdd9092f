package io.lambdaarch.serving.api;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a request's raw query string ({@code a=1&b=x%20y}) as UTF-8, whatever the request's headers say: a URI has
 * no charset of its own, and a {@code Content-Type} charset describes a body, which a GET has not
 * (<a href="https://url.spec.whatwg.org/#urlencoded-parsing">WHATWG URL, application/x-www-form-urlencoded parsing</a>,
 * which browsers follow). Unlike that parser it is strict: a malformed escape or bytes that are not UTF-8 are a
 * {@link BadParameterException} naming the parameter, never a silent replacement character.
 */
public final class QueryString {
    private QueryString() {
    }

    /** The parameters of {@code rawQuery} (null or empty: none), in order, each name with all its values. */
    public static Map<String, List<String>> parse(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String rawName = equals < 0 ? pair : pair.substring(0, equals);
            String rawValue = equals < 0 ? "" : pair.substring(equals + 1);
            String name = decode(rawName, rawName);
            String value = decode(rawValue, name);
            parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    // Percent-decodes one name or value ('+' is a space); a problem names the parameter it belongs to.
    private static String decode(String raw, String parameter) {
        if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) {
            return raw;
        }
        ByteBuffer bytes = ByteBuffer.allocate(raw.length() * 4);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < raw.length()) {
                bytes.put(raw.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
                i++;
            } else if (c == '+') {
                bytes.put((byte) ' ');
            } else if (c == '%') {
                if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
                        || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    throw new BadParameterException(parameter, String.format(
                            "%s has a malformed escape: %% must be followed by two hexadecimal digits", printable(parameter)));
                }
                bytes.put((byte) (Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16)));
                i += 2;
            } else {
                bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        bytes.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BadParameterException(parameter, String.format(
                    "%s is not UTF-8 once percent-decoded", printable(parameter)));
        }
    }

    private static String printable(String name) {
        return ApiParameters.printable(name);
    }
}
