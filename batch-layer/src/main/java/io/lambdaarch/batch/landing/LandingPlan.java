package io.lambdaarch.batch.landing;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.batch.kafka.TopicSnapshot;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.ledger.LandingOffsets;
import io.lambdaarch.common.ledger.LedgerTables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one landing run reads: per partition, from the offset the warehouse says is next up to the end offset captured
 * at the start. Refuses, with one line each, the states in which landing would lose or corrupt data.
 *
 * @param ranges one range per partition of the topic, in partition order
 * @param warnings what the operator should know (records skipped with --accept-lost-offsets)
 */
public record LandingPlan(List<PartitionRange> ranges, List<String> warnings) {
    public LandingPlan {
        ranges = List.copyOf(requireNonNull(ranges, "ranges is null"));
        warnings = List.copyOf(requireNonNull(warnings, "warnings is null"));
    }

    /** The plan for landing {@code snapshot} on top of {@code state}. */
    public static LandingPlan of(LandingOffsets state, TopicSnapshot snapshot, boolean acceptLostOffsets) {
        String topic = snapshot.topic();
        if (state.topicId().isPresent() && !state.topicId().get().equals(snapshot.topicId())) {
            throw new TerseException("Kafka topic " + topic + " was deleted and created again (topic id " + state.topicId().get()
                    + " is now " + snapshot.topicId() + "): its offsets restarted, and landing it would overwrite archive"
                    + " files of the old topic. Move the old archive aside and delete the topic's rows from "
                    + LedgerTables.unqualified().landingOffsets() + " first.");
        }
        for (Integer partition : state.nextOffsets().keySet()) {
            if (!snapshot.latest().containsKey(partition)) {
                throw new TerseException(LedgerTables.unqualified().landingOffsets() + " has partition " + partition + " of topic " + topic
                        + ", which the topic no longer has");
            }
        }
        List<PartitionRange> ranges = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Map.Entry<Integer, Long> end : snapshot.latest().entrySet()) {
            int partition = end.getKey();
            long earliest = snapshot.earliest().get(partition);
            Long stored = state.nextOffsets().get(partition);
            long from;
            if (stored == null) {
                from = earliest;
            } else if (stored > end.getValue()) {
                throw new TerseException("Partition " + partition + " of Kafka topic " + topic + " ends at offset "
                        + end.getValue() + ", but offsets up to " + stored + " are already landed: the topic lost records"
                        + " it had (unclean leader election or a restore). Nothing was landed.");
            } else if (stored < earliest) {
                String lost = "records " + stored + " to " + (earliest - 1) + " of partition " + partition + " of Kafka topic "
                        + topic + " were deleted by retention before they were landed";
                if (!acceptLostOffsets) {
                    throw new TerseException("The " + lost + "; they are not in the archive. Run land with"
                            + " --accept-lost-offsets to continue from offset " + earliest + " and accept the gap.");
                }
                warnings.add("WARNING: the " + lost + "; continuing from offset " + earliest + " (--accept-lost-offsets)");
                from = earliest;
            } else {
                from = stored;
            }
            ranges.add(new PartitionRange(partition, from, end.getValue()));
        }
        return new LandingPlan(ranges, warnings);
    }

    /** The offsets landing_offsets holds once this plan is committed: every partition up to its end offset. */
    public SortedMap<Integer, Long> nextOffsets() {
        SortedMap<Integer, Long> next = new TreeMap<>();
        ranges.forEach(range -> next.put(range.partition(), range.to()));
        return next;
    }

    /** Offsets to read over all partitions. */
    public long offsets() {
        return ranges.stream().mapToLong(PartitionRange::offsets).sum();
    }
}
