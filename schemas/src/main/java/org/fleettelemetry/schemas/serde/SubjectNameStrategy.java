package org.fleettelemetry.schemas.serde;

import org.apache.avro.Schema;

/** Chooses the registry subject a record's schema is registered and looked up under. */
public interface SubjectNameStrategy {

    String subjectName(String topic, boolean isKey, Schema schema);
}
