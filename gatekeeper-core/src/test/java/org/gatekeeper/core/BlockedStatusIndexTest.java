package org.gatekeeper.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BlockedStatusIndexTest {

    @Test
    void rotations_placeTheFourMasksInDisjointBits_soTheirUnionIsOneToOne() {
        long seed = Long.getLong("gatekeeper.test.seed", System.nanoTime());
        System.out.println("BlockedStatusIndexTest seed=" + seed);
        Random random = new Random(seed);
        for (int round = 0; round < 1_000; round++) {
            long dubs = sparse(random);
            long subtitles = sparse(random);
            long metadata = sparse(random);
            int[] r = BlockedStatusIndex.rotations(dubs, subtitles, metadata);
            if (r == null) {
                continue;
            }
            List<Long> placed = List.of(dubs, Long.rotateLeft(subtitles, r[0]), Long.rotateLeft(metadata, r[1]),
                    Long.rotateLeft(metadata, r[2]));
            for (int i = 0; i < placed.size(); i++) {
                for (int j = i + 1; j < placed.size(); j++) {
                    assertThat(placed.get(i) & placed.get(j)).as("seed %d round %d masks %d and %d", seed, round,
                            i, j).isZero();
                }
            }
        }
        // The SPEC-sized policies of profile netflix (at most 2 + 2 + 2 x 2 required bits) always fit.
        assertThat(BlockedStatusIndex.rotations(0b11, 0b11, 0b11)).isNotNull();
    }

    @Test
    void rotations_areNullWhenTheMasksCannotShareOneLong() {
        assertThat(BlockedStatusIndex.rotations(-1L, 1, 0)).isNull();
        assertThat(BlockedStatusIndex.rotations(0xFFFF_FFFFL, 0xFFFF_FFFFL, 1)).isNull();
    }

    @Test
    void getAndPut_agreeWithAHashMap_acrossGrowth_andClearForgetsEverything() {
        long seed = Long.getLong("gatekeeper.test.seed", System.nanoTime());
        System.out.println("BlockedStatusIndexTest seed=" + seed);
        Random random = new Random(seed);
        BlockedStatusIndex index = new BlockedStatusIndex();
        Map<List<Long>, Integer> expected = new HashMap<>();
        for (int i = 0; i < 5_000; i++) {
            long shape = random.nextInt(64) == 0 ? random.nextLong() : random.nextInt(16);
            long tags = random.nextInt(300);
            if (index.get(shape, tags) < 0) {
                index.put(shape, tags, expected.size());
                expected.put(List.of(shape, tags), expected.size());
            }
        }
        expected.forEach((key, id) -> assertThat(index.get(key.get(0), key.get(1))).as("seed %d", seed).isEqualTo(id));
        assertThat(index.get(17, 301)).isEqualTo(-1);
        index.clear();
        expected.keySet().forEach(key -> assertThat(index.get(key.get(0), key.get(1))).isEqualTo(-1));
    }

    private static long sparse(Random random) {
        long mask = 0;
        for (int i = random.nextInt(6); i > 0; i--) {
            mask |= 1L << random.nextInt(64);
        }
        return mask;
    }
}
