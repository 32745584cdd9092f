package io.lambdaarch.serving.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers (a malformed URI, headers too large, a bad request line), which it gives before any
 * handler runs, in the API's JSON error format instead of Jetty's HTML page. Jetty's message is not echoed: it may
 * quote the bad input.
 */
final class JsonErrorHandler extends ErrorHandler {
    private final ErrorMapper errors;
    private final ObjectMapper json;

    JsonErrorHandler(ErrorMapper errors, ObjectMapper json) {
        this.errors = requireNonNull(errors, "errors is null");
        this.json = requireNonNull(json, "json is null");
    }

    @Override
    protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
            Callback callback) throws JsonProcessingException {
        byte[] body = json.writeValueAsBytes(errors.protocolError(status));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        // A HEAD's answer has no body. (A request whose line Jetty could not parse has lost its method: "BAD".)
        if (HttpMethod.HEAD.is(request.getMethod())) {
            response.write(true, null, callback);
        } else {
            response.write(true, ByteBuffer.wrap(body), callback);
        }
    }
}
