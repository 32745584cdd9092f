package io.lambdaarch.ingestion.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lambdaarch.common.event.EventJson;
import io.lambdaarch.common.event.EventValidator;
import io.lambdaarch.common.event.ValidationResult;
import io.lambdaarch.ingestion.synthetic.SyntheticRecord.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticGeneratorTest {
    private static final Instant ANCHOR = Instant.parse("2026-11-26T09:00:00Z");
    private static final int RECORDS = 20_000;

    private final SyntheticWorkload workload = new SyntheticWorkload(7, ANCHOR, 1000, 0.05, Duration.ofDays(2), 0.05, 0.02);
    private final SyntheticGenerator generator = new SyntheticGenerator(workload);

    @Test
    void shouldGiveTheSameBytesForTheSameWorkload() {
        SyntheticGenerator again = new SyntheticGenerator(new SyntheticWorkload(7, ANCHOR, 1000, 0.05, Duration.ofDays(2), 0.05, 0.02));
        for (long i = 0; i < 2_000; i++) {
            assertThat(again.record(i).json()).isEqualTo(generator.record(i).json());
        }
    }

    /**
     * Ingestion's throughput rests on this: the synthetic source's valid records are read by the validator's byte
     * scanner, and those already in canonical form are sent as they are.
     */
    @Test
    void shouldWriteMostValidRecordsInCanonicalFormForTheValidatorsScanner() {
        EventValidator validator = new EventValidator();
        EventJson eventJson = new EventJson();
        int events = 0;
        int canonical = 0;
        for (long i = 0; i < 10_000; i++) {
            SyntheticRecord record = generator.record(i);
            EventValidator.Checked checked = validator.validateKeepingForm(record.json());
            if (record.kind() != Kind.MALFORMED) {
                events++;
                assertThat(checked.result()).isEqualTo(new ValidationResult.Valid(record.event()));
                assertThat(checked.canonical()).isEqualTo(Arrays.equals(eventJson.toBytes(record.event()), record.json()));
                canonical += checked.canonical() ? 1 : 0;
            } else {
                assertThat(checked.canonical()).isFalse();
            }
        }
        // About half: the others have the id as a number, an offset, an extra field or no location (read by the
        // scanner all the same but for the extra field, and written again).
        assertThat((double) canonical / events).isBetween(0.43, 0.53);
    }

    @Test
    void shouldGiveTheSourceTheRecordsBytesWithoutTheTruth() {
        for (long i = 0; i < RECORDS; i++) {
            assertThat(generator.json(i)).as("record %d", i).isEqualTo(generator.record(i).json());
        }
    }

    @Test
    void shouldWriteCreatedAtAsTheFormatterDoes() {
        java.time.format.DateTimeFormatter formatter = java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        List<java.time.ZoneOffset> offsets = List.of(java.time.ZoneOffset.UTC, java.time.ZoneOffset.ofHours(9),
                java.time.ZoneOffset.ofHoursMinutes(-9, -30), java.time.ZoneOffset.ofHoursMinutes(5, 30),
                java.time.ZoneOffset.ofHoursMinutesSeconds(1, 2, 3), java.time.ZoneOffset.ofHours(-18));
        List<Instant> instants = new ArrayList<>(List.of(Instant.parse("0999-12-31T23:59:59.999Z"),
                Instant.parse("1000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999Z"), Instant.EPOCH,
                Instant.parse("1969-12-31T23:59:59.001Z"), Instant.parse("2026-02-28T23:30:00.123456789Z")));
        for (int i = 0; i < 5_000; i++) {
            instants.add(Instant.ofEpochMilli(random.nextLong(-40_000_000_000_000L, 250_000_000_000_000L)));
        }
        for (Instant instant : instants) {
            for (java.time.ZoneOffset offset : offsets) {
                assertThat(SyntheticGenerator.createdAtText(instant, offset)).as("%s at %s", instant, offset)
                        .isEqualTo(java.time.OffsetDateTime.ofInstant(instant, offset).format(formatter));
            }
        }
    }

    @Test
    void shouldGiveADifferentWorkloadForAnotherSeed() {
        SyntheticGenerator other = new SyntheticGenerator(new SyntheticWorkload(8, ANCHOR, 1000, 0.05, Duration.ofDays(2), 0.05, 0.02));
        Set<String> ids = new HashSet<>();
        int sameBytes = 0;
        for (long i = 0; i < 1_000; i++) {
            ids.add(generator.eventId(i));
            ids.add(other.eventId(i));
            if (Arrays.equals(generator.record(i).json(), other.record(i).json())) {
                sameBytes++;
            }
        }
        assertThat(ids).hasSize(2_000);
        assertThat(sameBytes).isZero();
    }

    @Test
    void shouldAgreeWithTheValidatorOnEveryRecord() {
        EventValidator validator = new EventValidator();
        Map<Kind, Integer> kinds = new EnumMap<>(Kind.class);
        List<String> disagreements = new ArrayList<>();
        generator.records(RECORDS).forEach(record -> {
            kinds.merge(record.kind(), 1, Integer::sum);
            ValidationResult result = validator.validate(record.json());
            boolean agrees;
            if (record.kind() == Kind.MALFORMED) {
                agrees = result instanceof ValidationResult.Invalid invalid && invalid.reason() == record.defect();
            } else {
                agrees = result.equals(new ValidationResult.Valid(record.event()));
            }
            if (!agrees) {
                disagreements.add(record.index() + " " + record.kind() + " " + record.defect() + ": " + result + " for "
                        + new String(record.json(), StandardCharsets.UTF_8));
            }
        });
        assertThat(disagreements).isEmpty();
        assertThat(kinds.get(Kind.DUPLICATE) / (double) RECORDS).isCloseTo(0.05 * (1 - 0.02), within(0.01));
        assertThat(kinds.get(Kind.MALFORMED) / (double) RECORDS).isCloseTo(0.02 + 0.05 * 0.02, within(0.005));
    }

    @Test
    void shouldRepeatOnlyEarlierRecordsAndKeepEveryEventIdUnique() {
        List<SyntheticRecord> records = generator.records(RECORDS).toList();
        Set<String> eventIds = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (SyntheticRecord record : records) {
            if (record.kind() == Kind.EVENT) {
                String id = record.event().id();
                if (!eventIds.add(id) || !id.equals(generator.eventId(record.index())) || id.length() != 19) {
                    problems.add("event " + record.index() + " has id " + id);
                }
            } else if (record.originalIndex() != record.index()) {
                // A repeat of a repeat points at the first record of the chain, each step at most the repeat distance back.
                SyntheticRecord original = records.get((int) record.originalIndex());
                if (record.originalIndex() > record.index() || !Arrays.equals(original.json(), record.json())
                        || original.kind() == Kind.DUPLICATE) {
                    problems.add("record " + record.index() + " repeats " + record.originalIndex() + " wrongly");
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(generator.events(RECORDS).map(e -> e.id()).distinct().count()).isEqualTo(eventIds.size());
    }

    @Test
    void shouldComputeAnyRecordWithoutTheOnesBefore() {
        List<SyntheticRecord> sequential = generator.records(3_000).toList();
        SyntheticGenerator fresh = new SyntheticGenerator(workload);
        for (long i = 2_999; i >= 0; i -= 7) {
            SyntheticRecord record = fresh.record(i);
            assertThat(record.json()).isEqualTo(sequential.get((int) i).json());
            assertThat(record.kind()).isEqualTo(sequential.get((int) i).kind());
        }
    }

    @Test
    void shouldPlaceCreatedAtNearTheAnchorExceptForLateEvents() {
        long[] onTimeAndLate = new long[2];
        generator.records(RECORDS).filter(r -> r.kind() == Kind.EVENT).forEach(record -> {
            // Paced for 1000 records/s: record n is due n ms after the anchor, created up to 10 s before that.
            Instant due = ANCHOR.plusMillis(record.index());
            Instant createdAt = record.event().createdAt();
            assertThat(createdAt).isBeforeOrEqualTo(due).isAfter(due.minus(Duration.ofDays(2)).minusSeconds(10));
            onTimeAndLate[createdAt.isAfter(due.minusSeconds(10)) ? 0 : 1]++;
        });
        double lateShare = onTimeAndLate[1] / (double) (onTimeAndLate[0] + onTimeAndLate[1]);
        assertThat(lateShare).isCloseTo(0.05, within(0.01));
    }

    @Test
    void shouldDrawLocationsWithAHeavyHead() {
        Map<String, Long> counts = new HashMap<>();
        generator.events(RECORDS).forEach(e -> counts.merge(e.location(), 1L, Long::sum));
        long events = counts.values().stream().mapToLong(Long::longValue).sum();
        List<Long> sorted = counts.values().stream().sorted((a, b) -> Long.compare(b, a)).toList();
        // Zipf with exponent 1.1 over ~400 places: the top place alone is well over 10 %, the tail is long.
        assertThat(sorted.get(0) / (double) events).isGreaterThan(0.10);
        assertThat(counts.size()).isGreaterThan(200);
        assertThat(counts).containsKey("unknown");
    }

    @Test
    void shouldGiveEachUserOneLocationAndFollowerCount() {
        Map<String, String> locations = new HashMap<>();
        Map<String, Long> followers = new HashMap<>();
        generator.events(RECORDS).forEach(e -> {
            assertThat(locations.computeIfAbsent(e.userId(), k -> e.location())).isEqualTo(e.location());
            assertThat(followers.computeIfAbsent(e.userId(), k -> e.followersCount())).isEqualTo(e.followersCount());
        });
    }

    @Test
    void shouldDrawHeavyTailedCounts() {
        long[] favorites = generator.events(RECORDS).mapToLong(e -> e.favoriteCount()).sorted().toArray();
        long[] followers = generator.events(RECORDS).mapToLong(e -> e.followersCount()).sorted().toArray();
        double zeroShare = Arrays.stream(favorites).filter(f -> f == 0).count() / (double) favorites.length;
        assertThat(zeroShare).isCloseTo(0.55, within(0.02));
        // A power-law tail: the maximum is orders of magnitude above the median.
        assertThat(favorites[favorites.length - 1]).isGreaterThan(300);
        long medianFollowers = followers[followers.length / 2];
        assertThat(medianFollowers).isBetween(150L, 400L);
        assertThat(followers[followers.length - 1]).isGreaterThan(100 * medianFollowers);
    }

    @Test
    void shouldKeepEverythingNearTheAnchorWithoutARate() {
        SyntheticGenerator unpaced = new SyntheticGenerator(new SyntheticWorkload(1, ANCHOR, 0, 0, Duration.ofDays(1), 0, 0));
        assertThat(unpaced.events(1_000)).allSatisfy(e ->
                assertThat(e.createdAt()).isBetween(ANCHOR.minusSeconds(10), ANCHOR));
    }

    /**
     * The workload's bytes are pinned by their SHA-256: a changed byte changes every figure measured on them, so a
     * change must be deliberate (the last: emoji as raw UTF-8 as the canonical form writes them, no longer escaped).
     */
    @Test
    void shouldKeepTheWorkloadsBytes() throws Exception {
        SyntheticGenerator bench = new SyntheticGenerator(new SyntheticWorkload(7, ANCHOR, 0, 0.05, Duration.ofDays(2), 0, 0));
        assertThat(digest(generator, 50_000)).isEqualTo("d81bb740725a96a9bf1a6e18f02578f873d434d6852da70982aeed13544bd3ec");
        assertThat(digest(bench, 50_000)).isEqualTo("c736bd51bae667fa0b05b13d04a7f580100913fa5b9ae85a23a35260019980cc");
    }

    private static String digest(SyntheticGenerator generator, int records) throws Exception {
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        for (long i = 0; i < records; i++) {
            sha.update(generator.json(i));
            sha.update((byte) '\n');
        }
        return java.util.HexFormat.of().formatHex(sha.digest());
    }

    /**
     * An oracle independent of the generator's code: Jackson reads each valid record into a tree and writes it again
     * with the canonical event's factory, which must give the same bytes (escapes, number forms, field order).
     */
    @Test
    void shouldWriteValidRecordsAsJacksonsDefaultGeneratorDoes() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper(EventJson.newJsonFactory());
        SyntheticGenerator odd = new SyntheticGenerator(new SyntheticWorkload(7, ANCHOR, 1000, 0.05, Duration.ofDays(2), 0, 0),
                PlaceCatalog.parse(new java.io.ByteArrayInputStream(String.join("\n", "\"  Berlin,\\n\\tGermany \"", "null",
                        "\"caf\u00e9 \\\"quoted\\\" \\\\ back\"", "\"\\ud800 alone\"", "\"\\udc00\\ud83d\\ude02 \\u0001\\u001f\\u007f\"",
                        "\"\u65e5\u672c \u0080\u07ff\u0800\uffff\"").getBytes(StandardCharsets.UTF_8))));
        for (SyntheticGenerator each : List.of(generator, odd)) {
            for (long i = 0; i < RECORDS; i++) {
                SyntheticRecord record = each.record(i);
                if (record.kind() == Kind.EVENT) {
                    assertThat(new String(mapper.writeValueAsBytes(mapper.readTree(record.json())), StandardCharsets.UTF_8))
                            .as("record %d", i).isEqualTo(new String(record.json(), StandardCharsets.UTF_8));
                }
            }
        }
    }
}
