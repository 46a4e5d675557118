'use strict';
// The nurses' dashboard: every bed live from /api/stream, alarms by priority in sight and in sound.
// All text goes through textContent, so markup in a label or a patient name is shown, never run.

const STALE_AFTER_MS = 10000;
const BP_STALE_AFTER_MS = 30 * 60000;
/** The gateway sends a heartbeat every 2 s; two missed ones and the screen is no longer live. */
const LOST_AFTER_MS = 4500;
const REQUEST_TIMEOUT_MS = 5000;
const TREND_MS = 15 * 60000;
const PRIORITIES = ['HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'];
const ICONS = { HIGH: '▲▲▲', MEDIUM: '▲▲', LOW: '▲', INFORMATIONAL: 'ℹ' };
const TECHNICAL_ICON = '⚙';
const VITALS = [
  { key: 'SPO2', name: 'SpO₂', unit: '%', cls: 'spo2' },
  { key: 'PULSE_RATE', name: 'Pulse', unit: '/min', cls: 'pulse' },
];

const state = {
  session: null,
  beds: new Map(),
  tiles: new Map(),
  trends: new Map(),
  stream: null,
  lastEventAt: 0,
  live: false,
  detailBed: null,
  /** The gateway's clock at the heartbeat that reached this page soonest of late, and how fast it runs (faster in a simulated session). */
  clock: { at: null, heardAt: 0, scale: 1 },
  /** The last heartbeats heard, to choose the clock from. */
  beats: [],
};

/** Heartbeats kept to estimate the gateway's clock from: 8 beats of 2 s, so a clock that was set anew is followed within 16 s. */
const CLOCK_BEATS = 8;

/**
 * Takes a heartbeat's time. A beat is only ever late, by the time it spent on its way, and a late beat
 * puts the gateway's clock behind: a pause until 2:00 from now would show 2:01. So of the last beats
 * at the same pace the clock comes from the one that puts the gateway furthest ahead, as NTP keeps the
 * sample of the shortest delay.
 */
function heardBeat(beat) {
  const heard = { at: Date.parse(beat.time), heardAt: Date.now(), scale: beat.scale || 1 };
  state.beats = state.beats.filter((b) => b.scale === heard.scale).concat([heard]).slice(-CLOCK_BEATS);
  state.clock = state.beats.reduce((best, b) => (b.at - b.heardAt * b.scale > best.at - best.heardAt * best.scale ? b : best));
}

/** The gateway's time now, in ms: readings, alarms and sessions are times of its clock, not this one's. */
function gatewayNow() {
  const clock = state.clock;
  return clock.at === null ? Date.now() : clock.at + (Date.now() - clock.heardAt) * clock.scale;
}

/**
 * The in-room display of one chair: {@code /?room=bed-1}; with {@code &quiet} it is the display of a
 * quiet room (the patient is dissociated): it shows no flashing and makes no sound, the station
 * plays the chair's alarms, and an alarm the station has not acknowledged within its escalation
 * time sounds in the room as well.
 */
const PAGE = new URLSearchParams(window.location.search);
const ROOM = PAGE.get('room');
const QUIET_ROOM = ROOM !== null && PAGE.has('quiet');
if (ROOM !== null) document.body.dataset.room = ROOM;
if (QUIET_ROOM) document.body.classList.add('quiet-room');

/** What the page sounds, for people and for tests: enabled after the gate, playing what is due. */
window.vigilAudio = { enabled: false, playing: null, wanted: null };

// ---- small helpers ------------------------------------------------------------------------------

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

function age(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return s + ' s ago';
  const m = Math.round(s / 60);
  if (m < 90) return m + ' min ago';
  return Math.round(m / 60) + ' h ago';
}

function clock(ms) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
}

function round(value) {
  return value == null ? null : String(Math.round(value));
}

function may(role) {
  const order = ['viewer', 'nurse', 'admin'];
  return state.session && order.indexOf(state.session.role) >= order.indexOf(role);
}

class SignedOut extends Error {}

async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && state.session && state.session.csrfToken) headers['X-CSRF-Token'] = state.session.csrfToken;
  // A request that hangs (a gateway half stopped or half started) must fail, so the page retries.
  const response = await fetch(path, {
    method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  if (response.status === 401 && path !== '/api/login') {
    showSignIn('Your session ended: sign in again.');
    throw new SignedOut();
  }
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(answer.error || response.status + ' ' + response.statusText);
  return answer;
}

// ---- sign-in ------------------------------------------------------------------------------------

function showSignIn(message) {
  state.session = null;
  stopStream();
  document.getElementById('sign-in').hidden = false;
  document.getElementById('beds').hidden = true;
  document.getElementById('detail').hidden = true;
  document.getElementById('sign-out').hidden = true;
  document.getElementById('who').textContent = '';
  document.getElementById('sign-in-error').textContent = message || '';
  setConnection('signed-out');
  document.getElementById('username').focus();
}

function signedIn(session) {
  state.session = session;
  document.getElementById('sign-in').hidden = true;
  document.getElementById('beds').hidden = false;
  document.getElementById('sign-out').hidden = !session.csrfToken;
  document.getElementById('who').textContent = session.user + ' · ' + session.role;
  document.body.dataset.role = session.role;
  document.getElementById('enable-sound').hidden = window.vigilAudio.enabled;
  connect();
}

document.getElementById('sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const error = document.getElementById('sign-in-error');
  error.textContent = '';
  try {
    const session = await api('POST', '/api/login', {
      username: document.getElementById('username').value,
      password: document.getElementById('password').value,
    });
    document.getElementById('password').value = '';
    signedIn(session);
  } catch (e) {
    error.textContent = e.message;
  }
});

