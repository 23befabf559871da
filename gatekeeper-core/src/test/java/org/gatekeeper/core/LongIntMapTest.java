package org.gatekeeper.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongIntMapTest {

    /** Both layouts answer like a HashMap, for present keys, absent keys and keys far outside the range. */
    @Test
    void directAndHashedMaps_answerLikeAHashMap() {
        long seed = Long.getLong("gatekeeper.test.seed", System.nanoTime());
        System.out.println("LongIntMapTest seed=" + seed);
        Random random = new Random(seed);
        long[] probes = {Long.MIN_VALUE, Long.MIN_VALUE + 1, -1, 0, 1, Long.MAX_VALUE - 1, Long.MAX_VALUE};
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(500);
            boolean dense = random.nextBoolean();
            long origin = switch (random.nextInt(4)) {
                case 0 -> Long.MIN_VALUE + random.nextInt(10);
                case 1 -> Long.MAX_VALUE - 4L * n - random.nextInt(10);
                case 2 -> -random.nextInt(1_000);
                default -> random.nextLong();
            };
            Map<Long, Integer> expected = new HashMap<>();
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) {
                keys[i] = dense ? origin + random.nextInt(2 * n) : random.nextLong();
                min = Math.min(min, keys[i]);
                max = Math.max(max, keys[i]);
            }
            LongIntMap map = new LongIntMap(n, min, max);
            for (int i = 0; i < n; i++) {
                map.put(keys[i], i);
                expected.put(keys[i], i);
            }
            String as = "seed " + seed + " round " + round;
            for (long key : keys) {
                assertThat(map.get(key)).as(as).isEqualTo(expected.get(key));
                assertThat(map.get(key + 1)).as(as).isEqualTo(expected.getOrDefault(key + 1, -1));
                assertThat(map.get(key - 1)).as(as).isEqualTo(expected.getOrDefault(key - 1, -1));
            }
            for (long probe : probes) {
                assertThat(map.get(probe)).as(as).isEqualTo(expected.getOrDefault(probe, -1));
                assertThat(map.get(probe ^ min)).as(as).isEqualTo(expected.getOrDefault(probe ^ min, -1));
            }
        }
    }

    @Test
    void directMap_refusesAKeyOutsideItsRange() {
        LongIntMap map = new LongIntMap(10, 100, 109);
        assertThatThrownBy(() -> map.put(110, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("110");
        assertThatThrownBy(() -> map.put(Long.MIN_VALUE, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(map.get(110)).isEqualTo(-1);
    }
}
