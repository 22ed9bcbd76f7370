#!/usr/bin/env bash
# The deploy step that registers the schemas, once, as admin (the apps run with auto.register.schemas=false and
# use.latest.version=true: they only look schemas up, and the registry's nginx lets them GET only). Sets the
# registry's compatibility to BACKWARD (Apicurio's default is NONE; schemas/EVOLUTION.md needs BACKWARD), then
# registers each topic's value schema under <topic>-value (TopicNameStrategy); registering a schema the subject
# already has is a no-op, a new compatible version becomes the latest. Used by compose.secure.yaml's registry-init
# and by the Kubernetes Job fleet-registry-init (deploy/k8s/registry.yaml, the same file through a ConfigMap).
# deploy/manifests reads the `register` lines: every Avro topic the apps use, with the schema of its record.
set -euo pipefail
url=${REGISTRY_URL:?REGISTRY_URL is required}
: "${REGISTRY_USER_INFO:?REGISTRY_USER_INFO (admin:password) is required}"
ca="${REGISTRY_CA:?REGISTRY_CA (the CA that signed the certificate of nginx) is required}"
schemas=${SCHEMAS_DIR:?SCHEMAS_DIR (the .avsc files) is required}
content_type='Content-Type: application/vnd.schemaregistry.v1+json'

# --user from a file-less config on stdin keeps the password out of the process list
call() {
  printf 'user = "%s"\n' "$REGISTRY_USER_INFO" | curl -fsS --cacert "$ca" --config - "$@"
}

deadline=$(( $(date +%s) + 300 ))
until call -o /dev/null "$url/subjects"; do
  if [[ $(date +%s) -ge $deadline ]]; then
    echo "the registry at $url did not answer within 300 s" >&2
    exit 1
  fi
  sleep 2
done

call -X PUT -H "$content_type" -d '{"compatibility":"BACKWARD"}' "$url/config"
echo

# register SUBJECT FILE: the .avsc as a JSON string ({"schema": "..."}); a JSON string cannot hold a raw newline or
# tab, so outside strings they are whitespace and can go
register() {
  local body
  body=$(sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' "$schemas/$2" | tr -d '\r\n' | tr '\t' ' ')
  printf '{"schema": "%s"}' "$body" | call -X POST -H "$content_type" --data-binary @- "$url/subjects/$1/versions"
  echo " $1"
}

register fleet.endpoint-events.v1-value EndpointEvent.avsc
register fleet.endpoint-heartbeats.v1-value EndpointHeartbeat.avsc
register fleet.connectivity-alerts.v1-value ConnectivityAlert.avsc
register fleet.alert-actions.v1-value AlertAction.avsc