document.getElementById('sign-out').addEventListener('click', async () => {
  try {
    await api('POST', '/api/logout');
  } finally {
    showSignIn('Signed out.');
  }
});

// ---- the live stream ----------------------------------------------------------------------------

function setConnection(mode) {
  const banner = document.getElementById('connection');
  state.live = mode === 'live';
  banner.textContent = { live: 'LIVE', lost: 'CONNECTION LOST', connecting: 'connecting…', 'signed-out': 'signed out',
    moving: 'moving to the active gateway…' }[mode];
  banner.className = 'connection ' + mode;
  document.body.classList.toggle('lost', mode === 'lost');
  updateSound();
}

function stopStream() {
  if (state.stream) state.stream.close();
  state.stream = null;
}

let reconnectTimer = null;

function scheduleReconnect() {
  if (reconnectTimer || !state.session) return;
  reconnectTimer = setTimeout(() => { reconnectTimer = null; connect(); }, 1000);
}

function lost() {
  stopStream();
  lookForTheActiveGateway();
  if (!state.session) return;
  setConnection('lost');
  scheduleReconnect();
}

// ---- active/standby -----------------------------------------------------------------------------
// A pair of gateways (docs/deployment.md) serves this page from either address. While the stream is
// down the page asks every peer's /health which one is active and moves there; until one answers as
// active nobody is watching the beds, so the connection-lost banner stays.

const pair = { peers: [], looking: null, moving: false };

