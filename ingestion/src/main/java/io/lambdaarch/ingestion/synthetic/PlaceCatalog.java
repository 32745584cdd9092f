package io.lambdaarch.ingestion.synthetic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The locations synthetic users have, in order of popularity: written the way people type them (variants of the same
 * city, other scripts, emoji, jokes, blanks, control characters and strings longer than the 256 code points kept).
 * The bundled list is {@code places.jsonl} next to this class: one JSON string per line, or {@code null} for a user
 * without a location.
 */
public final class PlaceCatalog {
    private static final String RESOURCE = "places.jsonl";

    private final String[] places;

    private PlaceCatalog(String[] places) {
        this.places = places;
    }

    /** The list bundled with the service. */
    public static PlaceCatalog bundled() {
        try (InputStream in = PlaceCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Resource " + RESOURCE + " is missing from the ingestion jar");
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    /** Reads a list in the format of the bundled one. */
    public static PlaceCatalog parse(InputStream in) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<String> places = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            JsonNode value = mapper.readTree(line);
            if (!value.isTextual() && !value.isNull()) {
                throw new IOException("Line " + number + " of the place list is not a JSON string or null: " + line);
            }
            places.add(value.isNull() ? null : value.textValue());
        }
        if (places.isEmpty()) {
            throw new IOException("The place list is empty");
        }
        return new PlaceCatalog(places.toArray(new String[0]));
    }

    public int size() {
        return places.length;
    }

    /** The location at popularity rank {@code rank} (0 = most popular), exactly as typed; null means none. */
    public String get(int rank) {
        return places[rank];
    }

    /** Every entry, most popular first; nulls stand for users without a location. */
    public List<String> entries() {
        return Arrays.asList(places.clone());
    }
}
