package io.clickstream.connect.transforms;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * The field an enrichment reads, resolved once per struct schema (a chain sees one schema for long runs of records,
 * and a lookup by name costs a hash probe per record). One per transform instance, which Connect runs on one thread.
 */
public final class SourceField {
  private final String name;
  private final RecordSide side;
  private Schema lastSchema;
  private Field lastField;

  public SourceField(String name, RecordSide side) {
    this.name = name;
    this.side = side;
  }

  /** The field of this struct's schema; a {@code DataException} naming it when the schema has none. */
  public Field of(Struct struct) {
    Schema schema = struct.schema();
    if (schema != lastSchema) {
      Field field = schema.field(name);
      if (field == null) {
        throw new DataException("field '" + name + "': missing from the record's " + side.noun() + " schema");
      }
      lastSchema = schema;
      lastField = field;
    }
    return lastField;
  }
}