async function healthOf(origin) {
  const own = origin === window.location.origin;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  try {
    const response = await fetch((own ? '' : origin) + '/health', {
      mode: own ? 'same-origin' : 'cors', credentials: 'omit', cache: 'no-store', signal: controller.signal,
    });
    return response.ok ? await response.json() : null;
  } catch (e) {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

function moveTo(origin) {
  if (pair.moving) return;
  pair.moving = true;
  stopStream();
  setConnection('moving');
  window.location.assign(origin + window.location.pathname + window.location.search);
}

/** Once now and then every second while the stream is down, until a peer answers as active. */
function lookForTheActiveGateway() {
  if (pair.looking || pair.moving || pair.peers.length === 0) return;
  pair.looking = (async () => {
    try {
      for (const peer of pair.peers) {
        const origin = new URL(peer).origin;
        const health = await healthOf(origin);
        if (health && health.role === 'active') {
          if (origin !== window.location.origin) moveTo(origin);
          return;
        }
      }
    } finally {
      pair.looking = null;
    }
    if (!state.live && !pair.moving) setTimeout(lookForTheActiveGateway, 1000);
  })();
}

/** This gateway's own health: the peers of a pair, and whether this one is the standby. */
async function learnThePair() {
  const health = await healthOf(window.location.origin);
  if (!health) return;
  pair.peers = Array.isArray(health.peers) ? health.peers : [];
  if (health.role === 'standby') {
    if (health.leaseHolderUrl) moveTo(new URL(health.leaseHolderUrl).origin);
    else lookForTheActiveGateway();
  }
}

async function connect() {
  stopStream();
  try {
    await loadBeds();
  } catch (e) {
    if (!(e instanceof SignedOut)) lost();
    return;
  }
  const stream = new EventSource('/api/stream');
  state.stream = stream;
  const heard = () => { state.lastEventAt = Date.now(); if (!state.live && state.stream === stream) setConnection('live'); };
  stream.onopen = heard;
  stream.addEventListener('heartbeat', (message) => {
    heard();
    heardBeat(JSON.parse(message.data));
  });
  stream.addEventListener('reading', (message) => { heard(); onReading(JSON.parse(message.data)); });
  stream.addEventListener('device', (message) => { heard(); onDevice(JSON.parse(message.data)); });
  stream.addEventListener('alarm', (message) => { heard(); onAlarm(JSON.parse(message.data)); });
  stream.addEventListener('audio', (message) => { heard(); onAudio(JSON.parse(message.data)); });
  stream.onerror = () => { if (state.stream === stream) lost(); };
  state.lastEventAt = Date.now();
}

async function loadBeds() {
  const beds = await api('GET', '/api/beds');
  const trends = await Promise.all(beds.map((bed) =>
    api('GET', '/api/beds/' + encodeURIComponent(bed.id) + '/trends?minutes=15')));
  beds.forEach((bed, i) => {
    state.beds.set(bed.id, bed);
    state.trends.set(bed.id, trends[i]);
    render(bed);
  });
  if (state.detailBed) refreshDetail();
}

function onReading(reading) {
  const bed = state.beds.get(reading.bed);
  if (!bed) return;
  bed.vitals[reading.vital] = reading;
  if (reading.value != null) {
    const trends = state.trends.get(bed.id);
    const series = trends[reading.vital] || (trends[reading.vital] = { t: [], v: [] });
    series.t.push(Date.parse(reading.time));
    series.v.push(reading.value);
  }
}

function onDevice(event) {
  const bed = state.beds.get(event.bed);
  const device = bed && bed.devices.find((d) => d.id === event.device);
  if (device && ['CONNECTED', 'STREAMING', 'SILENT', 'DISCONNECTED'].includes(event.kind)) device.status = event.kind;
  if (bed) render(bed);
}

function onAlarm(alarm) {
  const bed = state.beds.get(alarm.bed);
  if (!bed) return;
  bed.alarms = bed.alarms.filter((a) => a.id !== alarm.id);
  if (alarm.state !== 'ENDED') bed.alarms.push(alarm);
  render(bed);
  if (state.detailBed === bed.id) loadHistory(bed.id);
}

function onAudio(audio) {
  const bed = state.beds.get(audio.bed);
  if (!bed) return;
  // The page's estimate of the gateway's clock is late by at least the fastest heartbeat's way here,
  // so the countdown is kept to what the pause had left when the gateway sent this: a 2 min pause
  // never shows 2:01.
  const until = audio.until ? Math.min(Date.parse(audio.until), gatewayNow() + (audio.remainingMillis ?? Infinity)) : null;
  bed.audio = { paused: audio.paused, until: until === null ? null : new Date(until).toISOString(), pausedBy: audio.pausedBy || null };
  render(bed);
}

// A live stream hears a heartbeat every 2 s; a stream that never opened is retried as well.
setInterval(() => {
  if ((state.live || state.stream) && Date.now() - state.lastEventAt > LOST_AFTER_MS) lost();
}, 250);

setInterval(() => {
  const now = gatewayNow();
  state.trends.forEach((trends) => Object.values(trends).forEach((series) => {
    while (series.t.length && now - series.t[0] > TREND_MS) { series.t.shift(); series.v.shift(); }
  }));
  state.beds.forEach(render);
}, 1000);

// ---- a bed's tile -------------------------------------------------------------------------------

function tileFor(bed) {
  const tile = el('section', 'bed');
  tile.dataset.bed = bed.id;
  const head = el('header', 'bed-head');
  const title = el('div', 'title');
  title.append(el('h2', 'label'), el('div', 'patient'), el('div', 'session'));
  const details = el('button', 'details', 'Details ›');
  details.type = 'button';
  details.addEventListener('click', () => openDetail(bed.id));
  head.append(title, el('div', 'news2'), details);
  const vitals = el('div', 'vitals');
  for (const vital of VITALS) {
    const box = el('div', 'vital ' + vital.cls);
    box.dataset.vital = vital.key;
    box.append(el('div', 'name', vital.name + ' ' + vital.unit), el('div', 'value', '--'), el('div', 'limits'), el('div', 'age'));
    vitals.append(box);
  }
  const bp = el('div', 'vital bp');
  bp.dataset.vital = 'BP';
  bp.append(el('div', 'name', 'NIBP mmHg'), el('div', 'value', '--/--'), el('div', 'limits'), el('div', 'age'));
  vitals.append(bp);
  const audio = el('div', 'audio');
  const pause = el('button', 'pause', 'Pause audio 2 min');
  pause.type = 'button';
  pause.addEventListener('click', () => act(bed.id, 'POST', '/api/beds/' + encodeURIComponent(bed.id) + '/audio-pause'));
  audio.append(pause, el('span', 'countdown'), el('span', 'devices'));
  tile.append(head, el('div', 'alarms'), el('div', 'notice'), vitals, el('div', 'trend'), audio);
  return tile;
}

async function act(bedId, method, path, body) {
  try {
    return await api(method, path, body);
  } catch (e) {
    if (e instanceof SignedOut) return null;
    const tile = state.tiles.get(bedId);
    if (tile) {
      const notice = tile.querySelector('.notice');
      notice.textContent = '⚠ ' + e.message;
      setTimeout(() => { notice.textContent = ''; }, 8000);
    }
    return null;
  }
}

function render(bed) {
  if (ROOM !== null && bed.id !== ROOM) return;
  let tile = state.tiles.get(bed.id);
  if (!tile) {
    tile = tileFor(bed);
    state.tiles.set(bed.id, tile);
    document.getElementById('beds').append(tile);
  }
  const now = gatewayNow();
  tile.querySelector('.label').textContent = bed.label;
  tile.querySelector('.patient').textContent = bed.patient || 'no patient admitted';
  renderSession(tile, state.sessions.get(bed.id), now);
  renderNews2(tile, bed.news2);
  for (const vital of VITALS) renderVital(tile, bed, vital.key, now);
  renderBloodPressure(tile, bed, now);
  renderAlarms(tile, bed);
  renderAudio(tile, bed, now);
  renderTrend(tile, bed);
  tile.querySelector('.devices').textContent = bed.devices.map((d) => deviceText(d)).join(' · ');
  tile.classList.toggle('device-problem', bed.devices.some((d) => d.status !== 'STREAMING' && d.status !== 'CONNECTED'));
  updateSound();
}

function deviceText(device) {
  const mark = device.status === 'STREAMING' ? '●' : device.status === 'CONNECTED' ? '○' : '✕';
  return mark + ' ' + device.id + ' ' + device.status.toLowerCase();
}

function renderNews2(tile, news2) {
  const box = tile.querySelector('.news2');
  if (news2 && news2.complete && news2.total != null) {
    box.textContent = 'NEWS2 ' + news2.total + (news2.emergency ? ' emergency' : news2.urgent ? ' urgent' : '');
    box.className = 'news2' + (news2.emergency ? ' emergency' : news2.urgent ? ' urgent' : '');
  } else {
    box.textContent = '';
    box.className = 'news2';
  }
}

function limitsText(limits) {
  if (!limits) return '';
  const low = limits.low != null ? limits.low : limits.criticalLow;
  const high = limits.high != null ? limits.high : limits.criticalHigh;
  if (low == null && high == null) return '';
  if (high == null) return 'low limit ' + round(low);
  if (low == null) return 'high limit ' + round(high);
  return 'limits ' + round(low) + '–' + round(high);
}

function renderVital(tile, bed, key, now) {
  const box = tile.querySelector(`[data-vital="${key}"]`);
  const reading = bed.vitals[key];
  const valueBox = box.querySelector('.value');
  const ageMs = reading && reading.time ? now - Date.parse(reading.time) : null;
  const stale = ageMs == null || ageMs > STALE_AFTER_MS;
  const unreliable = reading && reading.value == null;
  valueBox.textContent = !reading ? '--' : unreliable ? '?' : round(reading.value);
  box.classList.toggle('stale', !!reading && stale);
  box.classList.toggle('unreliable', !!unreliable);
  box.querySelector('.limits').textContent = limitsText(bed.limits && bed.limits[key]);
  box.querySelector('.age').textContent = unreliable ? qualityText(reading.quality)
    : reading && stale ? age(ageMs) : '';
}

function qualityText(quality) {
  const text = String(quality || 'unreliable').toLowerCase().replace(/[_\[\]]/g, ' ').trim();
  return '⚠ ' + (text || 'unreliable');
}

function renderBloodPressure(tile, bed, now) {
  const box = tile.querySelector('[data-vital="BP"]');
  const sys = bed.vitals.BP_SYS;
  const dia = bed.vitals.BP_DIA;
  const valueBox = box.querySelector('.value');
  if (!sys || !dia) {
    valueBox.textContent = '--/--';
    box.querySelector('.age').textContent = 'no measurement';
    box.classList.add('stale');
  } else {
    const unreliable = sys.value == null || dia.value == null;
    valueBox.textContent = unreliable ? '?/?' : round(sys.value) + '/' + round(dia.value);
    const ageMs = now - Date.parse(sys.time);
    box.querySelector('.age').textContent = unreliable ? qualityText(sys.quality) : age(ageMs);
    box.classList.toggle('stale', ageMs > BP_STALE_AFTER_MS);
    box.classList.toggle('unreliable', unreliable);
  }
  const l = bed.limits || {};
  box.querySelector('.limits').textContent = l.BP_SYS && (l.BP_SYS.high != null || l.BP_SYS.criticalHigh != null)
    ? 'limits ' + round(l.BP_SYS.high != null ? l.BP_SYS.high : l.BP_SYS.criticalHigh)
      + (l.BP_DIA && l.BP_DIA.high != null ? '/' + round(l.BP_DIA.high) : '') : '';
}

function sortedAlarms(bed) {
  const unacknowledged = (a) => (a.state === 'ACKNOWLEDGED' ? 1 : 0);
  return [...bed.alarms].sort((a, b) => unacknowledged(a) - unacknowledged(b)
    || PRIORITIES.indexOf(a.priority) - PRIORITIES.indexOf(b.priority)
    || String(a.raisedAt).localeCompare(String(b.raisedAt)));
}

function renderAlarms(tile, bed) {
  const box = tile.querySelector('.alarms');
  const alarms = sortedAlarms(bed);
  const key = JSON.stringify(alarms.map((a) => [a.id, a.state, a.priority, a.message, a.acknowledgedBy, a.audible]))
    + (state.session && state.session.role);
  const top = alarms.find((a) => a.state !== 'ACKNOWLEDGED');
  tile.dataset.alarm = top ? (top.category === 'TECHNICAL' ? 'technical-' : '') + top.priority.toLowerCase() : 'none';
  if (box.dataset.key === key) return;
  box.dataset.key = key;
  box.replaceChildren();
  for (const alarm of alarms) {
    const technical = alarm.category === 'TECHNICAL';
    const row = el('div', 'alarm');
    row.dataset.alarm = alarm.id;
    row.dataset.priority = alarm.priority.toLowerCase();
    row.dataset.category = alarm.category.toLowerCase();
    row.dataset.state = alarm.state.toLowerCase();
    row.append(
      el('span', 'icon', technical ? TECHNICAL_ICON : ICONS[alarm.priority] || '!'),
      el('span', 'priority', (technical ? 'TECHNICAL ' : '') + alarm.priority),
      el('span', 'message', alarm.message));
    if (alarm.state === 'ACKNOWLEDGED') {
      row.append(el('span', 'acknowledged', '✓ acknowledged' + (alarm.acknowledgedBy ? ' by ' + alarm.acknowledgedBy : '')));
    } else if (may('nurse')) {
      const ack = el('button', 'ack', '✓ Acknowledge');
      ack.type = 'button';
      ack.addEventListener('click', () => act(bed.id, 'POST', '/api/alarms/' + alarm.id.split('/').map(encodeURIComponent).join('/') + '/ack'));
      row.append(ack);
    }
    box.append(row);
  }
}

function renderAudio(tile, bed, now) {
  const audio = bed.audio || {};
  const until = audio.until ? Date.parse(audio.until) : 0;
  const paused = audio.paused && until > now;
  const countdown = tile.querySelector('.countdown');
  countdown.textContent = paused ? '✕♪ Audio paused ' + clock(until - now) + (audio.pausedBy ? ' by ' + audio.pausedBy : '') : '';
  tile.classList.toggle('paused', paused);
  const button = tile.querySelector('.pause');
  button.hidden = !may('nurse');
  button.disabled = paused;
}

// ---- trend lines (uPlot, from its WebJar) -------------------------------------------------------

function seriesData(trends, keys) {
  const times = new Set();
  keys.forEach((key) => trends[key] && trends[key].t.forEach((t) => times.add(t)));
  const sorted = [...times].sort((a, b) => a - b);
  const data = [sorted.map((t) => t / 1000)];
  for (const key of keys) {
    const byTime = new Map();
    if (trends[key]) trends[key].t.forEach((t, i) => byTime.set(t, trends[key].v[i]));
    data.push(sorted.map((t) => (byTime.has(t) ? byTime.get(t) : null)));
  }
  return data;
}

function renderTrend(tile, bed) {
  if (typeof uPlot === 'undefined') return;
  const box = tile.querySelector('.trend');
  const data = seriesData(state.trends.get(bed.id) || {}, ['SPO2', 'PULSE_RATE']);
  const width = Math.max(200, box.clientWidth || 300);
  if (!box.plot || box.plotWidth !== width) {
    if (box.plot) box.plot.destroy();
    box.plotWidth = width;
    box.plot = new uPlot({
      width, height: 40, legend: { show: false }, cursor: { show: false }, select: { show: false },
      axes: [{ show: false }, { show: false, scale: 'spo2' }, { show: false, scale: 'pulse' }],
      scales: { x: { time: true }, spo2: { range: [70, 100] }, pulse: { range: [30, 160] } },
      series: [{}, { scale: 'spo2', stroke: '#4dd0e1', width: 2, spanGaps: true, points: { show: false } },
        { scale: 'pulse', stroke: '#81c784', width: 2, spanGaps: true, points: { show: false } }],
    }, data, box);
  } else {
    box.plot.setData(data);
  }
}

// ---- sound (Web Audio) --------------------------------------------------------------------------

/**
 * Patterns after IEC 60601-1-8: high priority ten pulses (3 + 2, pause, 3 + 2), medium three,
 * low two, repeated. A technical alarm follows the same priority coding: a lost connection is a
 * medium-priority technical alarm, three pulses every 8 s (never more insistent than a high
 * alarm's 6 s), on its own lower two-note pitch so that it is told apart.
 */
const PATTERNS = window.vigilPatterns = {
  high: { pitch: 880, pulses: [0, 0.25, 0.5, 1.0, 1.25, 2.25, 2.5, 2.75, 3.25, 3.5], every: 6 },
  medium: { pitch: 660, pulses: [0, 0.3, 0.6], every: 8 },
  low: { pitch: 520, pulses: [0, 0.4], every: 16 },
  technical: { pitch: 440, pulses: [0, 0.3, 0.6], every: 8, second: 330 },
};

let audioContext = null;
let nextBurstAt = 0;

document.getElementById('enable-sound').addEventListener('click', async () => {
  audioContext = audioContext || new AudioContext();
  await audioContext.resume();
  window.vigilAudio.enabled = true;
  document.getElementById('enable-sound').hidden = true;
  nextBurstAt = 0;
  updateSound();
});

function wantedSound() {
  if (!state.session) return null;
  if (document.getElementById('connection').classList.contains('lost')) return QUIET_ROOM ? null : 'technical';
  const now = gatewayNow();
  let best = null;
  state.beds.forEach((bed) => {
    if (ROOM !== null && bed.id !== ROOM) return;
    const paused = bed.audio && bed.audio.paused && bed.audio.until && Date.parse(bed.audio.until) > now;
    if (paused) return;
    for (const alarm of bed.alarms) {
      if (!alarm.audible || alarm.state === 'ACKNOWLEDGED' || alarm.priority === 'INFORMATIONAL') continue;
      if (QUIET_ROOM && !alarm.escalated) continue;
      const priority = alarm.priority.toLowerCase();
      if (best === null || PRIORITIES.indexOf(alarm.priority) < PRIORITIES.indexOf(best.toUpperCase())) best = priority;
    }
  });
  return best;
}

function updateSound() {
  const wanted = wantedSound();
  const audio = window.vigilAudio;
  if (audio.wanted !== wanted) nextBurstAt = 0;
  audio.wanted = wanted;
  audio.playing = audio.enabled ? wanted : null;
  document.body.dataset.audio = audio.playing || (audio.enabled ? 'quiet' : 'off');
  const label = document.getElementById('sound-state');
  label.hidden = !audio.enabled;
  label.textContent = audio.playing ? '♪ sounding: ' + audio.playing : '♪ sound on';
}

function beep(at, pitch, length) {
  const oscillator = audioContext.createOscillator();
  const gain = audioContext.createGain();
  oscillator.type = 'square';
  oscillator.frequency.value = pitch;
  gain.gain.setValueAtTime(0.0001, at);
  gain.gain.exponentialRampToValueAtTime(0.2, at + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, at + length);
  oscillator.connect(gain).connect(audioContext.destination);
  oscillator.start(at);
  oscillator.stop(at + length + 0.05);
}

setInterval(() => {
  const playing = window.vigilAudio.playing;
  if (!audioContext || !playing) return;
  const now = audioContext.currentTime;
  if (now < nextBurstAt) return;
  const pattern = PATTERNS[playing];
  pattern.pulses.forEach((offset, i) => beep(now + offset, pattern.second && i % 2 ? pattern.second : pattern.pitch, 0.15));
  nextBurstAt = now + pattern.every;
}, 200);

// ---- the bed detail view ------------------------------------------------------------------------

// ---- sessions -----------------------------------------------------------------------------------

state.sessions = new Map();
state.pastSessions = new Map();

/** The open session of each bed, and its past ones, from the gateway (every 5 s, and after each action). */
async function loadSessions() {
  if (!state.session) return;
  const since = new Date(gatewayNow() - 24 * 3600000).toISOString();
  for (const bedId of state.beds.keys()) {
    try {
      const sessions = await api('GET', '/api/beds/' + encodeURIComponent(bedId) + '/sessions?since=' + encodeURIComponent(since));
      const open = sessions.filter((s) => !s.signOff);
      if (open.length) state.sessions.set(bedId, open[open.length - 1]); else state.sessions.delete(bedId);
      state.pastSessions.set(bedId, sessions.filter((s) => s.signOff));
    } catch (e) {
      if (e instanceof SignedOut) return;
    }
  }
  if (state.detailBed) renderSessionPanel();
}
setInterval(loadSessions, 5000);

function renderSession(tile, session, now) {
  const line = tile.querySelector('.session');
  if (!session) { line.textContent = ''; return; }
  const parts = [session.phase.toLowerCase().replace('_', ' ')];
  const dose = session.doses.length ? Date.parse(session.doses[0].time) : null;
  if (dose !== null) parts.push(Math.max(0, Math.floor((now - dose) / 60000)) + ' min since dose');
  if (session.nextBpDue) {
    const left = Math.max(0, Math.round((Date.parse(session.nextBpDue) - now) / 1000));
    parts.push('BP due in ' + Math.floor(left / 60) + ':' + String(left % 60).padStart(2, '0'));
  }
  const due = (session.bpSchedule || []).filter((r) => r.status === 'DUE' || r.status === 'MISSED');
  if (due.length) parts.push('BP ' + due[due.length - 1].label + ' ' + due[due.length - 1].status.toLowerCase());
  if (session.readiness) {
    const met = session.readiness.criteria.filter((c) => c.met).length;
    parts.push(session.readiness.met ? 'ready ✓' : 'readiness ' + met + '/' + session.readiness.criteria.length);
  }
  line.textContent = parts.join(' · ');
  tile.dataset.phase = session.phase;
}

function renderSessionPanel() {
  const bedId = state.detailBed;
  const session = state.sessions.get(bedId);
  const nurse = may('nurse');
  document.getElementById('session-state').textContent = session
    ? 'Session ' + session.phase.toLowerCase().replace('_', ' ') + (session.preDoseGate && session.preDoseGate.withholdRecommended
      ? ' · withholding the dose is recommended: ' + session.preDoseGate.reasons.join('; ') : '')
    : 'No session.';
  document.getElementById('checkin-form').hidden = !nurse || !!session;
  document.getElementById('dose-form').hidden = !nurse || !session || session.doses.length > 0;
  document.getElementById('assessment-form').hidden = !nurse || !session;
  document.getElementById('signoff-form').hidden = !nurse || !session;
  const readiness = document.getElementById('readiness');
  readiness.replaceChildren();
  if (session && session.readiness) {
    for (const c of session.readiness.criteria) {
      const item = el('li', c.met ? 'met' : 'unmet', (c.met ? '✓ ' : '✗ ') + c.id.replaceAll('-', ' ') + ': ' + c.detail);
      item.dataset.criterion = c.id;
      readiness.append(item);
    }
    if (session.readyAt) readiness.append(el('li', 'met', 'ready at ' + new Date(session.readyAt).toLocaleTimeString()));
  }
  const past = document.getElementById('past-sessions');
  past.replaceChildren();
  for (const s of (state.pastSessions.get(bedId) || []).slice().reverse()) {
    const item = el('li');
    const link = el('a', 'report', (s.patient.given ? s.patient.given + ' ' : '') + s.patient.family + ', '
      + new Date(s.checkedInAt).toLocaleString() + ' · report (PDF)');
    link.href = '/api/sessions/' + encodeURIComponent(s.id) + '/report.pdf';
    link.target = '_blank';
    item.append(link);
    past.append(item);
  }
}

async function sessionAction(path, body, done, form) {
  const message = document.getElementById('detail-message');
  try {
    await api('POST', path, body);
    message.textContent = '✓ ' + done;
    if (form) form.reset();
    await loadBeds();
    await loadSessions();
  } catch (e) {
    if (!(e instanceof SignedOut)) message.textContent = '⚠ ' + e.message;
  }
}

function openSession() {
  return state.sessions.get(state.detailBed);
}

document.getElementById('checkin-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const body = { family: form.get('family'), identifier: form.get('identifier') };
  if (form.get('given')) body.given = form.get('given');
  if (form.get('birthDate')) body.birthDate = form.get('birthDate');
  if (form.get('sex')) body.sex = form.get('sex');
  if (form.get('firstTreatment')) body.firstTreatment = form.get('firstTreatment') === 'true';
  if (form.get('concomitantRecorded') || form.getAll('concomitant').length) body.concomitant = form.getAll('concomitant');
  sessionAction('/api/beds/' + encodeURIComponent(state.detailBed) + '/sessions', body, 'patient checked in', event.target);
});
document.getElementById('dose-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const body = { drug: form.get('drug'), route: form.get('route'), doseMg: Number(form.get('doseMg')), lot: form.get('lot') };
  if (form.get('vitalsAcceptable')) body.vitalsAcceptable = form.get('vitalsAcceptable') === 'true';
  sessionAction('/api/sessions/' + encodeURIComponent(openSession().id) + '/dose', body, 'dose recorded');
});
document.getElementById('assessment-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const body = { sedation: Number(form.get('sedation')), dissociation: form.get('dissociation'),
    respiratoryDepression: form.get('respiratoryDepression') === 'on' };
  if (form.get('note')) body.note = form.get('note');
  sessionAction('/api/sessions/' + encodeURIComponent(openSession().id) + '/assessments', body, 'assessment recorded', event.target);
});
document.getElementById('signoff-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const body = form.get('overrideReason') ? { overrideReason: form.get('overrideReason') } : {};
  sessionAction('/api/sessions/' + encodeURIComponent(openSession().id) + '/sign-off', body, 'session signed off', event.target);
});

