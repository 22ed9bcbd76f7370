#!/usr/bin/env bash
# Runs a Kafka command-line tool's script as one principal (compose.secure.yaml's security-init, topic-init and
# soc-reader, apache/kafka image): writes the client settings for KAFKA_USER / KAFKA_PASSWORD on the SASL_SSL
# listener, trusting the compose CA, to $COMMAND_CONFIG (the container's own /tmp), then runs the given script.
set -euo pipefail
: "${KAFKA_USER:?}" "${KAFKA_PASSWORD:?}"
export COMMAND_CONFIG=/tmp/client.properties
cat >"$COMMAND_CONFIG" <<PROPERTIES
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$KAFKA_USER" password="$KAFKA_PASSWORD";
ssl.truststore.type=PEM
ssl.truststore.location=/etc/fleet-telemetry/tls/ca.crt
PROPERTIES
chmod 600 "$COMMAND_CONFIG"
exec /bin/bash "$@"
