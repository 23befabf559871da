package org.gatekeeper.app.bench;

import com.netflix.hollow.core.read.engine.HollowReadStateEngine;
import com.netflix.hollow.core.read.engine.HollowTypeReadState;
import com.netflix.hollow.core.read.engine.object.HollowObjectTypeReadState;
import com.netflix.hollow.core.schema.HollowObjectSchema;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.profile.CatalogPublisher;
import org.gatekeeper.model.profile.Profile;
import org.gatekeeper.model.profile.SyntheticCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gatekeeper bench heap}: the heap of the six input datasets in Hollow against the same records as POJOs
 * (issue 4), dataset by dataset, and how much of Hollow's share is inline text that no encoding of SPEC §2's schema
 * can store in fewer bytes.
 *
 * <p>Each figure is a difference of used heap after full collections: the POJOs' by releasing one dataset's list at
 * a time, Hollow's by building one dataset's read state at a time. Hollow writes an inline string as one variable-
 * length integer per character (one byte for ASCII, as a compact Java string), so the bytes of the inline strings,
 * counted from the read states, are a floor under Hollow's figure.
 */
@Command(name = "heap", mixinStandardHelpOptions = true,
        description = "Measure the heap of the six input datasets in Hollow against the same records as POJOs, "
                + "dataset by dataset.")
final class HeapBench implements Callable<Integer> {
    private static final double MIB = 1024.0 * 1024;

    @Option(names = "--profile", defaultValue = "netflix", description = "small or netflix (default ${DEFAULT-VALUE}).")
    String profile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Profile size = Profile.named(profile);
        out.println("Machine: " + Stats.machine());

        long beforeCatalog = Stats.usedHeap();
        SyntheticCatalog catalog = SyntheticCatalog.generate(size, 1, 1_795_000_000_000L);
        long pojoTotal = Stats.usedHeap() - beforeCatalog;
        List<Dataset<?>> datasets = new ArrayList<>(catalog.byDataset().keySet());
        List<List<?>> records = new ArrayList<>(catalog.byDataset().values());

        int last = datasets.size() - 1;
        CatalogPublisher.inMemory(datasets.get(last), records.get(last)); // loads Hollow's classes before measuring
        Map<Dataset<?>, HollowReadStateEngine> states = new LinkedHashMap<>();
        long[] hollow = new long[datasets.size()];
        for (int i = 0; i < datasets.size(); i++) {
            long before = Stats.usedHeap();
            states.put(datasets.get(i), CatalogPublisher.inMemory(datasets.get(i), records.get(i)));
            hollow[i] = Stats.usedHeap() - before;
        }
        int[] counts = records.stream().mapToInt(List::size).toArray();
        catalog = null;
        long[] pojo = new long[datasets.size()];
        for (int i = 0; i < datasets.size(); i++) {
            long before = Stats.usedHeap();
            records.set(i, null);
            pojo[i] = before - Stats.usedHeap();
        }

        out.printf("%n## Heap of the six input datasets, profile `%s`%n%n", size.name());
        out.println("| dataset | records | POJOs | Hollow | Hollow / POJOs | of Hollow: inline strings "
                + "| of Hollow: the rest (fixed-width fields, references, sets and lists) |");
        out.println("|---|---|---|---|---|---|---|");
        long hollowTotal = 0;
        long inlineTotal = 0;
        int recordTotal = 0;
        for (int i = 0; i < datasets.size(); i++) {
            HollowReadStateEngine state = states.get(datasets.get(i));
            long inline = inlineStringBytes(state);
            long footprint = footprint(state);
            out.printf("| `%s` | %,d | %,.1f MiB | %,.1f MiB | 1/%.1f | %,.1f MiB | %,.1f MiB |%n",
                    datasets.get(i).name(), counts[i], pojo[i] / MIB, hollow[i] / MIB, (double) pojo[i] / hollow[i],
                    inline / MIB, (footprint - inline) / MIB);
            hollowTotal += hollow[i];
            inlineTotal += inline;
            recordTotal += counts[i];
        }
        out.printf("| all six | %,d | **%,.1f MiB** | **%,.1f MiB** | **1/%.1f** | %,.1f MiB | |%n", recordTotal,
                pojoTotal / MIB, hollowTotal / MIB, (double) pojoTotal / hollowTotal, inlineTotal / MIB);
        out.printf("%nPOJOs: the model classes in the catalog's lists, languages and countries shared as a decoder "
                        + "that interns them would share them. Hollow: used heap after building each dataset's read "
                        + "state; the breakdown columns are Hollow's own estimate (`getApproximateHeapFootprintInBytes`), "
                        + "the inline strings counted in Hollow's encoding. At 1/5, Hollow would hold the six datasets "
                        + "in %,.1f MiB; their inline strings alone take %,.1f MiB.%n",
                pojoTotal / 5 / MIB, inlineTotal / MIB);
        out.flush();
        return 0;
    }

    private static long footprint(HollowReadStateEngine state) {
        long bytes = 0;
        for (HollowTypeReadState type : state.getTypeStates()) {
            bytes += type.getApproximateHeapFootprintInBytes();
        }
        return bytes;
    }

    /** The bytes Hollow spends on inline {@code STRING} fields: a variable-length integer per character. */
    static long inlineStringBytes(HollowReadStateEngine state) {
        long bytes = 0;
        for (HollowTypeReadState type : state.getTypeStates()) {
            if (!(type instanceof HollowObjectTypeReadState object) || type.getSchema().getName().equals("String")) {
                continue; // the shared String type holds referenced values: counted in "the rest"
            }
            HollowObjectSchema schema = object.getSchema();
            BitSet ordinals = object.getPopulatedOrdinals();
            for (int field = 0; field < schema.numFields(); field++) {
                if (schema.getFieldType(field) != HollowObjectSchema.FieldType.STRING) {
                    continue;
                }
                for (int ordinal = ordinals.nextSetBit(0); ordinal >= 0; ordinal = ordinals.nextSetBit(ordinal + 1)) {
                    String value = object.readString(ordinal, field);
                    for (int c = 0; value != null && c < value.length(); c++) {
                        char ch = value.charAt(c);
                        bytes += ch < 0x80 ? 1 : ch < 0x4000 ? 2 : 3;
                    }
                }
            }
        }
        return bytes;
    }
}