function openDetail(bedId) {
  state.detailBed = bedId;
  document.getElementById('detail').hidden = false;
  document.getElementById('detail-message').textContent = '';
  refreshDetail();
}

document.getElementById('detail-close').addEventListener('click', () => {
  state.detailBed = null;
  document.getElementById('detail').hidden = true;
});

async function refreshDetail() {
  const bed = state.beds.get(state.detailBed);
  if (!bed) return;
  document.getElementById('detail-title').textContent = bed.label;
  document.getElementById('detail-patient').textContent = bed.patient || 'No patient admitted.';
  const nurse = may('nurse');
  document.getElementById('admit-form').hidden = !nurse || !!bed.patient;
  document.getElementById('discharge').hidden = !nurse || !bed.patient;
  document.getElementById('measure-bp').hidden = !nurse;
  renderSessionPanel();
  try {
    const [trends, limits] = await Promise.all([
      api('GET', '/api/beds/' + encodeURIComponent(bed.id) + '/trends?minutes=720'),
      api('GET', '/api/beds/' + encodeURIComponent(bed.id) + '/limits')]);
    renderDetailTrend(trends);
    renderLimits(bed.id, limits);
    await loadHistory(bed.id);
  } catch (e) {
    if (!(e instanceof SignedOut)) document.getElementById('detail-message').textContent = '⚠ ' + e.message;
  }
}

