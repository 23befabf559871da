package org.gatekeeper.sweep;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import java.util.Properties;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.codec.ChangeRecordCodec;
import org.gatekeeper.model.codec.FieldKind;
import org.gatekeeper.model.codec.FieldSpec;

/**
 * A dataset read by one SQL query over JDBC. The query returns one row per record with a column per SPEC §2 field,
 * matched by name ignoring case and underscores ({@code videoId}, {@code videoid} and {@code video_id} all match
 * {@code videoId}); other columns are ignored. Lists and sets are SQL arrays ({@code text[]}) or JSON array text.
 *
 * <p>Each row goes through the same checks as a change record on Kafka (it is turned into the record's JSON and
 * decoded by the codec), so a row a producer would dead-letter is reported here with its row number instead of being
 * sent. Rows stream with a fetch size, so a 3 M-row table is never held in memory; give the query an
 * {@code ORDER BY} on the key so a resumed sweep skips the same rows it sent before.
 */
public final class JdbcSource<T> implements SweepSource<T> {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonFactory JSON = MAPPER.getFactory();
    private static final int FETCH_SIZE = 5_000;

    private final Dataset<T> dataset;
    private final String url;
    private final Properties connectionProperties;
    private final String query;
    private final ChangeRecordCodec<T> codec;

    /**
     * @param url a JDBC URL; keep credentials out of it (they would show in logs) and pass them in
     *            {@code connectionProperties} ({@code user}, {@code password})
     */
    public JdbcSource(Dataset<T> dataset, String url, Properties connectionProperties, String query) {
        this.dataset = dataset;
        this.url = url;
        this.connectionProperties = (Properties) connectionProperties.clone();
        this.query = query;
        this.codec = ChangeRecordCodec.of(dataset);
    }

    @Override
    public Dataset<T> dataset() {
        return dataset;
    }

    @Override
    public String description() {
        return url + " query \"" + query + "\"";
    }

    @Override
    public OptionalLong estimatedSize() {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet count = statement.executeQuery("SELECT count(*) FROM (" + query + ") AS sweep_source")) {
            return count.next() ? OptionalLong.of(count.getLong(1)) : OptionalLong.empty();
        } catch (SQLException | SweepException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public Cursor<T> open() {
        Connection connection = connect();
        try {
            connection.setAutoCommit(false); // PostgreSQL streams a result set only inside a transaction
            connection.setReadOnly(true);
            Statement statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            statement.setFetchSize(FETCH_SIZE);
            ResultSet rows = statement.executeQuery(query);
            int[] columns = columnsOf(rows.getMetaData());
            return new RowCursor(connection, rows, columns);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new SweepException("query for " + dataset + " failed on " + url + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    private Connection connect() {
        try {
            return DriverManager.getConnection(url, connectionProperties);
        } catch (SQLException e) {
            throw new SweepException("cannot connect to " + url + " for " + dataset + ": " + e.getMessage(), e);
        }
    }

    /** The result-set column of each schema field, in schema order. */
    private int[] columnsOf(ResultSetMetaData meta) throws SQLException {
        List<FieldSpec<T>> fields = dataset.schema().fields();
        int[] columns = new int[fields.size()];
        List<String> labels = new ArrayList<>();
        for (int column = 1; column <= meta.getColumnCount(); column++) {
            labels.add(meta.getColumnLabel(column));
        }
        for (int i = 0; i < fields.size(); i++) {
            String wanted = normalized(fields.get(i).name());
            columns[i] = -1;
            for (int column = 0; column < labels.size(); column++) {
                if (normalized(labels.get(column)).equals(wanted)) {
                    columns[i] = column + 1;
                }
            }
            if (columns[i] < 0) {
                throw new SweepException("the " + dataset + " query returns no column for field '"
                        + fields.get(i).name() + "' (columns: " + String.join(", ", labels) + "); query: " + query);
            }
        }
        return columns;
    }

    private static String normalized(String name) {
        return name.replace("_", "").toLowerCase(Locale.ROOT);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // already failing with a better message
        }
    }

    private final class RowCursor implements Cursor<T> {
        private final Connection connection;
        private final ResultSet rows;
        private final int[] columns;
        private long rowNumber;
        private boolean hasRow;

        RowCursor(Connection connection, ResultSet rows, int[] columns) throws SQLException {
            this.connection = connection;
            this.rows = rows;
            this.columns = columns;
            this.hasRow = rows.next();
        }

        @Override
        public boolean hasNext() {
            return hasRow;
        }

        @Override
        public SourceEntry<T> next() {
            if (!hasRow) {
                throw new NoSuchElementException();
            }
            rowNumber++;
            try {
                byte[] json = rowAsJson();
                hasRow = rows.next();
                return new SourceEntry<>("row " + rowNumber, codec.decodeRecord(json));
            } catch (SQLException e) {
                throw new SweepException("reading row " + rowNumber + " of the " + dataset + " query on " + url
                        + " failed: " + e.getMessage(), e);
            }
        }

        private byte[] rowAsJson() throws SQLException {
            List<FieldSpec<T>> fields = dataset.schema().fields();
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            try (JsonGenerator json = JSON.createGenerator(out)) {
                json.writeStartObject();
                for (int i = 0; i < fields.size(); i++) {
                    FieldSpec<T> field = fields.get(i);
                    json.writeFieldName(field.name());
                    Object value = rows.getObject(columns[i]);
                    boolean collection = field.kind() == FieldKind.STRING_LIST || field.kind() == FieldKind.STRING_SET;
                    if (collection && value instanceof String text) {
                        writeJsonArrayText(json, text);
                    } else {
                        writeValue(json, value);
                    }
                }
                json.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }

        /**
         * A list column held as JSON text: written as the array it parses to (never spliced in raw, so the text cannot
         * add fields to the record), or as a plain string the codec then rejects as the wrong type.
         */
        private void writeJsonArrayText(JsonGenerator json, String text) throws IOException {
            JsonNode parsed;
            try {
                parsed = MAPPER.readTree(text);
            } catch (IOException e) {
                parsed = null;
            }
            if (parsed != null && parsed.isArray()) {
                MAPPER.writeTree(json, parsed);
            } else {
                json.writeString(text);
            }
        }

        /** Writes a column value as the JSON a change record would carry; the codec judges its type. */
        private void writeValue(JsonGenerator json, Object value) throws IOException, SQLException {
            if (value == null) {
                json.writeNull();
            } else if (value instanceof Integer || value instanceof Long || value instanceof Short
                    || value instanceof Byte) {
                json.writeNumber(((Number) value).longValue());
            } else if (value instanceof BigInteger number) {
                json.writeNumber(number);
            } else if (value instanceof BigDecimal number) {
                json.writeNumber(number);
            } else if (value instanceof Number number) {
                json.writeNumber(number.doubleValue());
            } else if (value instanceof Array array) {
                json.writeStartArray();
                for (Object element : (Object[]) array.getArray()) {
                    writeValue(json, element);
                }
                json.writeEndArray();
                array.free();
            } else {
                json.writeString(value.toString());
            }
        }

        @Override
        public void close() {
            try {
                rows.close();
                connection.rollback();
            } catch (SQLException ignored) {
                // closing below releases everything
            } finally {
                closeQuietly(connection);
            }
        }
    }
}
