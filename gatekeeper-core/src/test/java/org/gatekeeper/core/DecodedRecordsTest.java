package org.gatekeeper.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import com.netflix.hollow.core.read.engine.HollowTypeReadState;
import com.netflix.hollow.core.util.StateEngineRoundTripper;
import com.netflix.hollow.core.write.HollowWriteStateEngine;
import com.netflix.hollow.core.write.objectmapper.HollowObjectMapper;
import java.io.IOException;
import org.gatekeeper.model.Asset;
import org.junit.jupiter.api.Test;

class DecodedRecordsTest {

    @Test
    void row_keepsVideoStringAndFlagsApart_andANullStringAsMinusOne() {
        long row = DecodedRecords.row(123_456, 77, 0b101);
        assertThat(DecodedRecords.video(row)).isEqualTo(123_456);
        assertThat(DecodedRecords.string(row)).isEqualTo(77);
        assertThat(DecodedRecords.flags(row)).isEqualTo(0b101);

        long widest = DecodedRecords.row(Integer.MAX_VALUE, 0xFF_FFFE, 0x7F);
        assertThat(widest).isNotIn(DecodedRecords.UNREAD, DecodedRecords.IGNORED);
        assertThat(DecodedRecords.video(widest)).isEqualTo(Integer.MAX_VALUE);
        assertThat(DecodedRecords.string(widest)).isEqualTo(0xFF_FFFE);
        assertThat(DecodedRecords.flags(widest)).isEqualTo(0x7F);

        long noString = DecodedRecords.row(5, -1, 2);
        assertThat(DecodedRecords.string(noString)).isEqualTo(-1);
        assertThat(DecodedRecords.video(noString)).isEqualTo(5);
        assertThat(DecodedRecords.flags(noString)).isEqualTo(2);
    }

    @Test
    void row_ofAStringOrdinalThatDoesNotFit_isUnread_soTheRecordIsDecodedEachTime() {
        assertThat(DecodedRecords.row(1, 0xFF_FFFF, 0)).isEqualTo(DecodedRecords.UNREAD);
        assertThat(DecodedRecords.row(1, Integer.MAX_VALUE, 0)).isEqualTo(DecodedRecords.UNREAD);
        assertThat(DecodedRecords.row(1, -2, 0)).isEqualTo(DecodedRecords.UNREAD);
    }

    @Test
    void use_renumbersRowsWhenVideosComeAndGo_andForgetsRowsOfVideosThatWent() throws IOException {
        HollowWriteStateEngine write = new HollowWriteStateEngine();
        HollowObjectMapper mapper = new HollowObjectMapper(write);
        for (int i = 0; i < 4; i++) {
            mapper.add(new Asset("a" + i, 10, "VIDEO", "", "READY"));
        }
        HollowReadStateEngine read = new HollowReadStateEngine();
        StateEngineRoundTripper.roundTripSnapshot(write, read);
        HollowTypeReadState assets = read.getTypeState("Asset");

        DecodedRecords kept = new DecodedRecords();
        long[] before = {10, 20, 30};
        kept.use(assets, before, index(before));
        assertThat(kept.row(3)).isEqualTo(DecodedRecords.UNREAD);
        kept.keep(0, DecodedRecords.row(0, 3, 1)); // video 10
        kept.keep(1, DecodedRecords.row(1, 4, 0)); // video 20
        kept.keep(2, DecodedRecords.row(2, 5, 2)); // video 30
        kept.keep(3, DecodedRecords.IGNORED);

        long[] after = {5, 10, 30}; // 5 added, 20 removed
        kept.use(assets, after, index(after));
        assertThat(DecodedRecords.video(kept.row(0))).isEqualTo(1);
        assertThat(DecodedRecords.string(kept.row(0))).isEqualTo(3);
        assertThat(DecodedRecords.flags(kept.row(0))).isEqualTo(1);
        assertThat(kept.row(1)).isEqualTo(DecodedRecords.UNREAD);
        assertThat(DecodedRecords.video(kept.row(2))).isEqualTo(2);
        assertThat(kept.row(3)).isEqualTo(DecodedRecords.IGNORED);
        assertThat(kept.decoded()).isZero();

        kept.forget(2);
        assertThat(kept.row(2)).isEqualTo(DecodedRecords.UNREAD);

        write.addAllObjectsFromPreviousCycle();
        HollowReadStateEngine reloaded = new HollowReadStateEngine();
        StateEngineRoundTripper.roundTripSnapshot(write, reloaded);
        kept.use(reloaded.getTypeState("Asset"), after, index(after));
        assertThat(kept.row(0)).as("another type state: nothing kept").isEqualTo(DecodedRecords.UNREAD);
    }

    private static LongIntMap index(long[] ids) {
        LongIntMap index = new LongIntMap(ids.length, ids[0], ids[ids.length - 1]);
        for (int v = 0; v < ids.length; v++) {
            index.put(ids[v], v);
        }
        return index;
    }
}
