package dev.communicable.jdbc.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jspecify.annotations.Nullable;

/**
 * The columns a multi-row insert writes into a table (all of its fields but the generated ones, in
 * the table's order) and rows of their values in that order. Rows are plain arrays: for a page of
 * thousands of deliveries, filling jOOQ records field by field (each {@code set} looks the field up
 * in the primary key) cost more than binding the values.
 */
final class Columns {
  /** Where values of one row go, by column: a jOOQ record or a {@link Row}. */
  interface Put {
    <T> void put(Field<T> field, @Nullable T value);
  }

  private final Table<?> table;
  private final List<Field<?>> fields;
  private final Map<Field<?>, Integer> index = new IdentityHashMap<>();

  private Columns(Table<?> table, List<Field<?>> fields) {
    this.table = table;
    this.fields = List.copyOf(fields);
    for (int i = 0; i < this.fields.size(); i++) {
      index.put(this.fields.get(i), i);
    }
  }

  /** {@code table}'s fields but {@code generated}. */
  static Columns of(Table<?> table, Field<?>... generated) {
    List<Field<?>> skip = Arrays.asList(generated);
    List<Field<?>> fields = new ArrayList<>();
    for (Field<?> f : table.fields()) {
      if (!skip.contains(f)) {
        fields.add(f);
      }
    }
    return new Columns(table, fields);
  }

  Table<?> table() {
    return table;
  }

  List<Field<?>> fields() {
    return fields;
  }

  /** A new row, every value null until put. */
  Row row() {
    return new Row(new Object[fields.size()]);
  }

  /** The values of {@code record} in these columns' order. */
  Object[] valuesOf(Record record) {
    Object[] values = new Object[fields.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = record.get(fields.get(i));
    }
    return values;
  }

  /** One row's values, by column. */
  final class Row implements Put {
    private final Object[] values;

    private Row(Object[] values) {
      this.values = values;
    }

    @Override
    public <T> void put(Field<T> field, @Nullable T value) {
      Integer i = index.get(field);
      if (i == null) {
        throw new IllegalArgumentException(
            field.getName() + " is not an inserted column of " + table.getName());
      }
      values[i] = value;
    }

    Object[] values() {
      return values;
    }
  }
}
