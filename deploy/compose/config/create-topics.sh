#!/usr/bin/env bash
# Creates the topics fleet-telemetry reads and writes, each replicated 3 times with min.insync.replicas=2
# (acks=all writes go on with one broker down), then exits. Run by compose's topic-init (apache/kafka image); in
# compose.secure.yaml through secure/kafka-client.sh as admin, which sets COMMAND_CONFIG (the client's login).
# One `create NAME PARTITIONS [topic-config=value]...` line per topic: deploy/manifests checks them against
# the streams-app topology and the Kubernetes KafkaTopics.
set -euo pipefail
bootstrap=${BOOTSTRAP_SERVERS:?BOOTSTRAP_SERVERS is required}
kafka_topics=/opt/kafka/bin/kafka-topics.sh
login=()
if [[ -n "${COMMAND_CONFIG:-}" ]]; then
  login=(--command-config "$COMMAND_CONFIG")
fi

create() {
  local name=$1 partitions=$2
  shift 2
  local configs=(--config min.insync.replicas=2)
  for c in "$@"; do
    configs+=(--config "$c")
  done
  "$kafka_topics" --bootstrap-server "$bootstrap" "${login[@]}" --create --if-not-exists --topic "$name" \
    --partitions "$partitions" --replication-factor 3 "${configs[@]}"
}

# Read by one sub-topology (merged per endpoint), so co-partitioned: the same count. The laptop runs two
# instances; 4 partitions give each two tasks. Events are kept 3 days: a reset can rebuild the 24 h windows
# and dedup state with a weekend to spare; heartbeats only feed the 10-minute "silent" view.
create fleet.endpoint-events.v1 4 retention.ms=259200000
create fleet.endpoint-heartbeats.v1 4 retention.ms=172800000
# Keyed by alert id (OPEN, UPDATE..., RESOLVED). compact,delete: a day of full history for consumers that
# catch up (min.compaction.lag.ms), then each alert's latest state only, and nothing older than 90 days.
# One partition: a few records per outage, and the SOC reads them in one order.
create fleet.connectivity-alerts.v1 1 cleanup.policy=compact,delete retention.ms=7776000000 min.compaction.lag.ms=86400000
# Operators' actions (acks, silences), key = subject (silence/<id>, ack/<alertId>): compact only, with
# min.compaction.lag.ms = the audit period (90 days): no record younger than that is compacted away, so the
# audit trail holds every action of the last 90 days, and each subject's latest state (a silence, an ack) forever.
# One partition: few records, and every app instance reads all of them into its global store.
create fleet.alert-actions.v1 1 cleanup.policy=compact min.compaction.lag.ms=7776000000
# Records the app could not deserialise, with the reason in headers: 14 days to look at them.
create fleet.dead-letter.v1 1 retention.ms=1209600000

"$kafka_topics" --bootstrap-server "$bootstrap" "${login[@]}" --describe --exclude-internal