let detailPlot = null;

function renderDetailTrend(trends) {
  const box = document.getElementById('detail-trend');
  if (detailPlot) detailPlot.destroy();
  box.replaceChildren();
  if (typeof uPlot === 'undefined') return;
  const keys = ['SPO2', 'PULSE_RATE', 'BP_SYS', 'BP_DIA'];
  detailPlot = new uPlot({
    width: Math.max(300, box.clientWidth || 600), height: 260,
    scales: { x: { time: true } },
    series: [{}, { label: 'SpO₂ %', stroke: '#4dd0e1', width: 2, spanGaps: true },
      { label: 'Pulse /min', stroke: '#81c784', width: 2, spanGaps: true },
      { label: 'Systolic', stroke: '#ef9a9a', width: 2, spanGaps: true },
      { label: 'Diastolic', stroke: '#f48fb1', width: 2, spanGaps: true }],
    axes: [{ stroke: '#ccc' }, { stroke: '#ccc' }],
  }, seriesData(trends, keys), box);
}

async function loadHistory(bedId) {
  const entries = await api('GET', '/api/alarms?bed=' + encodeURIComponent(bedId) + '&limit=100');
  const body = document.getElementById('detail-history');
  body.replaceChildren();
  for (const entry of entries) {
    const row = el('tr');
    row.dataset.priority = String(entry.priority).toLowerCase();
    row.append(el('td', null, new Date(entry.changedAt || entry.raisedAt).toLocaleTimeString()),
      el('td', null, (entry.category === 'TECHNICAL' ? 'technical ' : '') + String(entry.priority).toLowerCase()),
      el('td', null, String(entry.transition || entry.state).toLowerCase().replace('_', ' ')),
      el('td', null, entry.message),
      el('td', null, entry.user || entry.acknowledgedBy || ''));
    body.append(row);
  }
}

