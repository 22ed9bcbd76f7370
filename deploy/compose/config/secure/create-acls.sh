#!/usr/bin/env bash
# compose.secure.yaml's security-init (as admin, through kafka-client.sh): the SCRAM users, then each principal's
# rights and nothing more. The same principals and grants as the secure local stack (deploy/local-stack
# BrokerSecurity) and the Kubernetes KafkaUsers (deploy/k8s/users.yaml); deploy/manifests (AclReverseCheckTest)
# reads the `allow` lines below and checks them against what the apps' code touches, both ways.
#   allow PRINCIPAL RESOURCE(topic|group|transactional-id|cluster) PATTERN(literal|prefixed) NAME OPERATION...
# admin is a super user (the brokers' super.users) and needs no ACL. Idempotent: adding an existing ACL again is a
# no-op, upserting a SCRAM credential sets the password from .env.
set -euo pipefail
bootstrap=${BOOTSTRAP_SERVERS:?BOOTSTRAP_SERVERS is required}
config=${COMMAND_CONFIG:?run through kafka-client.sh}
bin=/opt/kafka/bin

scram_user() {
  "$bin/kafka-configs.sh" --bootstrap-server "$bootstrap" --command-config "$config" --alter \
    --entity-type users --entity-name "$1" --add-config "SCRAM-SHA-512=[iterations=8192,password=$2]"
}

allow() {
  local principal=$1 type=$2 pattern=$3 name=$4
  shift 4
  local resource
  case $type in
    topic) resource=(--topic "$name") ;;
    group) resource=(--group "$name") ;;
    transactional-id) resource=(--transactional-id "$name") ;;
    cluster) resource=(--cluster) ;;
    *) echo "unknown resource type $type" >&2; exit 1 ;;
  esac
  local operations=()
  for op in "$@"; do
    operations+=(--operation "$op")
  done
  "$bin/kafka-acls.sh" --bootstrap-server "$bootstrap" --command-config "$config" --add \
    --allow-principal "User:$principal" "${resource[@]}" --resource-pattern-type "$pattern" "${operations[@]}"
}

scram_user collector "${COLLECTOR_PASSWORD:?}"
scram_user streams-app "${STREAMS_APP_PASSWORD:?}"
scram_user soc-reader "${SOC_READER_PASSWORD:?}"

# collector: writes the two input topics (idempotent producer), reads nothing
allow collector topic literal fleet.endpoint-events.v1 Write Describe
allow collector topic literal fleet.endpoint-heartbeats.v1 Write Describe
allow collector cluster literal kafka-cluster IdempotentWrite

# streams-app (application.id fleet-connectivity): its internal topics (changelogs, repartitions; created, read,
# written, deleted by the reset tool), its consumer group, its exactly_once_v2 transactional ids
# (<app>-<process id>-<thread>)
allow streams-app topic prefixed fleet-connectivity- All
allow streams-app group literal fleet-connectivity Read Describe
allow streams-app transactional-id prefixed fleet-connectivity- Write Describe
allow streams-app cluster literal kafka-cluster IdempotentWrite
# reads the inputs and the SOC's actions (its global store), writes alerts and dead letters, and the actions (its
# REST API writes acknowledgements and silences)
allow streams-app topic literal fleet.endpoint-events.v1 Read Describe
allow streams-app topic literal fleet.endpoint-heartbeats.v1 Read Describe
allow streams-app topic literal fleet.alert-actions.v1 Read Write Describe
allow streams-app topic literal fleet.connectivity-alerts.v1 Write Describe
allow streams-app topic literal fleet.dead-letter.v1 Write Describe

# soc-reader: the alerts, with consumer groups named soc-*
allow soc-reader topic literal fleet.connectivity-alerts.v1 Read Describe
allow soc-reader group prefixed soc- Read Describe

# registry (client certificate CN=registry on the REGISTRY listener): Apicurio's kafkasql journal topics, and the
# consumer groups it names at random on each start; as deploy/k8s/users.yaml's KafkaUser registry
allow registry topic prefixed kafkasql- All
allow registry group literal '*' Read Describe

"$bin/kafka-acls.sh" --bootstrap-server "$bootstrap" --command-config "$config" --list
