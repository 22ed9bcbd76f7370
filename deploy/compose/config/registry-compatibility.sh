#!/bin/sh
# Sets the registry's global compatibility to BACKWARD (Apicurio's default is NONE; schemas/EVOLUTION.md
# needs BACKWARD), once the registry answers. Run by compose's registry-init (curlimages/curl image).
set -eu
url=${REGISTRY_URL:?REGISTRY_URL is required}
deadline=$(( $(date +%s) + 300 ))
until curl -fsS -o /dev/null "$url/subjects"; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "the registry at $url did not answer within 300 s" >&2
    exit 1
  fi
  sleep 2
done
curl -fsS -X PUT -H 'Content-Type: application/vnd.schemaregistry.v1+json' \
  -d '{"compatibility":"BACKWARD"}' "$url/config"
echo