function renderLimits(bedId, limits) {
  const body = document.getElementById('detail-limits');
  body.replaceChildren();
  const admin = may('admin');
  for (const rule of limits) {
    const row = el('tr');
    row.dataset.rule = rule.rule;
    row.append(el('td', null, rule.name || rule.rule), el('td', null, rule.priority.toLowerCase()));
    const cell = el('td');
    if (rule.thresholds.length === 1) {
      const threshold = rule.thresholds[0];
      cell.append(el('span', null, threshold.comparison + ' '));
      if (admin) {
        const input = el('input');
        input.type = 'number';
        input.step = 'any';
        input.value = threshold.limit;
        input.setAttribute('aria-label', 'limit of ' + (rule.name || rule.rule));
        input.addEventListener('change', async () => {
          const changed = await act(bedId, 'PUT', '/api/beds/' + encodeURIComponent(bedId) + '/limits',
            { rule: rule.rule, limit: Number(input.value) });
          document.getElementById('detail-message').textContent = changed ? '✓ limit saved' : '⚠ limit not saved';
          if (changed) renderLimits(bedId, changed);
        });
        cell.append(input);
      } else {
        cell.append(el('span', null, String(threshold.limit)));
      }
    } else {
      cell.textContent = rule.thresholds.map((t) => t.vital + ' ' + t.comparison + ' ' + t.limit).join(' or ');
    }
    row.append(cell);
    body.append(row);
  }
}

