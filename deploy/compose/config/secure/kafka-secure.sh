#!/usr/bin/env bash
# A broker of compose.secure.yaml (apache/kafka image, run instead of its entrypoint): writes server.properties,
# formats the log dir on first start with the SCRAM credential of admin (the brokers log in to each other as admin,
# so admin must exist before the first start; the apps' users are made by security-init), then starts Kafka.
# Listeners (no PLAINTEXT anywhere):
#   INTERNAL   9092   SASL_SSL, SCRAM-SHA-512: the apps on the compose network, and broker to broker (as admin)
#   CONTROLLER 9093   SSL with client certificates: the KRaft quorum (principals kafka-1..3, super users)
#   REGISTRY   9094   SSL with client certificates: Apicurio's kafkasql storage (principal registry; it cannot log in
#                     with SCRAM)
#   HOST       HOST_PORT  SASL_SSL, SCRAM-SHA-512: clients on the host (127.0.0.1)
set -euo pipefail
: "${NODE_ID:?}" "${HOST_PORT:?}" "${CLUSTER_ID:?}" "${ADMIN_PASSWORD:?}" "${STORE_PASSWORD:?}"
config=/opt/kafka/config/secure-server.properties
admin_jaas="org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"$ADMIN_PASSWORD\";"
tls=/etc/kafka/tls

cat >"$config" <<PROPERTIES
process.roles=broker,controller
node.id=$NODE_ID
controller.quorum.voters=1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093
controller.listener.names=CONTROLLER
listeners=INTERNAL://:9092,CONTROLLER://:9093,REGISTRY://:9094,HOST://:$HOST_PORT
advertised.listeners=INTERNAL://kafka-$NODE_ID:9092,REGISTRY://kafka-$NODE_ID:9094,HOST://127.0.0.1:$HOST_PORT
listener.security.protocol.map=CONTROLLER:SSL,INTERNAL:SASL_SSL,REGISTRY:SSL,HOST:SASL_SSL
inter.broker.listener.name=INTERNAL
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.internal.scram-sha-512.sasl.jaas.config=$admin_jaas
listener.name.host.scram-sha-512.sasl.jaas.config=$admin_jaas
ssl.keystore.type=PKCS12
ssl.keystore.location=$tls/kafka-$NODE_ID.p12
ssl.keystore.password=$STORE_PASSWORD
ssl.key.password=$STORE_PASSWORD
ssl.truststore.type=PEM
ssl.truststore.location=$tls/ca.crt
ssl.endpoint.identification.algorithm=https
listener.name.controller.ssl.client.auth=required
listener.name.registry.ssl.client.auth=required
ssl.principal.mapping.rules=RULE:^CN=([^,]+)\$/\$1/,DEFAULT
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:admin;User:kafka-1;User:kafka-2;User:kafka-3
log.dirs=/var/lib/kafka/data
auto.create.topics.enable=false
default.replication.factor=3
min.insync.replicas=2
offsets.topic.replication.factor=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
PROPERTIES

# the admin client settings the health check and nothing else uses (the container's own /tmp)
cat >/tmp/admin.properties <<PROPERTIES
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=$admin_jaas
ssl.truststore.type=PEM
ssl.truststore.location=$tls/ca.crt
PROPERTIES
chmod 600 "$config" /tmp/admin.properties

/opt/kafka/bin/kafka-storage.sh format --config "$config" --cluster-id "$CLUSTER_ID" --ignore-formatted \
  --add-scram "SCRAM-SHA-512=[name=admin,password=$ADMIN_PASSWORD]"
exec /opt/kafka/bin/kafka-server-start.sh "$config"
