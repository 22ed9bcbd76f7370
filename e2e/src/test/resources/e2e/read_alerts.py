"""Outside client, as a SOC would write it: reads the alerts topic read_committed (the streams app writes
transactionally) with Debian's python3-confluent-kafka and decodes each value with confluent_kafka.avro
(the Confluent wire format, the writer schema fetched from the registry by its id; python3-avro underneath).
Prints one JSON line per record: {"offset": n, "key": "<alertId>", "value": {...}}, timestamps as epoch
milliseconds. Exits non-zero with the reason on stderr when a record cannot be decoded or too few arrive.

The key is the alert id as a plain UTF-8 string, not Avro: AvroConsumer decodes keys and values alike and
rejects such a key ("message does not start with magic byte"), so this reads with a plain Consumer and
decodes the value with the MessageSerializer AvroConsumer itself uses."""
import argparse
import datetime
import json
import sys
import time

from confluent_kafka import OFFSET_BEGINNING, Consumer, TopicPartition
from confluent_kafka.avro import CachedSchemaRegistryClient
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def plain(value):
    """timestamp-millis datetimes become epoch milliseconds (exact integer arithmetic); enums already are
    their symbol strings."""
    if isinstance(value, datetime.datetime):
        return (value - EPOCH) // datetime.timedelta(milliseconds=1)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--registry", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--group", required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--timeout-sec", type=float, default=90)
    args = parser.parse_args()

    consumer = Consumer({
        "bootstrap.servers": args.bootstrap,
        "group.id": args.group,
        "enable.auto.commit": False,
        "isolation.level": "read_committed",
    })
    values = MessageSerializer(CachedSchemaRegistryClient({"url": args.registry}))
    consumer.assign([TopicPartition(args.topic, 0, OFFSET_BEGINNING)])
    deadline = time.monotonic() + args.timeout_sec
    seen = 0
    try:
        while seen < args.count and time.monotonic() < deadline:
            message = consumer.poll(1.0)
            if message is None:
                continue
            if message.error():
                print("consume error: %s" % message.error(), file=sys.stderr)
                return 2
            key = message.key().decode("utf-8") if message.key() is not None else None
            value = values.decode_message(message.value(), is_key=False)
            print(json.dumps({"offset": message.offset(), "key": key, "value": plain(value)}), flush=True)
            seen += 1
    finally:
        consumer.close()
    if seen < args.count:
        print("only %d of %d records arrived within %s s" % (seen, args.count, args.timeout_sec), file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
