"""Turns what python3-avro decodes into plain JSON values: timestamp-millis datetimes become epoch
milliseconds (exact integer arithmetic, also before 1970), enums already are their symbol strings."""
import datetime

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def plain(value):
    if isinstance(value, datetime.datetime):
        return (value - EPOCH) // datetime.timedelta(milliseconds=1)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def from_millis(millis):
    return EPOCH + datetime.timedelta(milliseconds=millis)