async function detailAction(method, suffix, body, done) {
  const message = document.getElementById('detail-message');
  try {
    await api(method, '/api/beds/' + encodeURIComponent(state.detailBed) + suffix, body);
    message.textContent = '✓ ' + done;
    await loadBeds();
  } catch (e) {
    if (!(e instanceof SignedOut)) message.textContent = '⚠ ' + e.message;
  }
}

document.getElementById('admit-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const body = { family: form.get('family'), identifier: form.get('identifier') };
  if (form.get('given')) body.given = form.get('given');
  if (form.get('birthDate')) body.birthDate = form.get('birthDate');
  detailAction('POST', '/admit', body, 'patient admitted').then(() => event.target.reset());
});
document.getElementById('discharge').addEventListener('click', () => detailAction('POST', '/discharge', undefined, 'patient discharged'));
document.getElementById('measure-bp').addEventListener('click', () => detailAction('POST', '/bp', undefined, 'measurement started'));

// ---- start --------------------------------------------------------------------------------------

(async () => {
  setConnection('connecting');
  await learnThePair();
  if (pair.moving) return;
  try {
    const response = await fetch('/api/session', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (response.status === 401) {
      showSignIn();
    } else if (response.ok) {
      signedIn(await response.json());
    } else {
      lost();
    }
  } catch (e) {
    showSignIn('The gateway cannot be reached.');
  }
})();
