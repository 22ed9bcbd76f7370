// Times and numbers as an operator reads them: local clock time plus how long ago.

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hour12: false });
const clockSeconds = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
});
const dateTime = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
});

export function hhmm(ms) {
  return clock.format(new Date(ms));
}

export function hhmmss(ms) {
  return clockSeconds.format(new Date(ms));
}

export function fullTime(iso) {
  return iso ? dateTime.format(new Date(iso)) : 'never';
}

export function ago(iso, now = Date.now()) {
  if (!iso) {
    return 'never';
  }
  const seconds = Math.round((now - Date.parse(iso)) / 1000);
  if (seconds < 5) {
    return 'just now';
  }
  if (seconds < 90) {
    return `${seconds} s ago`;
  }
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) {
    return `${minutes} min ago`;
  }
  const hours = Math.round(minutes / 6) / 10;
  if (hours < 48) {
    return `${hours} h ago`;
  }
  return `${Math.round(hours / 24)} days ago`;
}

/** "12:03:05 (3 min ago)" */
export function when(iso, now = Date.now()) {
  return iso ? `${fullTime(iso)} (${ago(iso, now)})` : 'never';
}

export function percent(ratio) {
  return `${Math.round(ratio * 1000) / 10} %`;
}

export function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}
